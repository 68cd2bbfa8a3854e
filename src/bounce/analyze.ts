/**
 * @module bounce/analyze
 * The pipeline: read the message, let the decoders extract per-recipient facts (feedback
 * report, standard DSN merged with the MTA's own text, non-standard formats, auto-reply),
 * complete missing facts from the diagnostic text (status, reply code, command), classify,
 * and explain.
 */
import { readBounce, type BounceMessage } from './message.js';
import { decodeWords } from './mime/headers.js';
import { decodeDsn } from './rfc3464.js';
import { arf } from './arf.js';
import { autoreply } from './autoreply.js';
import { LHOSTS } from './lhost/index.js';
import { generic } from './lhost/fallback.js';
import { classify } from './classify.js';
import { explain, inferStatus, isHardBounce } from './explain.js';
import { findCommand, findReplyCode, normaliseCommand, unfoldReply } from './smtp-text.js';
import { squash } from './blanks.js';
import type { BounceRecord, RawRecord } from './types.js';

/** Decoded records of a message and the decoder that produced them. */
export function decode(msg: BounceMessage): { lhost: string; records: RawRecord[] } {
  const fb = arf.decode(msg);
  if (fb) return { lhost: arf.name, records: fb };
  let specific: { lhost: string; records: RawRecord[] } | undefined;
  for (const l of LHOSTS) {
    const recs = l.decode(msg);
    if (recs && recs.length > 0) {
      specific = { lhost: l.name, records: recs };
      break;
    }
  }
  const dsn = decodeDsn(msg);
  if (dsn.length > 0) return { lhost: specific?.lhost ?? 'RFC3464', records: specific ? merge(dsn, specific.records) : dsn };
  if (specific) return specific;
  const ar = autoreply.decode(msg);
  if (ar) return { lhost: autoreply.name, records: ar };
  return { lhost: '', records: [] };
}

/** Every field of a RawRecord, in the order the type declares them. */
const RAW_FIELDS = ['recipient', 'action', 'status', 'replycode', 'command', 'diagnostic', 'diagnosticType', 'remoteMta', 'reportingMta', 'date', 'kind', 'feedbackType'] as const satisfies ReadonlyArray<keyof RawRecord>;
// A field added to RawRecord and not to RAW_FIELDS would be dropped by merge: a type error here.
const RAW_FIELDS_COMPLETE: [Exclude<keyof RawRecord, (typeof RAW_FIELDS)[number]>] extends [never] ? true : never = true;
void RAW_FIELDS_COMPLETE;

/** DSN records completed with what the MTA's text says about the same recipient. */
function merge(dsn: RawRecord[], text: RawRecord[]): RawRecord[] {
  const out: RawRecord[] = [];
  for (const d of dsn) {
    const rcpt = d.recipient.toLowerCase();
    const t = text.find((x) => x.recipient.toLowerCase() === rcpt) ?? (text.length === 1 && dsn.length === 1 ? text[0] : undefined);
    if (!t) {
      out.push(d);
      continue;
    }
    // the text's record, overwritten by every field the DSN gives (not empty); field by field
    // (an object spread and Object.entries per record cost more than the rest of the merge)
    const m = { recipient: t.recipient } as RawRecord;
    const to = m as unknown as Record<string, unknown>;
    const from = d as unknown as Record<string, unknown>;
    const base = t as unknown as Record<string, unknown>;
    for (const k of RAW_FIELDS) {
      const v = from[k];
      to[k] = v !== undefined && v !== '' ? v : base[k];
    }
    out.push(m);
  }
  return out;
}

function oneLine(s: string | undefined): string {
  return squash(s ?? '');
}

/** An enhanced status code, not part of an IP address or version number (global: see lastStatus). */
const STATUS_ANY = /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/g;

/**
 * The last enhanced status code of a reply text (nested replies end with the remote's own).
 * An exec loop: matchAll copies the expression (a RegExp constructed per call) and iterates.
 */
function lastStatus(text: string): string {
  let last = '';
  STATUS_ANY.lastIndex = 0;
  for (let m = STATUS_ANY.exec(text); m; m = STATUS_ANY.exec(text)) last = m[1] ?? '';
  return last;
}

function validStatus(s: string | undefined): string {
  return s && /^[245]\.\d{1,3}\.\d{1,3}$/.test(s) ? s : '';
}

