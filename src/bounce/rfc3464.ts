/**
 * @module bounce/rfc3464
 * Decoder for standard delivery status notifications: multipart/report with a
 * message/delivery-status part (RFC 3464, RFC 6533 for global-delivery-status), or RFC 1894
 * style fields quoted in a plain-text body. One record per recipient block.
 */
import { looksLikeDsn, parseDsn } from './dsn.js';
import type { BounceMessage } from './message.js';
import { cleanAddress, findAddress, findStatus, isAddress } from './smtp-text.js';
import type { Lhost, RawRecord } from './types.js';

/** The DSN blocks of a message: its delivery-status parts, or a DSN quoted in the text. */
export function dsnBlocks(msg: BounceMessage): string[] {
  if (msg.statusBlocks.length > 0) return msg.statusBlocks;
  if (!looksLikeDsn(msg.text)) return [];
  const at = msg.text.search(/^(?:Reporting-MTA|Received-From-MTA|Arrival-Date|Original-Envelope-Id|Final-Recipient|Original-Recipient):/im);
  return at < 0 ? [] : [msg.text.slice(at)];
}

/**
 * The recipient of a block: Final-Recipient, else Original-Recipient. A structured field may
 * hold an address whose domain is one label ("bob@localhost", or a mail host that qualifies
 * bare names with its own short hostname): kept, since the field says it is an address.
 */
function recipientOf(final: string, original: string): string {
  for (const v of [final, original]) {
    const c = cleanAddress(v);
    if (isAddress(c)) return c;
    const f = findAddress(v);
    if (f) return f;
  }
  for (const v of [final, original]) {
    const c = cleanAddress(v);
    if (/^[^@\s<>;]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(c)) return c;
  }
  return '';
}

export function decodeDsn(msg: BounceMessage): RawRecord[] {
  const out: RawRecord[] = [];
  for (const block of dsnBlocks(msg)) {
    const report = parseDsn(block);
    for (const r of report.recipients) {
      const recipient = recipientOf(r.finalRecipient, r.originalRecipient);
      if (!recipient) continue;
      const status = findStatus(r.status) || (r.status === '' ? '' : findStatus(r.diagnostic));
      out.push({
        recipient,
        action: r.action,
        status,
        diagnostic: r.diagnostic,
        diagnosticType: r.diagnosticType,
        remoteMta: r.remoteMta,
        reportingMta: report.reportingMta,
        date: r.lastAttemptDate || report.arrivalDate,
      });
    }
  }
  return out;
}

export const rfc3464: Lhost = {
  name: 'RFC3464',
  decode(msg) {
    const recs = decodeDsn(msg);
    return recs.length > 0 ? recs : undefined;
  },
};
