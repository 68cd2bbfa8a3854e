/**
 * @module domain/context
 * What every check of a domain diagnosis shares: the domain, the options, the DNS session
 * (cache, limiter, transcript) and the injectable network pieces (SMTP probe, HTTPS fetch),
 * so unit tests run the checks against a fake zone without sockets.
 */
import { createFinding, type Evidence, type Finding } from '../core/finding.js';
import type { Stage } from '../core/stage.js';
import type { Transcript } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';
import type { DnsSession } from '../dns/session.js';
import type { Severity } from '../catalog/index.js';
import type { fetchBounded } from '../account/http-fetch.js';
import type { MxProber } from './mx-probe.js';

export type HttpsFetch = typeof fetchBounded;

export interface DomainCheckOptions {
  /** sending address to evaluate SPF for and look up on blocklists */
  ip?: string | undefined;
  /** DKIM selectors to check (in addition to the probe of common names) */
  dkimSelectors?: string[] | undefined;
  /** probe common DKIM selector names (default true) */
  probeDkimSelectors?: boolean | undefined;
  /** blocklist zones; empty: no reputation check */
  dnsbl: string[];
  /** connect to the MX hosts (SMTP) and to the hosts named by client-settings SRV records */
  smtp: boolean;
  smtpPort: number;
  httpsPort: number;
  /** extra trusted CA (PEM) for the MX certificates and HTTPS fetches */
  ca?: string | undefined;
  /** limit of each network step (a DNS query, an SMTP step, an HTTPS fetch) */
  timeoutMs: number;
  ehloName?: string | undefined;
  /** most MX hosts to check (default 10) */
  maxMx?: number | undefined;
}

export interface DomainCheckDeps {
  /** the DNS client used for everything (its server and timeout) */
  dns: DnsClient;
  /** replaces the DNS client as the source of answers (unit tests) */
  backend?: import('../dns/session.js').QueryBackend | undefined;
  cache?: import('../dns/session.js').DnsCache | undefined;
  limiter?: import('../dns/limit.js').Limiter | undefined;
  probeMx?: MxProber | undefined;
  /** HTTPS client for MTA-STS policies (default: account/http-fetch fetchBounded) */
  fetchHttps?: HttpsFetch | undefined;
}

export interface CheckContext {
  domain: string;
  opts: DomainCheckOptions;
  deps: DomainCheckDeps;
  session: DnsSession;
  transcript: Transcript;
}

export interface FindingSpec {
  summary?: string | undefined;
  severity?: Severity | undefined;
  slots?: Record<string, string | number | undefined | null>;
  evidence?: Evidence[];
  attempt?: string | undefined;
  confidence?: Finding['confidence'];
}

/** createFinding with the domain slot filled in. */
export function finding(ctx: CheckContext, cause: string, stage: Stage, spec: FindingSpec = {}): Finding {
  const init: Parameters<typeof createFinding>[1] = {
    stage,
    slots: { domain: ctx.domain, ...spec.slots },
    evidence: spec.evidence ?? [],
  };
  if (spec.summary) init.summary = spec.summary;
  if (spec.severity) init.severity = spec.severity;
  if (spec.attempt) init.attempt = spec.attempt;
  if (spec.confidence) init.confidence = spec.confidence;
  return createFinding(cause, init);
}

/** A dns-failure finding for a failed lookup. */
export function dnsFailure(
  ctx: CheckContext,
  stage: Stage,
  res: { name: string; type: string; code: string; message?: string },
  severity: Severity = 'error',
  evidence: Evidence[] = [],
): Finding {
  return finding(ctx, 'dns-failure', stage, {
    severity,
    slots: { name: `${res.name} ${res.type}`, detail: res.code },
    summary: `DNS lookup of ${res.name} ${res.type} failed: ${res.code}`,
    evidence: evidence.length ? evidence : [{ kind: 'dns', excerpt: `${res.name} ${res.type}: ${res.code}${res.message ? ` (${res.message})` : ''}`, source: `${res.name} ${res.type}` }],
  });
}
