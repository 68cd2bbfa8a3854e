/**
 * @module probes/pop3/probe
 * `probePop3`: the POP3 diagnosis. Discovery with --security auto and no port tries 995
 * implicit TLS, then 110 with STLS; the first setting that works is the recommendation.
 */
import { buildReport, type Report } from '../../core/report.js';
import { Transcript } from '../../core/transcript.js';
import { DnsClient } from '../../dns/client.js';
import { checkCredentials } from '../incoming/credentials.js';
import { combineAttempts, planAttempts, retryAfterMixUp, summarizeAttempt, worthTryingNext, type AttemptOutcome } from '../incoming/discover.js';
import { runPop3Attempt } from './session.js';
import type { Pop3Facts, Pop3ProbeOptions } from './types.js';

export const POP3_PORTS = { tls: 995, plain: 110 } as const;

export async function probePop3(opts: Pop3ProbeOptions): Promise<Report<Pop3Facts>> {
  checkCredentials(opts);
  const startedAt = new Date();
  const transcript = opts.transcript ?? new Transcript();
  transcript.redactor.addSecret(opts.password);
  const dns = opts.dns ?? new DnsClient({ timeoutMs: opts.timeoutMs });
  const plan = planAttempts(opts, opts.discoveryPorts ?? POP3_PORTS);
  // attempts are labelled whenever discovery may try more than one setting
  const labelled = plan.length > 1 || opts.security === 'auto';
  const outcomes: AttemptOutcome<Pop3Facts>[] = [];
  for (const p of plan) {
    if (labelled) transcript.add('note', `trying port ${p.port} with ${p.security === 'tls' ? 'implicit TLS' : p.security === 'starttls' ? 'STLS' : 'no encryption'}`);
    const o = await runPop3Attempt({ plan: p, opts, transcript, dns, labelled });
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
    const mechs = [...(facts.userCommand !== false ? ['USER'] : []), ...facts.saslMechanisms, ...(facts.greeting?.apop ? ['APOP'] : [])];
    facts.settings = { host: opts.host, port: chosen.plan.port, security: chosen.plan.security, authMechanisms: mechs };
  }
  return buildReport({
    kind: 'pop3',
    target: { host: opts.host, port: chosen.plan.port, security: chosen.plan.security, requestedSecurity: opts.security, user: opts.user ?? null },
    startedAt,
    findings,
    facts,
    transcript,
    healthySummary: healthySummary(facts),
  });
}

export function healthySummary(f: Pop3Facts): string {
  const sec = f.security === 'tls' ? 'implicit TLS' : f.security === 'starttls' ? 'STLS' : 'no encryption';
  const parts = [`POP3 works on port ${f.port} with ${sec}`];
  parts.push(f.authenticated ? `login OK (${f.loginMethod ?? 'login'})` : 'login not tested');
  if (f.mailbox) parts.push(`${f.mailbox.messages} messages (${f.mailbox.octets} bytes) in the maildrop`);
  return parts.join('; ');
}
