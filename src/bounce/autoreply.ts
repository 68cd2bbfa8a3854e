/**
 * @module bounce/autoreply
 * Automatic replies (RFC 3834): vacation and out-of-office notices. Recognised by the headers
 * auto-responders set (Auto-Submitted: auto-replied, Exchange's X-Auto-Response-Suppress, Apple's
 * X-Apple-Action: vacation, Precedence: auto_reply, X-Autoreply) or a subject of the form
 * "Automatic reply:", "Out of Office:". Consulted only when no bounce decoder recognised the
 * message, since bounces also carry Auto-Submitted. The recipient is the replying address.
 */
import type { BounceMessage } from './message.js';
import { cleanAddress, findAddress, isAddress } from './smtp-text.js';
import type { Lhost } from './types.js';

const SUBJECT = /^(?:auto(?:matic)?[ -]?(?:reply|response|answer)|auto:|autoreply|out of (?:the )?office|abwesenheitsnotiz|r[ée]ponse automatique|risposta automatica|respuesta autom[aá]tica|automatisch antwoord)/i;
const EXCLUDE_FROM = /(?:^|[<\s])(?:root|postmaster|mailer-daemon)@/i;
const EXCLUDE_SUBJECT = /security information for|mail failure -/i;

/** True when the headers mark the message as an automatic reply. */
export function isAutoReply(msg: BounceMessage): boolean {
  const h = msg.headers;
  if (EXCLUDE_FROM.test(msg.from) || EXCLUDE_SUBJECT.test(msg.subject)) return false;
  if (/^auto-(?:replied|generated|notified)/i.test(h.get('auto-submitted'))) return true;
  if (/\b(?:oof|autoreply)\b/i.test(h.get('x-auto-response-suppress'))) return true;
  if (/^vacation$/i.test(h.get('x-apple-action'))) return true;
  if (/^auto_reply$/i.test(h.get('precedence'))) return true;
  if (/^yes$/i.test(h.get('x-autoreply')) || h.has('x-autorespond')) return true;
  return SUBJECT.test(msg.subject);
}

export const autoreply: Lhost = {
  name: 'RFC3834',
  decode(msg) {
    if (!isAutoReply(msg)) return undefined;
    const raw = msg.headers.get('from') || msg.headers.get('return-path');
    const angle = /<([^>]+)>/.exec(raw)?.[1] ?? raw;
    const c = cleanAddress(angle);
    const recipient = isAddress(c) ? c : findAddress(raw);
    if (!recipient) return undefined;
    const lines = msg.text.split('\n').map((l) => l.trim()).filter((l) => l.includes(' ')).slice(0, 5);
    return [{ recipient, kind: 'autoreply', diagnostic: lines.join(' ') || msg.subject, date: msg.headers.get('date') }];
  },
};
