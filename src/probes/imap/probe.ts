/**
 * @module probes/imap/probe
 * `probeImap`: the IMAP diagnosis. Plans the settings to try (discovery with --security
 * auto and no port: 993 implicit TLS, then 143 STARTTLS), runs them one after the other
 * until one works or the failure is not about the transport, and builds the report.
 */
import { buildReport, type Report } from '../../core/report.js';
import { Transcript } from '../../core/transcript.js';
import { DnsClient } from '../../dns/client.js';
import { checkCredentials } from '../incoming/credentials.js';
import { combineAttempts, planAttempts, retryAfterMixUp, summarizeAttempt, worthTryingNext, type AttemptOutcome } from '../incoming/discover.js';
import { runImapAttempt } from './session.js';
import type { ImapFacts, ImapProbeOptions } from './types.js';

export const IMAP_PORTS = { tls: 993, plain: 143 } as const;

export async function probeImap(opts: ImapProbeOptions): Promise<Report<ImapFacts>> {
  checkCredentials(opts);
  const startedAt = new Date();
  const transcript = opts.transcript ?? new Transcript();
  transcript.redactor.addSecret(opts.password);
  const dns = opts.dns ?? new DnsClient({ timeoutMs: opts.timeoutMs });
  const plan = planAttempts(opts, opts.discoveryPorts ?? IMAP_PORTS);
  // attempts are labelled whenever discovery may try more than one setting
  const labelled = plan.length > 1 || opts.security === 'auto';
  const outcomes: AttemptOutcome<ImapFacts>[] = [];
  for (const p of plan) {
    if (labelled) transcript.add('note', `trying port ${p.port} with ${p.security === 'tls' ? 'implicit TLS' : p.security === 'starttls' ? 'STARTTLS' : 'no encryption'}`);
    const o = await runImapAttempt({ plan: p, opts, transcript, dns, labelled });
    outcomes.push(o);
    const retry = retryAfterMixUp(o, opts, plan);
    if (retry) {
      plan.push(retry);
      continue;
    }
    if (!worthTryingNext(o)) break;
  }
  const { chosen, findings } = combineAttempts(outcomes);
  const facts = chosen.facts;
  facts.attempts = outcomes.map(summarizeAttempt);
  const works = !findings.some((f) => f.severity === 'error' || f.severity === 'critical');
  if (chosen.transportOk && (works || chosen.plan.security !== 'none')) {
    facts.settings = { host: opts.host, port: chosen.plan.port, security: chosen.plan.security, authMechanisms: facts.authMechanisms };
  }
  return buildReport({
    kind: 'imap',
    target: { host: opts.host, port: chosen.plan.port, security: chosen.plan.security, requestedSecurity: opts.security, user: opts.user ?? null },
    startedAt,
    findings,
    facts,
    transcript,
    healthySummary: healthySummary(facts),
  });
}

function securityLabel(s: string): string {
  return s === 'tls' ? 'implicit TLS' : s === 'starttls' ? 'STARTTLS' : 'no encryption';
}

export function healthySummary(f: ImapFacts): string {
  const parts = [`IMAP works on port ${f.port} with ${securityLabel(f.security)}`];
  if (f.authenticated) parts.push(`login OK (${f.loginMethod ?? 'login'})`);
  else parts.push('login not tested');
  if (f.inbox) parts.push(`INBOX ${f.inbox.exists ?? '?'} messages, ${f.inbox.unseen ?? '?'} unseen`);
  if (f.folders) parts.push(`${f.folders.length} folders`);
  return parts.join('; ');
}
