/**
 * @module probes/pop3/probe
 * `probePop3`: the POP3 diagnosis. Discovery with --security auto and no port tries 995
 * implicit TLS, then 110 with STLS; the first setting that works is the recommendation.
 */
import type { Report } from '../../core/report.js';
import { checkCredentials } from '../incoming/credentials.js';
import { runIncomingProbe } from '../incoming/discover.js';
import { runPop3Attempt } from './session.js';
import type { Pop3Facts, Pop3ProbeOptions } from './types.js';

export const POP3_PORTS = { tls: 995, plain: 110 } as const;

export async function probePop3(opts: Pop3ProbeOptions): Promise<Report<Pop3Facts>> {
  checkCredentials(opts);
  return runIncomingProbe(opts, {
    kind: 'pop3',
    ports: POP3_PORTS,
    starttlsName: 'STLS',
    runAttempt: runPop3Attempt,
    authMechanisms: (facts) => [...(facts.userCommand !== false ? ['USER'] : []), ...facts.saslMechanisms, ...(facts.greeting?.apop ? ['APOP'] : [])],
    healthySummary,
  });
}

export function healthySummary(f: Pop3Facts): string {
  const sec = f.security === 'tls' ? 'implicit TLS' : f.security === 'starttls' ? 'STLS' : 'no encryption';
  const parts = [`POP3 works on port ${f.port} with ${sec}`];
  parts.push(f.authenticated ? `login OK (${f.loginMethod ?? 'login'})` : 'login not tested');
  if (f.mailbox) parts.push(`${f.mailbox.messages} messages (${f.mailbox.octets} bytes) in the maildrop`);
  return parts.join('; ');
}
