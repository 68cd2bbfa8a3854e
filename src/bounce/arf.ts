/**
 * @module bounce/arf
 * Feedback reports: ARF (RFC 5965, multipart/report; report-type=feedback-report), its
 * authentication-failure extension (RFC 6591), Microsoft's JMRP/SNDS format (X-HmXmrOriginalRecipient)
 * and Apple Mail's unsubscribe message (X-Apple-Unsubscribe: true, an opt-out). One record per
 * Original-Rcpt-To (or the original message's recipients).
 */
import { parseHeaders, type Headers } from './mime/headers.js';
import type { BounceMessage } from './message.js';
import { cleanAddress, findAddress, isAddress } from './smtp-text.js';
import type { Lhost, RawRecord } from './types.js';

function addresses(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const piece of v.split(',')) {
      const a = cleanAddress(piece.replace(/^.*</, '').replace(/>.*$/, ''));
      const addr = isAddress(a) ? a : findAddress(piece);
      if (addr && !out.includes(addr)) out.push(addr);
    }
  }
  return out;
}

function firstLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 300)}...` : t;
}

function fromReport(msg: BounceMessage, fields: Headers): RawRecord[] {
  const feedbackType = fields.get('feedback-type').toLowerCase().trim() || 'abuse';
  let rcpts = addresses(fields.all('original-rcpt-to'));
  if (rcpts.length === 0) rcpts = addresses(fields.all('removal-recipient'));
  if (rcpts.length === 0 && msg.original) rcpts = addresses([...msg.original.all('to'), ...msg.original.all('cc')]);
  if (rcpts.length === 0) rcpts = [''];
  const base: Omit<RawRecord, 'recipient'> = {
    kind: 'feedback',
    feedbackType,
    diagnostic: firstLine(msg.text),
    reportingMta: fields.get('reporting-mta').replace(/^dns;\s*/i, ''),
    remoteMta: fields.get('source-ip'),
    date: fields.get('arrival-date') || fields.get('received-date') || msg.headers.get('date'),
  };
  return rcpts.map((recipient) => ({ ...base, recipient }));
}

export const arf: Lhost = {
  name: 'ARF',
  decode(msg) {
    const block = msg.feedbackBlocks[0];
    if (block !== undefined || msg.reportType === 'feedback-report') {
      return fromReport(msg, parseHeaders(block ?? (/^Feedback-Type:[\s\S]*/im.exec(msg.text)?.[0] ?? '')));
    }
    const hm = msg.headers.get('x-hmxmroriginalrecipient');
    if (hm) {
      const rcpt = addresses([hm]);
      return [{ recipient: rcpt[0] ?? '', kind: 'feedback', feedbackType: 'abuse', diagnostic: firstLine(msg.text), date: msg.headers.get('date') }];
    }
    if (/^true$/i.test(msg.headers.get('x-apple-unsubscribe'))) {
      const rcpt = addresses([msg.headers.get('from')]);
      return [{ recipient: rcpt[0] ?? '', kind: 'feedback', feedbackType: 'opt-out', diagnostic: firstLine(msg.text), date: msg.headers.get('date') }];
    }
    return undefined;
  },
};
