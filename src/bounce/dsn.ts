/**
 * @module bounce/dsn
 * Delivery status fields (RFC 3464, and RFC 1894 which it obsoletes): per-message fields, then
 * one block per recipient. Parsed leniently: blank lines between blocks are optional (a new
 * block starts at each Final-Recipient), field types ("rfc822;", "smtp;", "dns;") are optional,
 * vendor fields (X-Postfix-*, X-Actual-Recipient, X-Original-Message-ID...) are kept.
 */
import { parseHeaders } from './mime/headers.js';

export interface DsnRecipient {
  finalRecipient: string;
  originalRecipient: string;
  action: string;
  status: string;
  remoteMta: string;
  diagnosticType: string;
  diagnostic: string;
  lastAttemptDate: string;
  /** other fields, lower-case names */
  extra: Record<string, string>;
}

export interface DsnReport {
  reportingMta: string;
  receivedFromMta: string;
  arrivalDate: string;
  /** per-message fields, lower-case names */
  fields: Record<string, string>;
  recipients: DsnRecipient[];
}

/** Splits "type; value" (RFC 3464 address-type / diagnostic-type / mta-name-type). */
export function typedValue(v: string): { type: string; value: string } {
  const m = /^([A-Za-z][\w.-]*)\s*;\s*([\s\S]*)$/.exec(v);
  if (m) return { type: (m[1] ?? '').toUpperCase(), value: (m[2] ?? '').trim() };
  return { type: '', value: v.trim() };
}

const PER_RECIPIENT = new Set([
  'original-recipient', 'final-recipient', 'action', 'status', 'remote-mta', 'diagnostic-code',
  'last-attempt-date', 'final-log-id', 'will-retry-until', 'x-actual-recipient', 'x-supplementary-info',
  'x-display-name',
]);

function emptyRecipient(): DsnRecipient {
  return { finalRecipient: '', originalRecipient: '', action: '', status: '', remoteMta: '', diagnosticType: '', diagnostic: '', lastAttemptDate: '', extra: {} };
}

/** True when a text block holds delivery-status fields (used to find inline RFC 1894 reports). */
export function looksLikeDsn(text: string): boolean {
  return /^(?:Final|Original)-Recipient:/im.test(text) && /^(?:Action|Status):/im.test(text);
}

/** Parses one delivery-status block. */
export function parseDsn(block: string): DsnReport {
  const report: DsnReport = { reportingMta: '', receivedFromMta: '', arrivalDate: '', fields: {}, recipients: [] };
  for (const para of block.split(/\n[ \t]*\n/)) {
    let cur: DsnRecipient | undefined;
    let prev = '';
    for (const f of parseHeaders(para).fields) {
      const name = f.name;
      if (!PER_RECIPIENT.has(name)) {
        if (name === 'reporting-mta' && !report.reportingMta) report.reportingMta = typedValue(f.value).value;
        else if (name === 'received-from-mta' && !report.receivedFromMta) report.receivedFromMta = typedValue(f.value).value;
        else if (name === 'arrival-date' && !report.arrivalDate) report.arrivalDate = f.value;
        if (cur) cur.extra[name] ??= f.value;
        else report.fields[name] ??= f.value;
        continue;
      }
      if (!cur || repeats(cur, name, prev)) {
        cur = emptyRecipient();
        report.recipients.push(cur);
      }
      setField(cur, name, f.value);
      prev = name;
    }
  }
  return report;
}

/**
 * A field already set in this recipient block means a new block began without a blank line.
 * An Original-Recipient after a complete recipient starts the next one (it leads a block), unless
 * it follows its Final-Recipient directly: Amazon SES writes Action, Final-Recipient,
 * Original-Recipient, Diagnostic-Code, Status.
 */
function repeats(r: DsnRecipient, name: string, prev: string): boolean {
  if (name === 'final-recipient') return r.finalRecipient !== '';
  if (name === 'original-recipient') return r.originalRecipient !== '' || (prev !== 'final-recipient' && r.finalRecipient !== '' && (r.action !== '' || r.status !== ''));
  if (name === 'action') return r.action !== '';
  if (name === 'status') return r.status !== '';
  return false;
}

function setField(r: DsnRecipient, name: string, value: string): void {
  switch (name) {
    case 'final-recipient':
      r.finalRecipient = typedValue(value).value;
      break;
    case 'original-recipient':
      r.originalRecipient = typedValue(value).value;
      break;
    case 'action':
      r.action = value.toLowerCase().split(/[\s(]/)[0] ?? '';
      break;
    case 'status':
      r.status = value;
      break;
    case 'remote-mta':
      r.remoteMta = typedValue(value).value;
      break;
    case 'diagnostic-code': {
      const t = typedValue(value);
      r.diagnosticType = t.type;
      r.diagnostic = r.diagnostic ? `${r.diagnostic} ${t.value}` : t.value;
      break;
    }
    case 'last-attempt-date':
      r.lastAttemptDate = value;
      break;
    default:
      r.extra[name] ??= value;
  }
}
