/**
 * @module bounce/mime/parse
 * A lean MIME reader specialised for bounces.
 *
 * Why not mailparser (which the project also ships)? Three needs it does not meet here:
 * - speed: a bounce is read in a few tens of microseconds, so `maildoctor bounce` can go
 *   through a mailbox an order of magnitude faster than Sisimai; mailparser's stream pipeline
 *   costs milliseconds per message;
 * - raw access: the delivery-status and rfc822-headers parts, and the headers of the returned
 *   message, are needed as undecoded field blocks; non-MIME bounces need the plain body;
 * - robustness on broken MIME, common in bounces: wrong or missing boundaries (guessed from
 *   the body), wrong charsets (fallbacks), truncated base64, CR-only line ends, binary garbage.
 *   Every limit is explicit: input bytes, nesting depth, number of parts.
 */
import { Headers, WITHOUT_BULKY, parseContentType, parseHeaders } from './headers.js';
import { decodeTransfer } from './transfer.js';
import { decodeBytes } from './charset.js';
import { htmlToText } from './html.js';

/** Bytes of a message that are parsed; the rest (usually the returned attachment) is ignored. */
export const MAX_PARSE_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 8;
const MAX_PARTS = 300;

export interface MimePart {
  headers: Headers;
  /** lower-case type/subtype */
  type: string;
  params: Record<string, string>;
  /** undecoded body (binary string, LF line ends) */
  raw: string;
  /** children of a multipart */
  parts: MimePart[];
  /** text before the first boundary of a multipart */
  preamble: string;
  /** true when the declared boundary was missing and a boundary was guessed from the body */
  guessedBoundary?: boolean;
}

export interface ParsedMessage {
  headers: Headers;
  root: MimePart;
  /** the input was longer than MAX_PARSE_BYTES and was cut */
  truncated: boolean;
}

/** Turns a Buffer or string into a binary string with LF line ends, cut at `limit` bytes. */
export function toBinary(raw: Buffer | string, limit = MAX_PARSE_BYTES): { bin: string; truncated: boolean } {
  let buf: Buffer | undefined;
  let s: string;
  if (typeof raw === 'string') {
    // A JS string may hold decoded text: keep it byte-exact when it is latin1, else UTF-8.
    if (/[\u0100-\uffff]/.test(raw)) buf = Buffer.from(raw, 'utf8');
    else s = raw;
  } else buf = raw;
  let truncated = false;
  if (buf) {
    if (buf.length > limit) {
      buf = buf.subarray(0, limit);
      truncated = true;
    }
    s = buf.toString('latin1');
  } else if (s!.length > limit) {
    s = s!.slice(0, limit);
    truncated = true;
  }
  let bin = s!;
  if (bin.includes('\r')) bin = bin.replace(/\r\n?/g, '\n');
  return { bin, truncated };
}

/** Splits a header block from its body. An mbox "From " line in front is skipped. */
export function splitHeadBody(bin: string): { head: string; body: string } {
  let start = 0;
  if (bin.startsWith('From ')) {
    const nl = bin.indexOf('\n');
    start = nl < 0 ? bin.length : nl + 1;
  }
  if (start < bin.length && bin.charCodeAt(start) === 10) return { head: '', body: bin.slice(start + 1) };
  const i = bin.indexOf('\n\n', start);
  if (i < 0) {
    // No blank line: header lines up to the first line that is not one, the rest is body.
    const m = /\n(?![ \t]|[!-9;-~]+:)/.exec(bin.slice(start));
    if (!m) return { head: bin.slice(start), body: '' };
    return { head: bin.slice(start, start + m.index), body: bin.slice(start + m.index + 1) };
  }
  return { head: bin.slice(start, i), body: bin.slice(i + 2) };
}

/** Parses a whole message. Never throws on any input. */
export function parseMessage(raw: Buffer | string): ParsedMessage {
  const { bin, truncated } = toBinary(raw);
  const counter = { parts: 0 };
  const root = parsePart(bin, 0, counter, '');
  return { headers: root.headers, root, truncated };
}

function parsePart(bin: string, depth: number, counter: { parts: number }, defaultType: string): MimePart {
  counter.parts++;
  const { head, body } = splitHeadBody(bin);
  const headers = parseHeaders(head, WITHOUT_BULKY);
  const ctField = headers.get('content-type');
  const ct = ctField ? parseContentType(ctField) : { type: defaultType || 'text/plain', params: {} };
  const part: MimePart = { headers, type: ct.type, params: ct.params, raw: body, parts: [], preamble: '', guessedBoundary: false };
  if (!ct.type.startsWith('multipart/') || depth >= MAX_DEPTH) return part;
  let boundary = ct.params.boundary ?? '';
  let split = boundary ? splitMultipart(body, boundary) : undefined;
  if (!split) {
    boundary = guessBoundary(body);
    split = boundary ? splitMultipart(body, boundary) : undefined;
    if (split) part.guessedBoundary = true;
  }
  if (!split) return part;
  part.preamble = split.preamble;
  const childDefault = ct.type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  for (const chunk of split.chunks) {
    if (counter.parts >= MAX_PARTS) break;
    part.parts.push(parsePart(chunk, depth + 1, counter, childDefault));
  }
  return part;
}

/** Splits a multipart body at its boundary lines; undefined when the boundary never occurs. */
function splitMultipart(body: string, boundary: string): { preamble: string; chunks: string[] } | undefined {
  const delim = `--${boundary}`;
  let pos = body.startsWith(delim) ? 0 : body.indexOf(`\n${delim}`);
  if (pos < 0) return undefined;
  if (pos > 0) pos += 1;
  const preamble = body.slice(0, pos > 0 ? pos - 1 : 0);
  const chunks: string[] = [];
  while (pos >= 0 && chunks.length < MAX_PARTS) {
    const after = pos + delim.length;
    if (body.startsWith('--', after)) break; // close delimiter
    const eol = body.indexOf('\n', after);
    if (eol < 0) break;
    const next = body.indexOf(`\n${delim}`, eol);
    if (next < 0) {
      chunks.push(body.slice(eol + 1));
      break;
    }
    chunks.push(body.slice(eol + 1, next));
    pos = next + 1;
  }
  return { preamble, chunks };
}

/**
 * Finds a boundary in a body whose declared one is missing or wrong: a "--xyz" line followed by
 * part headers (or a blank line) whose delimiter occurs at least twice.
 */
function guessBoundary(body: string): string {
  const re = /^--([^\s]{1,70})[ \t]*\n(?:content-[a-z-]+:|\n)/gim;
  const scope = body.length > 256 * 1024 ? body.slice(0, 256 * 1024) : body;
  for (let m = re.exec(scope); m; m = re.exec(scope)) {
    const b = (m[1] ?? '').replace(/--$/, '');
    if (!b) continue;
    const first = scope.indexOf(`--${b}`);
    if (scope.indexOf(`\n--${b}`, first + 2 + b.length) >= 0) return b;
  }
  return '';
}

/** Decoded text of a leaf part (transfer encoding and charset undone; HTML turned into text). */
export function partText(part: MimePart): string {
  const bin = decodeTransfer(part.raw, part.headers.get('content-transfer-encoding'));
  let text = decodeBytes(bin, part.params.charset ?? '');
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return part.type === 'text/html' ? htmlToText(text) : text;
}

/** Undoes the transfer encoding only (binary string). */
export function partBytes(part: MimePart): string {
  const bin = decodeTransfer(part.raw, part.headers.get('content-transfer-encoding'));
  return bin.includes('\r') ? bin.replace(/\r\n?/g, '\n') : bin;
}
