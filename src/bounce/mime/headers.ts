/**
 * @module bounce/mime/headers
 * Header blocks of a message or MIME part: unfolding, lookup by name, RFC 2047 encoded words
 * and parameter parsing (with RFC 2231 continuations). Input is a "binary string" (one char per
 * byte, line ends already normalised to LF); 8-bit header text is decoded as UTF-8 when valid.
 */
import { decodeBytes, isAscii } from './charset.js';
import { escapeRegExp } from '../../core/regexp.js';

/** Upper bound on the number of header fields kept per block (hostile input). */
const MAX_FIELDS = 1000;
/** Upper bound on the length of one unfolded field value. */
const MAX_VALUE = 16 * 1024;

export interface HeaderField {
  /** lower-case field name */
  name: string;
  /** unfolded value, not RFC 2047 decoded, leading and trailing blanks removed */
  value: string;
}

/** The fields of one header block, in order. */
export class Headers {
  readonly fields: HeaderField[];
  constructor(fields: HeaderField[] = []) {
    this.fields = fields;
  }
  /** First value of a field (lower-case name), or ''. */
  get(name: string): string {
    for (const f of this.fields) if (f.name === name) return f.value;
    return '';
  }
  /** All values of a field (lower-case name). */
  all(name: string): string[] {
    const out: string[] = [];
    for (const f of this.fields) if (f.name === name) out.push(f.value);
    return out;
  }
  has(name: string): boolean {
    for (const f of this.fields) if (f.name === name) return true;
    return false;
  }
  /** First value with RFC 2047 encoded words decoded. */
  text(name: string): string {
    return decodeWords(this.get(name));
  }
}

/**
 * Trace and signature fields no decoder reads, often most of a bounce's header block (dozens of
 * Received lines, DKIM and ARC signatures, vendor stamps): skipped by parseMessage (see
 * KEPT_FIELD). Whole names, and prefixes (each ending with "-"), lower case.
 */
const BULKY_NAMES = ['received', 'dkim-signature', 'authentication-results', 'x-received', 'domainkey-signature', 'x-gm-message-state', 'x-ses-outgoing', 'feedback-id', 'x-cloudmark-analysis'];
const BULKY_PREFIXES = ['arc-', 'x-ms-', 'x-microsoft-', 'x-forefront-', 'x-google-', 'x-proofpoint-', 'x-mimecast-'];

/**
 * One field: its name (printable US-ASCII except colon, RFC 5322), blanks, the colon, and its
 * value with the continuation lines that fold it (empty lines between them are skipped). A line
 * that is not a field (no colon, blanks in the name) is skipped, and so are continuation lines
 * after it.
 */
// Run over "\n" + block, led by the newline (as namedFields): the engine skips from line start
// to line start instead of trying the expression at every position (and only LF ends a line
// here, not CR or U+2028 as with ^ and the m flag).
const FIELD = /\n([!-9;-~]+)[ \t]*:([^\n]*(?:\n+[ \t][^\n]*)*)/g;

/**
 * FIELD for every field but the bulky ones, which the engine steps over without a match (a
 * bounce's header block is mostly Received and signature lines): what parseMessage keeps,
 * without a round trip to JavaScript, a lower-cased name and a test per skipped field.
 * Case-insensitive as names are compared lower-cased; the flag changes nothing else here.
 */
const KEPT_FIELD = new RegExp(`\\n(?!(?:${BULKY_NAMES.map(escapeRegExp).join('|')})[ \\t]*:|${BULKY_PREFIXES.map(escapeRegExp).join('|')})${FIELD.source.slice(2)}`, 'gi');

/** `wanted` of parseHeaders: every field except the bulky ones (BULKY_NAMES, BULKY_PREFIXES). */
export const WITHOUT_BULKY = Symbol('without bulky fields');

/**
 * Parses an unfolded-or-folded header block (LF line ends). With `wanted`, only those fields
 * are kept. One regular-expression scan finds the fields: native code from the first message
 * of a run, where a line-by-line loop in JavaScript runs interpreted for the first hundreds.
 */
export function parseHeaders(block: string, wanted?: ReadonlySet<string> | typeof WITHOUT_BULKY): Headers {
  const fields: HeaderField[] = [];
  // the fields left out are not even matched: a set of names is looked for by name (see
  // namedFields), and WITHOUT_BULKY steps over the bulky ones (KEPT_FIELD)
  const re = wanted === undefined ? FIELD : wanted === WITHOUT_BULKY ? KEPT_FIELD : namedFields(wanted);
  const text = `\n${block}`;
  // 8-bit header text is rare: one native check of the block spares one per field
  const eightBit = !isAscii(block);
  re.lastIndex = 0;
  for (let m = re.exec(text); m && fields.length < MAX_FIELDS; m = re.exec(text)) {
    const name = (m[1] ?? '').toLowerCase();
    const raw = m[2] ?? '';
    let value: string;
    if (raw.includes('\n')) {
      // unfolded: each line trimmed, joined by one space (up to MAX_VALUE)
      const lines = raw.split('\n');
      value = (lines[0] ?? '').slice(0, MAX_VALUE).trim();
      for (let i = 1; i < lines.length && value.length < MAX_VALUE; i++) if (lines[i]) value += ` ${(lines[i] ?? '').trim()}`;
    } else value = (raw.length > MAX_VALUE ? raw.slice(0, MAX_VALUE) : raw).trim();
    if (eightBit && hasHighBytes(value)) value = decodeBytes(value, 'utf-8');
    fields.push({ name, value });
  }
  return new Headers(fields);
}

