/**
 * @module probes/pop3/render
 * The POP3 part of the human output: settings, attempts, server, TLS, CAPA and the maildrop.
 */
import type { Report } from '../../core/report.js';
import { renderConnection } from '../incoming/render.js';
import type { Pop3Facts } from './types.js';

export function renderPop3Facts(report: Report<Pop3Facts>): string[] {
  const f = report.facts;
  const out = renderConnection(f);
  if (f.capabilities) out.push(`Capabilities: ${f.capabilities.join(', ')}`);
  else if (f.greeting) out.push('Capabilities: CAPA not supported (RFC 1939-only server)');
  if (f.expire !== null) out.push(`Server keeps downloaded mail: ${f.expire === '0' ? 'no (EXPIRE 0: deleted once downloaded)' : f.expire === 'NEVER' ? 'yes (EXPIRE NEVER)' : `${f.expire} days`}`);
  if (f.loginDelaySeconds !== null) out.push(`Minimum time between logins: ${f.loginDelaySeconds} s (LOGIN-DELAY)`);
  if (f.mailbox) out.push(`Maildrop: ${f.mailbox.messages} messages, ${f.mailbox.octets} bytes`);
  return out;
}
