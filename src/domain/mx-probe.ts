/**
 * @module domain/mx-probe
 * Probes one address of an MX host the way a sending MTA meets it: port 25 (--smtp-port),
 * banner, EHLO, STARTTLS when offered, the certificate checked against the MX name, QUIT.
 * This is the SMTP probe (probes/smtp, mode 'mx') behind a small adapter so the domain check
 * can run without sockets in unit tests, plus the MX-specific reading of its findings:
 *  - findings speak of the MX name (the probe connected to the address);
 *  - "no STARTTLS" is starttls-not-offered, not the submission wording tls-not-used;
 *  - TLS and certificate problems are warnings (sending MTAs deliver without verifying
 *    by default), errors when the domain publishes an MTA-STS policy in enforce mode.
 */
import { createFinding, type Finding } from '../core/finding.js';
import type { Severity } from '../catalog/index.js';
import type { Transcript } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';

export interface MxProbeInput {
  mxHost: string;
  address: string;
  port: number;
  timeoutMs: number;
  ca?: string | undefined;
  ehloName?: string | undefined;
  transcript: Transcript;
  dns: DnsClient;
}

/** What the domain report keeps of one probe (facts.mx.hosts[].addresses[].smtp). */
export interface MxSmtpFacts {
  /** the probe reached EHLO (connected and greeted) */
  reachable: boolean;
  ok: boolean;
  stage: string | null;
  cause: string | null;
  summary: string;
  banner: string | null;
  /** EHLO keywords (after TLS when TLS was used) */
  ehlo: string[];
  starttls: boolean | null;
  tls: {
    protocol: string | null;
    cipher: string | null;
    valid: boolean;
    verifyError: string | null;
    hostnameMatches: boolean;
    subject: string | null;
    issuer: string | null;
    validTo: string | null;
    daysUntilExpiry: number | null;
  } | null;
}

export interface MxProbeResult {
  facts: MxSmtpFacts;
  findings: Finding[];
}

export type MxProber = (input: MxProbeInput) => Promise<MxProbeResult>;

/** Stages that, when the probe failed there, mean the host did not answer on the SMTP port. */
const UNREACHED_STAGES = new Set(['resolve', 'connect', 'greeting']);
/** Causes of a failed greeting that still prove a live SMTP server (it answered, with a refusal). */
const ANSWERED_CAUSES = new Set(['service-unavailable', 'too-many-connections', 'client-blocked', 'rate-limited', 'smtp-temporary-failure', 'unexpected-reply']);

/** The default prober: the SMTP probe in mx mode. */
export const probeMxWithSmtp: MxProber = async (i) => {
  const { probeSmtp } = await import('../probes/smtp/index.js');
  const report = await probeSmtp({
    host: i.address,
    port: i.port,
    security: 'auto',
    mode: 'mx',
    timeoutMs: i.timeoutMs,
    ca: i.ca,
    tlsName: i.mxHost,
    ehloName: i.ehloName,
    dns: i.dns,
    transcript: i.transcript,
  });
  const f = report.facts;
  const caps = f.ehloAfterTls ?? f.ehloBeforeTls;
  const leaf = f.tls?.chain[0];
  const reachable = !(report.stage && UNREACHED_STAGES.has(report.stage) && !ANSWERED_CAUSES.has(report.cause ?? ''));
  const facts: MxSmtpFacts = {
    reachable,
    ok: report.ok,
    stage: report.stage,
    cause: report.cause,
    summary: report.summary,
    banner: f.banner,
    ehlo: caps?.keywords ?? [],
    starttls: f.ehloBeforeTls ? f.ehloBeforeTls.starttls : f.security === 'tls' ? true : null,
    tls: f.tls
      ? {
          protocol: f.tls.protocol,
          cipher: f.tls.cipher,
          valid: f.tls.valid,
          verifyError: f.tls.verifyError,
          hostnameMatches: f.tls.hostnameMatches,
          subject: leaf?.subject ?? null,
          issuer: leaf?.issuer ?? null,
          validTo: leaf?.validTo ?? null,
          daysUntilExpiry: f.tls.daysUntilExpiry,
        }
      : null,
  };
  return { facts, findings: report.findings };
};

const TLS_CAUSES = new Set([
  'starttls-not-offered',
  'starttls-refused',
  'tls-handshake-failed',
  'tls-version-mismatch',
  'cert-expired',
  'cert-not-yet-valid',
  'cert-self-signed',
  'cert-untrusted',
  'cert-chain-incomplete',
  'cert-hostname-mismatch',
]);

/**
 * Re-reads the probe's findings for an MX: MX name in the texts, attempt label
 * "<mx> <address>", starttls-not-offered for a plain-text session, and TLS severities by
 * MTA-STS mode (enforce: error; otherwise warning).
 */
export function mxFindings(
  findings: Finding[],
  o: { mxHost: string; address: string; port: number; stsMode: 'enforce' | 'testing' | 'none' | null; starttls: boolean | null; ehlo?: string[] },
): Finding[] {
  const attempt = `${o.mxHost} ${o.address}`;
  const out: Finding[] = [];
  for (const f of findings) {
    let cause = f.cause;
    if (cause === 'tls-not-used' && o.starttls === false) cause = 'starttls-not-offered';
    if (cause === 'tls-not-used') continue; // plain text after a failed STARTTLS: the failure itself is reported
    let severity: Severity = f.severity;
    if (TLS_CAUSES.has(cause)) severity = o.stsMode === 'enforce' ? 'error' : 'warning';
    const slots = { ...f.slots, host: o.mxHost, address: o.address, port: String(o.port), name: cause.startsWith('cert-') ? o.mxHost : f.slots.name };
    const evidence = f.evidence.length
      ? f.evidence
      : [{ kind: 'transcript' as const, excerpt: `EHLO reply of ${o.mxHost} (${o.address}:${o.port}): ${(o.ehlo ?? []).join(', ') || '(no extensions)'}${cause === 'starttls-not-offered' ? ' - no STARTTLS' : ''}` }];
    const rebuilt = createFinding(cause, { stage: f.stage, severity, slots, evidence, attempt });
    // keep a summary the probe wrote for this occurrence, with the address replaced by the MX name
    if (f.summary !== f.title && cause === f.cause) rebuilt.summary = f.summary.split(o.address).join(o.mxHost);
    if (f.confidence) rebuilt.confidence = f.confidence;
    out.push(rebuilt);
  }
  return out;
}