const byNames = new WeakMap<ReadonlySet<string>, RegExp>();

/**
 * FIELD for the names of a set only (case-insensitive, as names are compared lower-cased), to
 * run over "\n" + block: led by a newline rather than a lookbehind, the engine skips from line
 * to line instead of trying every name at every position (a third fewer instructions).
 */
function namedFields(names: ReadonlySet<string>): RegExp {
  let re = byNames.get(names);
  if (!re) {
    // only names a field can have (lower case, as compared): others never match
    const alts = [...names].filter((n) => /^[!-9;-~]+$/.test(n) && n === n.toLowerCase()).map(escapeRegExp);
    re = new RegExp(`\\n(${alts.length ? alts.join('|') : '(?!)'})[ \\t]*:([^\\n]*(?:\\n+[ \\t][^\\n]*)*)`, 'gi');
    byNames.set(names, re);
  }
  return re;
}

/** True for a binary string (no char above 0xff) holding 8-bit bytes: undecoded header text. */
function hasHighBytes(s: string): boolean {
  return !isAscii(s) && /[\x80-\xff]/.test(s) && !/[\u0100-\uffff]/.test(s);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g;

/** Decodes RFC 2047 encoded words; blanks between two adjacent encoded words are dropped. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  return joined.replace(ENCODED_WORD, (_m, cs: string, enc: string, data: string) => {
    const charset = cs.split('*')[0] ?? cs;
    let bin: string;
    if (enc === 'b' || enc === 'B') bin = Buffer.from(data, 'base64').toString('latin1');
    else bin = data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return decodeBytes(bin, charset);
  });
}

export interface ContentType {
  /** lower-case "type/subtype"; "text/plain" when absent or unparsable */
  type: string;
  /** lower-case parameter names, values unquoted */
  params: Record<string, string>;
}

/** Parses a Content-Type (or any `value; a=b; c="d"`) field value. */
export function parseContentType(value: string): ContentType {
  const semi = value.indexOf(';');
  const head = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(head) ? head : 'text/plain';
  return { type, params: semi < 0 ? {} : parseParams(value.slice(semi + 1)) };
}

/** Parameters of a structured field ("; a=b; c=\"d;e\""), hand-parsed: faster than a global regex. */
function parseParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const continued: Record<string, string[]> = {};
  let hasContinued = false;
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s.charCodeAt(i) === 59 || s.charCodeAt(i) <= 32)) i++;
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const semi = s.indexOf(';', i);
    if (semi >= 0 && semi < eq) {
      i = semi + 1;
      continue;
    }
    const key = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < n && s.charCodeAt(i) <= 32) i++;
    let val: string;
    if (s.charCodeAt(i) === 34) {
      let j = s.indexOf('"', i + 1);
      if (j < 0) j = n;
      const esc = s.indexOf('\\', i + 1);
      let v: string;
      if (esc < 0 || esc > j) v = s.slice(i + 1, j); // no quoted-pair: the value as written
      else {
        j = i + 1;
        v = '';
        while (j < n && s.charCodeAt(j) !== 34) {
          if (s.charCodeAt(j) === 92 && j + 1 < n) j++;
          v += s[j];
          j++;
        }
      }
      val = v;
      i = j + 1;
      const next = s.indexOf(';', i);
      i = next < 0 ? n : next + 1;
    } else {
      const next = s.indexOf(';', i);
      val = (next < 0 ? s.slice(i) : s.slice(i, next)).trim();
      i = next < 0 ? n : next + 1;
    }
    if (!key) continue;
    const cont = key.includes('*') ? /^(.+?)\*(\d+)\*?$/.exec(key) : null;
    if (cont) {
      (continued[cont[1] ?? key] ??= [])[Number(cont[2])] = val;
      hasContinued = true;
      continue;
    }
    if (key.endsWith('*')) {
      out[key.slice(0, -1)] = decode2231(val);
      continue;
    }
    // (not `key in out`: a miss walks the prototype chain; an inherited name is skipped either way)
    if (out[key] === undefined) out[key] = val;
  }
  if (hasContinued) for (const [k, parts] of Object.entries(continued)) if (out[k] === undefined) out[k] = decode2231(parts.join(''));
  return out;
}

function decode2231(v: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return v;
  const bin = (m[2] ?? '').replace(/%([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
  return decodeBytes(bin, m[1] || 'utf-8');
}
