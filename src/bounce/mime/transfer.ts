/**
 * @module bounce/mime/transfer
 * Content-Transfer-Encoding decoding on binary strings (one char per byte). Tolerant: broken
 * base64 and quoted-printable decode as far as they can, they never throw.
 */

/** Decodes base64, quoted-printable or identity encodings; returns a binary string. */
export function decodeTransfer(bin: string, encoding: string): string {
  const enc = encoding.trim().toLowerCase();
  if (enc === 'base64') return decodeBase64(bin);
  if (enc === 'quoted-printable') return decodeQuotedPrintable(bin);
  return bin;
}

function decodeBase64(bin: string): string {
  // Stop at the first line that is clearly not base64 (text appended after the encoded block).
  const clean = bin.replace(/[^A-Za-z0-9+/=\n]/g, '');
  return Buffer.from(clean, 'base64').toString('latin1');
}

function decodeQuotedPrintable(bin: string): string {
  return unescapeHex(bin.replace(TRAILING_BLANKS, '\n').replace(/=\n/g, ''));
}

/**
 * Blanks at the end of a line, with the line end. A match may start only where a run of blanks
 * starts: /[ \t]+\n/ also tried from every blank inside a run not followed by a line end, a
 * cost quadratic in the run's length (indented HTML: half of the expression's time).
 */
export const TRAILING_BLANKS = /(?<![ \t])[ \t]+\n/g;

/** Value of a hexadecimal digit's character code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20; // ASCII letters to lower case
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Every "=XY" (X, Y hexadecimal digits) replaced by the byte it encodes, left to right; any
 * other "=" is kept. What replace(/=([0-9A-Fa-f]{2})/g, ...) does, without a call of a
 * JavaScript function per escape (a quoted-printable notice in Japanese or German has one
 * per character or word).
 */
function unescapeHex(s: string): string {
  let out = '';
  let from = 0;
  for (let at = s.indexOf('='); at >= 0 && at + 2 < s.length; at = s.indexOf('=', at + 1)) {
    const hi = hexValue(s.charCodeAt(at + 1));
    const lo = hi < 0 ? -1 : hexValue(s.charCodeAt(at + 2));
    if (lo < 0) continue;
    out += s.slice(from, at) + String.fromCharCode(hi * 16 + lo);
    from = at + 3;
    at += 2;
  }
  return from === 0 ? s : out + s.slice(from);
}
