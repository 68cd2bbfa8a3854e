/**
 * @module probes/smtp/reply
 * SMTP replies (RFC 5321 section 4.2): one or more lines `NNN-text`, the last `NNN text`,
 * with an optional enhanced status code (RFC 3463 `class.subject.detail`) at the start of the
 * text. Server data is treated as hostile: a line that is not a reply, a continuation with
 * another code, too many lines or a line that is too long is a protocol error, and so is a
 * connection closed in the middle of a reply.
 */
import type { LineSocket } from '../../net/line-socket.js';

export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code of the first line ("5.7.8"), when the server sends one */
  enhanced: string | null;
  /** text of each line, without code, separator and enhanced code */
  lines: string[];
  /** the reply as the server sent it, lines joined with "\n" */
  raw: string;
  /** transcript sequence range of the reply */
  seq: [number, number];
}

/** Limits on what a server may send as one reply. */
export interface ReplyLimits {
  /** most lines in one reply (EHLO replies have ~15; 100 is generous) */
  maxLines: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = { maxLines: 100 };

export interface ParsedLine {
  code: number;
  /** true when more lines follow ("250-") */
  more: boolean;
  text: string;
}

/** Parses one reply line; null when it is not `NNN`, `NNN text` or `NNN-text` with NNN in 200-599. */
export function parseReplyLine(line: string): ParsedLine | null {
  const m = /^([2-5][0-9][0-9])(?:([ -])(.*))?$/s.exec(line);
  if (!m) return null;
  return { code: Number(m[1]), more: m[2] === '-', text: m[3] ?? '' };
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

/** The RFC 3463 code at the start of a reply text, if its class agrees with the reply code. */
export function parseEnhanced(code: number, text: string): string | null {
  const m = ENHANCED.exec(text.trimStart());
  if (!m) return null;
  if (Number(m[1]) !== Math.floor(code / 100)) return null;
  return `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
}

/** Strips a leading enhanced code from a line's text. */
function stripEnhanced(text: string): string {
  return text.trimStart().replace(/^[245]\.\d{1,3}\.\d{1,3}(\s+|$)/, '');
}

export type ReplyProblem =
  | { kind: 'timeout'; /** true when nothing at all arrived */ silent: boolean; partial: string; seq: [number, number] | null }
  | { kind: 'closed'; /** true when the connection closed in the middle of a reply */ midReply: boolean; partial: string; seq: [number, number] | null }
  | { kind: 'malformed'; detail: string; firstLine: string; seq: [number, number] | null };

export type ReplyResult = { ok: true; reply: SmtpReply } | { ok: false; problem: ReplyProblem };

/**
 * Accumulates reply lines; pure (no I/O), so the rules can be tested line by line.
 * `push` returns 'more' while the reply continues, the reply when it is complete, or an error text.
 */
export class ReplyAccumulator {
  private readonly parsed: ParsedLine[] = [];
  readonly rawLines: string[] = [];

  constructor(private readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {}

  get started(): boolean {
    return this.rawLines.length > 0;
  }

  push(line: string): 'more' | { error: string } | Omit<SmtpReply, 'seq'> {
    this.rawLines.push(line);
    const p = parseReplyLine(line);
    if (!p) {
      return { error: this.parsed.length ? `line ${this.rawLines.length} of the reply is not a reply line` : 'the reply does not start with a 3-digit status code' };
    }
    const first = this.parsed[0];
    if (first && p.code !== first.code) return { error: `the reply changes its code from ${first.code} to ${p.code} in the middle` };
    this.parsed.push(p);
    if (p.more) {
      if (this.parsed.length >= this.limits.maxLines) return { error: `the reply has more than ${this.limits.maxLines} lines` };
      return 'more';
    }
    const code = p.code;
    const enhanced = parseEnhanced(code, this.parsed[0]?.text ?? '');
    const lines = this.parsed.map((x) => (enhanced ? stripEnhanced(x.text) : x.text));
    return { code, enhanced, lines, raw: this.rawLines.join('\n') };
  }
}

/** Reads one complete reply within `timeoutMs` (the whole reply, not each line). */
export async function readReply(ls: LineSocket, timeoutMs: number, limits: ReplyLimits = DEFAULT_REPLY_LIMITS): Promise<ReplyResult> {
  const acc = new ReplyAccumulator(limits);
  const deadline = Date.now() + timeoutMs;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  const range = (): [number, number] | null => (firstSeq === null ? null : [firstSeq, lastSeq ?? firstSeq]);
  for (;;) {
    const left = Math.max(1, deadline - Date.now());
    const r = await ls.readLine(left);
    if (r.ok) {
      firstSeq ??= r.seq;
      lastSeq = r.seq;
      const out = acc.push(r.line);
      if (out === 'more') continue;
      if ('error' in out) {
        return { ok: false, problem: { kind: 'malformed', detail: out.error, firstLine: acc.rawLines[0] ?? '', seq: range() } };
      }
      return { ok: true, reply: { ...out, seq: [firstSeq, lastSeq] } };
    }
    if (r.seq !== undefined) {
      firstSeq ??= r.seq;
      lastSeq = r.seq;
    }
    const partial = [...acc.rawLines, r.partial].filter(Boolean).join('\n');
    if (r.reason === 'too-long') {
      return { ok: false, problem: { kind: 'malformed', detail: 'a reply line is far longer than SMTP allows (512 bytes)', firstLine: acc.rawLines[0] ?? r.partial, seq: range() } };
    }
    if (r.reason === 'timeout') {
      return { ok: false, problem: { kind: 'timeout', silent: !acc.started && !r.partial, partial, seq: range() } };
    }
    return { ok: false, problem: { kind: 'closed', midReply: acc.started || Boolean(r.partial), partial, seq: range() } };
  }
}

/** The first line of a reply as people quote it: "535 5.7.8 Error: authentication failed". */
export function replyHead(r: Pick<SmtpReply, 'code' | 'enhanced' | 'lines'>): string {
  return [String(r.code), r.enhanced, r.lines[0]].filter((x) => x !== null && x !== undefined && x !== '').join(' ');
}

/** The whole reply text (every line, without codes), for matching. */
export function replyText(r: Pick<SmtpReply, 'lines'>): string {
  return r.lines.join(' ');
}
