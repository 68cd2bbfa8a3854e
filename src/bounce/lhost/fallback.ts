/**
 * @module bounce/lhost/fallback
 * The last-resort decoder, for bounces of MTAs no template knows: a message sent by a mailer
 * daemon or postmaster (or with a null Return-Path) whose subject or text speaks of a delivery
 * failure is read with the generic entry reader; X-Failed-Recipients names the recipients when
 * the text does not. Messages that do not look like bounces yield nothing.
 */
import type { BounceMessage } from '../message.js';
import type { Lhost, RawRecord } from '../types.js';
import { decodeGeneric, labelledReason } from './generic.js';
import { address } from './util.js';

const SENDER = /mailer-daemon|postmaster|mail delivery (?:system|subsystem)|mail administrator|mdaemon|^<>$/i;
const TOPIC = /undeliver|not (?:be )?delivered|returned mail|delivery (?:status|failure|failed|notification|problem|report)|failure notice|non-?delivery|could not be delivered|mail delivery failed|delivery has failed|bounce|rejected|unable to deliver/i;

export function looksLikeBounce(msg: BounceMessage): boolean {
  const h = msg.headers;
  const fromDaemon = SENDER.test(msg.from) || /^<>$/.test(h.get('return-path').trim());
  return fromDaemon && (TOPIC.test(msg.subject) || TOPIC.test(msg.text.slice(0, 4000)));
}

export const generic: Lhost = {
  name: 'Generic',
  decode(msg) {
    if (!looksLikeBounce(msg)) return undefined;
    let recs: RawRecord[] = decodeGeneric(msg);
    const failed = msg.headers.all('x-failed-recipients').flatMap((v) => v.split(',')).map((a) => address(a)).filter(Boolean);
    if (failed.length > 0) {
      const known = recs.filter((r) => failed.some((f) => f.toLowerCase() === r.recipient.toLowerCase()));
      recs = known.length > 0 ? known : failed.map((recipient) => ({ recipient, diagnostic: labelledReason(msg.text) || msg.text.replace(/\s+/g, ' ').trim().slice(0, 500) }));
    }
    recs = recs.filter((r) => r.diagnostic);
    return recs.length ? recs : undefined;
  },
};
