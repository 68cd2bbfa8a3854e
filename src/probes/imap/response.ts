/**
 * @module probes/imap/response
 * Reads and parses IMAP server responses (RFC 9051 section 7, RFC 3501 section 7): tagged
 * status responses, untagged data, continuation requests, response codes, and literals
 * `{n}` that continue a response over several lines. Server data is treated as hostile:
 * literal sizes, literals per response, bytes per response and untagged responses per
 * command are capped, and anything outside the grammar is reported, not guessed.
 */
import type { LineSocket } from '../../net/line-socket.js';
import { printable } from '../../core/transcript.js';

export const IMAP_LIMITS = {
  /** largest literal accepted (the probe never fetches message bodies) */
  maxLiteralBytes: 64 * 1024,
  /** literals in one response (a LIST line has at most one) */
  maxLiteralsPerResponse: 16,
  /** bytes of one response, lines and literals together */
  maxResponseBytes: 256 * 1024,
  /** untagged responses before the tagged one (LIST of a huge mailbox tree) */
  maxUntaggedPerCommand: 20_000,
} as const;

export type ImapStatus = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

export interface ResponseCode {
  /** upper case, e.g. CAPABILITY, UIDVALIDITY, AUTHENTICATIONFAILED */
  name: string;
  /** the rest inside the brackets, e.g. "IMAP4rev1 STARTTLS" */
  args: string;
}

/** One segment of a response: text of a line, or the bytes of a literal. */
export type Segment = { text: string } | { literal: Buffer };

export interface ImapResponse {
  kind: 'tagged' | 'untagged' | 'continuation';
  /** tag of a tagged response */
  tag: string | null;
  /** status of a status response (tagged, or untagged OK/NO/BAD/PREAUTH/BYE) */
  status: ImapStatus | null;
  /** for untagged data: the keyword (CAPABILITY, LIST, EXISTS, STATUS, SEARCH, ...) upper case */
  name: string;
  /** for "* 3 EXISTS": 3 */
  number: number | null;
  code: ResponseCode | null;
  /** human text after the status and code (status responses and continuations) */
  text: string;
  /** the segments after the keyword (data to tokenize), literals in place */
  data: Segment[];
  /** the response as shown to people (literals inlined, control bytes escaped) */
  display: string;
  /** transcript seq range of the lines */
  seq: [number, number];
}

export type ResponseFailure = {
  /** timeout with nothing read, timeout mid-response, connection closed, line/literal too large, grammar broken */
  reason: 'timeout' | 'partial' | 'closed' | 'too-long' | 'garbage';
  detail: string;
  /** what was read of the broken response */
  partial: string;
  seq?: number;
};

export type ReadResponseResult = { ok: true; response: ImapResponse } | { ok: false; failure: ResponseFailure };

