/**
 * @module bounce/lhost/amazonses
 * Amazon SES event notifications delivered by email (SNS "AWS Notification Message"): a JSON
 * document, possibly wrapped in the SNS envelope, with notificationType (or eventType) Bounce,
 * Complaint or Delivery (https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html).
 * Bounces without an SMTP diagnostic carry SES's bounce type and subtype, reported as
 * "Amazon SES bounce: Permanent/NoEmail" for the phrase tables.
 */
import type { BounceMessage } from '../message.js';
import type { Lhost, RawRecord } from '../types.js';
import { address } from './util.js';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The SES document in the text, unwrapped from the SNS envelope. */
export function sesDocument(text: string): Json | undefined {
  const a = text.indexOf('{');
  const b = text.lastIndexOf('}');
  if (a < 0 || b <= a) return undefined;
  let doc: Json | undefined;
  const raw = text.slice(a, b + 1);
  for (const candidate of [raw, raw.replace(/\n/g, '')]) {
    try {
      doc = obj(JSON.parse(candidate));
      break;
    } catch {
      doc = undefined;
    }
  }
  if (!doc) return undefined;
  if (typeof doc.Message === 'string') {
    try {
      doc = obj(JSON.parse(doc.Message)) ?? doc;
    } catch {
      return undefined;
    }
  }
  return doc.notificationType || doc.eventType ? doc : undefined;
}

function decodeSes(doc: Json): RawRecord[] {
  const type = str(doc.notificationType || doc.eventType);
  const out: RawRecord[] = [];
  if (type === 'Bounce') {
    const b = obj(doc.bounce) ?? {};
    const kind = `${str(b.bounceType)}/${str(b.bounceSubType)}`;
    for (const r of list(b.bouncedRecipients)) {
      const o = obj(r) ?? {};
      const recipient = address(str(o.emailAddress));
      if (!recipient) continue;
      out.push({
        recipient,
        action: str(o.action) || 'failed',
        status: str(o.status),
        diagnostic: str(o.diagnosticCode).replace(/^smtp;\s*/i, '') || `Amazon SES bounce: ${kind}`,
        reportingMta: str(b.reportingMTA).replace(/^dns;\s*/i, ''),
        remoteMta: str(b.remoteMtaIp),
        date: str(b.timestamp),
      });
    }
  } else if (type === 'Complaint') {
    const c = obj(doc.complaint) ?? {};
    for (const r of list(c.complainedRecipients)) {
      const recipient = address(str(obj(r)?.emailAddress));
      if (recipient) out.push({ recipient, kind: 'feedback', feedbackType: str(c.complaintFeedbackType) || 'abuse', diagnostic: `Amazon SES complaint${c.complaintFeedbackType ? `: ${str(c.complaintFeedbackType)}` : ''}`, date: str(c.timestamp) });
    }
  } else if (type === 'Delivery') {
    const d = obj(doc.delivery) ?? {};
    for (const r of list(d.recipients)) {
      const recipient = address(str(r));
      if (recipient) out.push({ recipient, action: 'delivered', status: '2.0.0', diagnostic: str(d.smtpResponse), reportingMta: str(d.reportingMTA), remoteMta: str(d.remoteMtaIp), date: str(d.timestamp) });
    }
  }
  return out;
}

export const amazonses: Lhost = {
  name: 'AmazonSES',
  decode(msg: BounceMessage) {
    if (!msg.text.includes('"notificationType') && !msg.text.includes('"eventType')) return undefined;
    const doc = sesDocument(msg.text);
    if (!doc) return undefined;
    const recs = decodeSes(doc);
    return recs.length ? recs : undefined;
  },
};
