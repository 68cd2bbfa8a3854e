/**
 * @module probes/smtp/discover
 * Settings discovery: which port and security to use. With --security auto and no port it
 * tries what a mail client's account set-up does: 587 STARTTLS, 465 implicit TLS, then 25
 * (STARTTLS when offered). Login, envelope and --send run once, on the first setting whose
 * connection, TLS and capabilities are fine (no repeated logins that could trip fail2ban,
 * never two messages); the other settings are checked up to that point.
 *
 * With a port and --security auto: 465 means implicit TLS, any other port plain text with
 * STARTTLS when offered; when that meets the classic mix-up (a silent implicit-TLS port, or
 * a plain-text greeting to a TLS hello) the other way is tried too and reported.
 */
import type { Transcript } from '../../core/transcript.js';
import type { DnsClient } from '../../dns/client.js';
import { mixUpRetry } from '../common/mix-up.js';
import { runSession, type SessionResult } from './session.js';
import type { AttemptPlan, SmtpProbeOptions } from './types.js';

/** The first attempts to make, in order of preference. */
export function planAttempts(opts: SmtpProbeOptions): AttemptPlan[] {
  const mode = opts.mode ?? 'submission';
  const sec = opts.security;
  if (mode === 'mx') {
    const port = opts.port ?? 25;
    return [{ port, security: sec === 'auto' ? (port === 465 ? 'tls' : 'opportunistic') : sec }];
  }
  if (sec === 'auto') {
    if (opts.port === undefined) {
      const p = opts.discoveryPorts ?? { submission: 587, smtps: 465, smtp: 25 };
      return [
        { port: p.submission, security: 'starttls' },
        { port: p.smtps, security: 'tls' },
        { port: p.smtp, security: 'opportunistic' },
      ];
    }
    return [{ port: opts.port, security: opts.port === 465 ? 'tls' : 'opportunistic' }];
  }
  const port = opts.port ?? (sec === 'tls' ? 465 : 587);
  return [{ port, security: sec }];
}

/** With auto and an explicit port: the other way to try after a mix-up. */
function mixUpAlternative(opts: SmtpProbeOptions, r: SessionResult): AttemptPlan | null {
  if (opts.security !== 'auto' || opts.port === undefined) return null;
  const retry = mixUpRetry(r.fatal?.cause, r.plan.security === 'tls');
  if (!retry) return null;
  return { port: r.plan.port, security: retry === 'tls' ? 'tls' : 'opportunistic' };
}

export interface DiscoveryResult {
  attempts: SessionResult[];
  /** the attempt that decides the verdict */
  verdict: SessionResult;
  /** the attempt that ran login and envelope, if any */
  full: SessionResult | null;
}

export async function discover(opts: SmtpProbeOptions, transcript: Transcript, dns: DnsClient): Promise<DiscoveryResult> {
  const queue = planAttempts(opts);
  const attempts: SessionResult[] = [];
  let full: SessionResult | null = null;
  while (queue.length) {
    const plan = queue.shift() as AttemptPlan;
    const r = await runSession({ opts, plan, full: full === null, transcript, dns });
    attempts.push(r);
    if (r.ready && full === null) full = r;
    const alt = mixUpAlternative(opts, r);
    if (alt && !attempts.some((a) => a.plan.port === alt.port && a.plan.security === alt.security)) queue.push(alt);
  }
  const verdict = full ?? furthest(attempts);
  return { attempts, verdict, full };
}

/** The failure that got furthest (first in order of preference on a tie). */
function furthest(attempts: SessionResult[]): SessionResult {
  let best = attempts[0] as SessionResult;
  for (const a of attempts) if (a.progress > best.progress) best = a;
  return best;
}