const LITERAL_AT_END = /\{(\d{1,10})(\+?)\}$/;
const STATUS_LINE = /^(\* (OK|NO|BAD|BYE|PREAUTH)|\+|[^ *+]+ (OK|NO|BAD))( |$)/i;
const STATUS_WORDS = new Set(['OK', 'NO', 'BAD', 'PREAUTH', 'BYE']);
// tag: astring chars without "+" (RFC 9051 formal syntax, tag = 1*<any ASTRING-CHAR except "+">)
// eslint-disable-next-line no-control-regex
const TAG = /^[^\s(){%*"\\+\]\x00-\x1f\x7f]+$/;

/** Splits "[CODE args] text" into the code and the text. */
export function parseResponseCode(rest: string): { code: ResponseCode | null; text: string } {
  if (!rest.startsWith('[')) return { code: null, text: rest };
  const end = rest.indexOf(']');
  if (end < 0) return { code: null, text: rest };
  const inner = rest.slice(1, end);
  const sp = inner.indexOf(' ');
  const name = (sp < 0 ? inner : inner.slice(0, sp)).toUpperCase();
  const args = sp < 0 ? '' : inner.slice(sp + 1);
  return { code: { name, args }, text: rest.slice(end + 1).trim() };
}

/**
 * Reads one complete response: a line, and if it ends with a literal announcement `{n}`,
 * n bytes and the line that continues it, and so on. Logs every line; literals are logged
 * as one `s` entry each (escaped, cut by the transcript's length cap).
 */
export async function readResponse(ls: LineSocket, timeoutMs: number): Promise<ReadResponseResult> {
  const deadline = Date.now() + timeoutMs;
  const segments: Segment[] = [];
  const shown: string[] = [];
  let firstSeq = -1;
  let lastSeq = -1;
  let bytes = 0;
  let literals = 0;
  for (;;) {
    const left = Math.max(1, deadline - Date.now());
    const r = await ls.readLine(left);
    if (!r.ok) {
      const partial = [...shown, r.partial].join('').slice(0, 300);
      const seq = r.seq ?? (lastSeq >= 0 ? lastSeq : undefined);
      if (r.reason === 'too-long') return fail('too-long', `a response line longer than the line limit`, partial, seq);
      if (r.reason === 'timeout') {
        if (segments.length || r.partial) return fail('partial', 'the server stopped in the middle of a response', partial, seq);
        return fail('timeout', `no response within ${timeoutMs} ms`, '', seq);
      }
      if (segments.length || r.partial) return fail('partial', 'the connection closed in the middle of a response', partial, seq);
      return fail('closed', r.error ? `connection error: ${r.error.message}` : 'the server closed the connection', '', seq);
    }
    if (firstSeq < 0) firstSeq = r.seq;
    lastSeq = r.seq;
    bytes += r.line.length + 2;
    if (bytes > IMAP_LIMITS.maxResponseBytes) return fail('too-long', `a response larger than ${IMAP_LIMITS.maxResponseBytes} bytes`, shown.join('').slice(0, 300), lastSeq);
    // a status response's text (resp-text) cannot carry a literal: "NO try later {5}" is text
    const m = segments.length === 0 && STATUS_LINE.test(r.line) ? null : LITERAL_AT_END.exec(r.line);
    if (!m) {
      segments.push({ text: r.line });
      shown.push(r.line);
      break;
    }
    const n = Number(m[1]);
    literals++;
    if (literals > IMAP_LIMITS.maxLiteralsPerResponse) return fail('too-long', `more than ${IMAP_LIMITS.maxLiteralsPerResponse} literals in one response`, shown.join('').slice(0, 300), lastSeq);
    if (n > IMAP_LIMITS.maxLiteralBytes) return fail('too-long', `a literal of ${n} bytes (limit ${IMAP_LIMITS.maxLiteralBytes})`, r.line.slice(0, 300), lastSeq);
    const head = r.line.slice(0, m.index);
    segments.push({ text: head });
    shown.push(head);
    const lit = await ls.readBytes(n, Math.max(1, deadline - Date.now()), IMAP_LIMITS.maxLiteralBytes);
    if (!lit.ok) {
      const why = lit.reason === 'timeout' ? 'the server stopped in the middle of a literal' : 'the connection closed in the middle of a literal';
      const seq = ls.transcript.add('net', `${why} (${n} bytes announced)`);
      return fail('partial', why, shown.join('').slice(0, 300), seq);
    }
    bytes += n;
    lastSeq = ls.transcript.add('s', `{${n} bytes} ${printable(lit.data.toString('utf8'))}`);
    segments.push({ literal: lit.data });
    shown.push(JSON.stringify(lit.data.toString('utf8')));
  }
  const display = printable(shown.join(''));
  const parsed = parseSegments(segments);
  if (!parsed) return fail('garbage', 'a line that is not an IMAP response', display.slice(0, 300), lastSeq);
  return { ok: true, response: { ...parsed, display, seq: [firstSeq, lastSeq] } };
}

function fail(reason: ResponseFailure['reason'], detail: string, partial: string, seq: number | undefined): ReadResponseResult {
  const failure: ResponseFailure = { reason, detail, partial };
  if (seq !== undefined) failure.seq = seq;
  return { ok: false, failure };
}

/** Parses the first line (and the literal segments) into a response; null when not IMAP. */
export function parseSegments(segments: Segment[]): Omit<ImapResponse, 'display' | 'seq'> | null {
  const first = segments[0];
  if (!first || !('text' in first)) return null;
  const line = first.text;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(line)) return null;
  const rest = segments.slice(1);
  if (line === '+' || line.startsWith('+ ')) {
    const { code, text } = parseResponseCode(line.slice(2));
    return { kind: 'continuation', tag: null, status: null, name: '', number: null, code, text, data: [] };
  }
  const sp = line.indexOf(' ');
  if (sp <= 0) return null;
  const tag = line.slice(0, sp);
  const after = line.slice(sp + 1);
  if (tag === '*') {
    const m = /^(\d{1,10}) ([A-Za-z][A-Za-z0-9-]*)(?: (.*))?$/.exec(after);
    if (m) {
      const data: Segment[] = [{ text: m[3] ?? '' }, ...rest];
      return { kind: 'untagged', tag: null, status: null, name: (m[2] as string).toUpperCase(), number: Number(m[1]), code: null, text: '', data };
    }
    const k = /^([A-Za-z][A-Za-z0-9.-]*)(?: ?(.*))?$/s.exec(after);
    if (!k) return null;
    const name = (k[1] as string).toUpperCase();
    const tail = k[2] ?? '';
    if (STATUS_WORDS.has(name)) {
      const { code, text } = parseResponseCode(tail);
      return { kind: 'untagged', tag: null, status: name as ImapStatus, name, number: null, code, text: joinText(text, rest), data: [] };
    }
    return { kind: 'untagged', tag: null, status: null, name, number: null, code: null, text: '', data: [{ text: tail }, ...rest] };
  }
  if (!TAG.test(tag)) return null;
  const k = /^(OK|NO|BAD)(?: (.*))?$/i.exec(after);
  if (!k) return null;
  const { code, text } = parseResponseCode(k[2] ?? '');
  return { kind: 'tagged', tag, status: (k[1] as string).toUpperCase() as ImapStatus, name: '', number: null, code, text: joinText(text, rest), data: [] };
}

function joinText(text: string, rest: Segment[]): string {
  if (!rest.length) return text;
  return [text, ...rest.map((s) => ('text' in s ? s.text : s.literal.toString('utf8')))].join('');
}

// ---------------------------------------------------------------------------------------------
// Tokens of response data (LIST, STATUS, CAPABILITY, SEARCH ...)

export type Token = { t: 'atom'; v: string } | { t: 'string'; v: string } | { t: 'nil' } | { t: 'list'; items: Token[] };

/**
 * Tokenizes response data: atoms (flags such as \Noselect included), quoted strings with
 * backslash escapes, literals (already read, as segments), NIL, and parenthesized lists.
 * Returns null on unbalanced parentheses or an unterminated string.
 */
export function tokenize(data: Segment[]): Token[] | null {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  const top = () => stack[stack.length - 1] as Token[];
  for (const seg of data) {
    if ('literal' in seg) {
      top().push({ t: 'string', v: seg.literal.toString('utf8') });
      continue;
    }
    const s = seg.text;
    let i = 0;
    while (i < s.length) {
      const ch = s[i] as string;
      if (ch === ' ') {
        i++;
      } else if (ch === '(') {
        const list: Token = { t: 'list', items: [] };
        top().push(list);
        stack.push(list.items);
        if (stack.length > 32) return null;
        i++;
      } else if (ch === ')') {
        if (stack.length === 1) return null;
        stack.pop();
        i++;
      } else if (ch === '"') {
        let v = '';
        i++;
        let closed = false;
        while (i < s.length) {
          const c = s[i] as string;
          if (c === '\\' && i + 1 < s.length) {
            v += s[i + 1];
            i += 2;
          } else if (c === '"') {
            closed = true;
            i++;
            break;
          } else {
            v += c;
            i++;
          }
        }
        if (!closed) return null;
        top().push({ t: 'string', v });
      } else {
        let j = i;
        // an atom ends at space or parenthesis; brackets stay inside (BODY[HEADER])
        while (j < s.length && s[j] !== ' ' && s[j] !== '(' && s[j] !== ')' && s[j] !== '"') j++;
        const v = s.slice(i, j);
        top().push(v.toUpperCase() === 'NIL' ? { t: 'nil' } : { t: 'atom', v });
        i = j;
      }
    }
  }
  if (stack.length !== 1) return null;
  return root;
}

/** The string value of an atom or string token (NIL and lists give null). */
export function tokenString(t: Token | undefined): string | null {
  if (!t) return null;
  if (t.t === 'atom' || t.t === 'string') return t.v;
  return null;
}

/** Capabilities from "* CAPABILITY ..." data or a [CAPABILITY ...] code: upper case, deduplicated. */
export function parseCapabilities(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/\s+/)) {
    if (!w) continue;
    const u = w.toUpperCase();
    if (!out.includes(u)) out.push(u);
    if (out.length >= 500) break;
  }
  return out;
}

/** Parses the data of "* STATUS mailbox (MESSAGES 3 UNSEEN 1)". */
export function parseStatus(data: Segment[]): { mailbox: string; items: Record<string, number> } | null {
  const tokens = tokenize(data);
  if (!tokens || tokens.length < 2) return null;
  const mailbox = tokenString(tokens[0]);
  const list = tokens[1];
  if (mailbox === null || !list || list.t !== 'list') return null;
  const items: Record<string, number> = {};
  for (let i = 0; i + 1 < list.items.length; i += 2) {
    const k = tokenString(list.items[i]);
    const v = tokenString(list.items[i + 1]);
    if (k && v && /^\d{1,20}$/.test(v)) items[k.toUpperCase()] = Number(v);
  }
  return { mailbox, items };
}

/** Quotes a string for a command: a quoted string when it is plain printable ASCII, else null (use a literal). */
export function quoteString(s: string): string | null {
  if (!/^[\x20-\x7e]*$/.test(s)) return null;
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
