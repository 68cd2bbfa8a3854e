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
  return bin
    .replace(/[ \t]+\n/g, '\n')
    .replace(/=\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