/** Turns one decoded record into a classified, explained BounceRecord. */
export function finish(raw: RawRecord, msg: BounceMessage, lhost: string): BounceRecord {
  const diagnostic = oneLine(raw.diagnostic);
  // The code the remote server gave (in the diagnostic) is more precise than the one the
  // reporting MTA put in Status: (often a generic X.0.0, or its own X.4.7 for an expiry).
  let status = lastStatus(diagnostic) || validStatus(raw.status);
  const replycode = raw.replycode || findReplyCode(diagnostic);
  const command = raw.command ? normaliseCommand(raw.command) : findCommand(diagnostic);
  const action = (raw.action ?? '').toLowerCase();
  const kind = raw.kind ?? 'bounce';
  const verdict = classify({
    status, replycode, action, diagnostic, command, kind,
    diagnosticType: (raw.diagnosticType ?? '').toUpperCase(),
    remoteMta: raw.remoteMta ?? '',
    reportingMta: raw.reportingMta ?? '',
    domain: raw.recipient.slice(raw.recipient.lastIndexOf('@') + 1),
  });
  let statusInferred = false;
  if (!status) {
    status = inferStatus(verdict.reason, replycode, action);
    statusInferred = status !== '';
  }
  // a delay warning: the message is still queued, so it cannot be a hard bounce
  const delayed = action === 'delayed';
  const hardbounce = !delayed && isHardBounce(verdict.reason, status);
  const orig = msg.original;
  const origFrom = orig ? decodeWords(orig.get('from')) : '';
  const ex = explain(verdict.reason, { rcpt: raw.recipient, reply: unfoldReply(diagnostic), host: raw.remoteMta ?? '', from: origFrom }, hardbounce, delayed);
  const rec: BounceRecord = {
    recipient: raw.recipient,
    action: action || (kind === 'bounce' && verdict.reason !== 'delivered' ? (status.startsWith('4') ? 'delayed' : 'failed') : ''),
    status,
    replycode,
    command,
    diagnostic,
    remoteMta: raw.remoteMta ?? '',
    reportingMta: raw.reportingMta ?? '',
    date: raw.date || msg.headers.get('date'),
    reason: verdict.reason,
    hardbounce,
    cause: ex.cause,
    explanation: ex.explanation,
    remedies: ex.remedies,
    lhost,
    decidedBy: verdict.decidedBy,
  };
  if (statusInferred) rec.statusInferred = true;
  if (raw.diagnosticType) rec.diagnosticType = raw.diagnosticType;
  if (raw.feedbackType) rec.feedbackType = raw.feedbackType;
  if (orig) {
    const mid = orig.get('message-id');
    if (mid) rec.origMessageId = mid;
    if (origFrom) rec.origFrom = origFrom;
    const to = decodeWords(orig.get('to'));
    if (to) rec.origTo = to;
    const subj = decodeWords(orig.get('subject'));
    if (subj) rec.origSubject = subj;
  }
  return rec;
}

/** A record without a diagnostic whose reason could not be told. */
function isEmpty(r: BounceRecord): boolean {
  return r.reason === 'undefined' && r.diagnostic === '';
}

/** Nesting depth for bounces attached to or forwarded in other messages. */
const MAX_NESTING = 2;

/**
 * Explains a message: one record per failed (or delayed, delivered, auto-replied, reported)
 * recipient; an empty array when the message is not a bounce. Never throws on any input.
 */
export function analyzeBounce(raw: Buffer | string): BounceRecord[] {
  return analyzeAt(raw, 0);
}

function analyzeAt(raw: Buffer | string, depth: number): BounceRecord[] {
  const msg = readBounce(raw);
  let { lhost, records } = decode(msg);
  if (records.length === 0 && depth < MAX_NESTING) {
    // A bounce attached to, or forwarded in, another message (a relayed or forwarded NDR).
    for (const inner of [msg.attached, msg.forwarded]) {
      if (!inner) continue;
      const found = analyzeAt(inner, depth + 1);
      if (found.length > 0) return found;
    }
  }
  if (records.length === 0) {
    const g = generic.decode(msg);
    if (g) {
      lhost = generic.name;
      records = g;
    }
  }
  const out: BounceRecord[] = [];
  // records kept per recipient (lower case): a repeated recipient, status and diagnostic is
  // dropped, and so is a record that says nothing (no diagnostic, no reason) beside another
  // record for the same recipient (two decoders, or two blocks, naming one recipient)
  const seen = new Map<string, BounceRecord[]>();
  for (const r of records) {
    const rec = finish(r, msg, lhost);
    const key = rec.recipient.toLowerCase();
    const same = seen.get(key);
    if (same?.some((o) => o.status === rec.status && o.diagnostic === rec.diagnostic)) continue;
    if (same && isEmpty(rec)) continue;
    if (same) {
      const empty = same.findIndex(isEmpty);
      if (empty >= 0) {
        out.splice(out.indexOf(same[empty]!), 1);
        same.splice(empty, 1);
      }
      same.push(rec);
    } else seen.set(key, [rec]);
    out.push(rec);
  }
  return out;
}
