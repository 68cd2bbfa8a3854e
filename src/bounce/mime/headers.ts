/**
 * @module bounce/mime/headers
 * Header blocks of a message or MIME part: unfolding, lookup by name, RFC 2047 encoded words
 * and parameter parsing (with RFC 2231 continuations). Input is a "binary string" (one char per
 * byte, line ends already normalised to LF); 8-bit header text is decoded as UTF-8 when valid.
 */
import { decodeBytes } from './charset.js';

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
 * Received lines, DKIM and ARC signatures, vendor stamps): skipped by parseMessage.
 */
export function isBulkyField(name: string): boolean {
  return name === 'received' || name === 'dkim-signature' || name === 'authentication-results' || name.startsWith('arc-') ||
    name.startsWith('x-ms-') || name.startsWith('x-microsoft-') || name.startsWith('x-forefront-') || name.startsWith('x-google-') ||
    name === 'x-received' || name === 'domainkey-signature' || name === 'x-gm-message-state' || name.startsWith('x-proofpoint-') ||
    name.startsWith('x-mimecast-') || name === 'x-ses-outgoing' || name === 'feedback-id' || name === 'x-cloudmark-analysis';
}

/** Parses an unfolded-or-folded header block (LF line ends). With `wanted`, only those fields are kept. */
export function parseHeaders(block: string, wanted?: ReadonlySet<string> | ((name: string) => boolean)): Headers {
  const fields: HeaderField[] = [];
  let cur: HeaderField | undefined;
  let skipping = false;
  let start = 0;
  const n = block.length;
  while (start < n && fields.length < MAX_FIELDS) {
    let end = block.indexOf('\n', start);
    if (end < 0) end = n;
    const c = block.charCodeAt(start);
    if (end === start) {
      start = end + 1;
      continue;
    }
    if (c === 32 || c === 9) {
      if (cur && !skipping && cur.value.length < MAX_VALUE) cur.value += ` ${block.slice(start, end).trim()}`;
      start = end + 1;
      continue;
    }
    let colon = -1;
    for (let i = start; i < end; i++) {
      if (block.charCodeAt(i) === 58) {
        colon = i;
        break;
      }
    }
    cur = undefined;
    skipping = false;
    if (colon > start && colon < end && validName(block, start, colon)) {
      const name = block.slice(start, colon).trimEnd().toLowerCase();
      if (wanted && !(typeof wanted === 'function' ? wanted(name) : wanted.has(name))) skipping = true;
      else {
        cur = { name, value: block.slice(colon + 1, Math.min(end, colon + 1 + MAX_VALUE)).trim() };
        fields.push(cur);
      }
    }
    start = end + 1;
  }
  for (const f of fields) {
    if (hasHighBytes(f.value)) f.value = decodeBytes(f.value, 'utf-8');
  }
  return new Headers(fields);
}

/** Printable US-ASCII except colon (RFC 5322 field name); trailing blanks tolerated. */
function validName(s: string, from: number, to: number): boolean {
  let end = to;
  while (end > from && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  if (end === from) return false;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/** True for a binary string (no char above 0xff) holding 8-bit bytes: undecoded header text. */
function hasHighBytes(s: string): boolean {
  return /[\x80-\xff]/.test(s) && !/[\u0100-\uffff]/.test(s);
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
      continue;
    }
    if (key.endsWith('*')) {
      out[key.slice(0, -1)] = decode2231(val);
      continue;
    }
    if (!(key in out)) out[key] = val;
  }
  for (const [k, parts] of Object.entries(continued)) if (!(k in out)) out[k] = decode2231(parts.join(''));
  return out;
}

function decode2231(v: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return v;
  const bin = (m[2] ?? '').replace(/%([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
  return decodeBytes(bin, m[1] || 'utf-8');
}
