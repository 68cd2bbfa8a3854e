/**
 * @module probes/imap/probe
 * `probeImap`: the IMAP diagnosis. Plans the settings to try (discovery with --security
 * auto and no port: 993 implicit TLS, then 143 STARTTLS), runs them one after the other
 * until one works or the failure is not about the transport, and builds the report.
 */
import type { Report } from '../../core/report.js';
import { checkCredentials } from '../incoming/credentials.js';
import { runIncomingProbe } from '../incoming/discover.js';
import { runImapAttempt } from './session.js';
import type { ImapFacts, ImapProbeOptions } from './types.js';

export const IMAP_PORTS = { tls: 993, plain: 143 } as const;

export async function probeImap(opts: ImapProbeOptions): Promise<Report<ImapFacts>> {
  checkCredentials(opts);
  return runIncomingProbe(opts, {
    kind: 'imap',
    ports: IMAP_PORTS,
    starttlsName: 'STARTTLS',
    runAttempt: runImapAttempt,
    authMechanisms: (facts) => facts.authMechanisms,
    healthySummary,
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
