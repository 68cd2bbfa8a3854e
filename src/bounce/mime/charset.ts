/**
 * @module bounce/mime/charset
 * Bytes (as a binary string, one char per byte) to text, with the declared charset when Node's
 * ICU knows it, and sane fallbacks when the declaration is missing or wrong: ISO-2022-JP is
 * recognised by its escape sequences, invalid UTF-8 falls back to windows-1252.
 */

const decoders = new Map<string, InstanceType<typeof TextDecoder> | null>();

function decoderFor(label: string): InstanceType<typeof TextDecoder> | null {
  const key = label.toLowerCase();
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoder(ALIASES[key] ?? key, { fatal: false });
    } catch {
      d = null;
    }
    decoders.set(key, d);
  }
  return d;
}

/** Labels met in bounces that the WHATWG encoding registry spells differently. */
const ALIASES: Record<string, string> = {
  'x-sjis': 'shift_jis',
  'sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'cp932': 'shift_jis',
  'ks_c_5601-1987': 'euc-kr',
  'iso-2022-jp-2': 'iso-2022-jp',
  'iso-2022-jp-3': 'iso-2022-jp',
  'x-unknown': 'utf-8',
  'unknown-8bit': 'utf-8',
  'ansi_x3.4-1968': 'windows-1252',
  '7bit': 'utf-8',
  '8bit': 'utf-8',
};

/**
 * True when every character is below U+0080. Counted natively: a character above U+007F takes
 * two or more UTF-8 bytes, so the byte count equals the length only for ASCII (over ten times
 * faster than a regular-expression scan for a character class).
 */
export function isAscii(s: string): boolean {
  return Buffer.byteLength(s, 'utf8') === s.length;
}

/** Decodes a binary string with `charset` (a MIME charset label, may be empty). */
export function decodeBytes(bin: string, charset: string): string {
  const cs = charset.trim().toLowerCase();
  if (bin.includes('\x1b$B') || bin.includes('\x1b$@') || bin.includes('\x1b(J')) {
    if (cs === '' || cs === 'us-ascii' || cs === 'utf-8' || cs.startsWith('iso-2022-jp')) return decodeWith('iso-2022-jp', bin);
  }
  if (isAscii(bin)) return bin;
  if (cs === '' || cs === 'us-ascii' || cs === 'utf-8' || cs === 'utf8' || cs === 'ascii') {
    const t = decodeWith('utf-8', bin);
    return t.includes('\ufffd') ? decodeWith('windows-1252', bin) : t;
  }
  // A declared charset that does not fit the bytes (8-bit data labelled ISO-2022-JP or
  // US-ASCII, UTF-8 labelled as Latin-1...): valid UTF-8 wins over replacement characters.
  // A 7-bit ISO-2022 label on 8-bit data is wrong: the bytes are UTF-8, EUC or Shift_JIS.
  const t = cs.startsWith('iso-2022') ? '\ufffd' : decodeWith(cs, bin);
  if (t.includes('\ufffd')) {
    const chain = cs.startsWith('iso-2022-jp') ? ['utf-8', 'euc-jp', 'shift_jis'] : cs.startsWith('iso-2022-kr') ? ['utf-8', 'euc-kr'] : ['utf-8'];
    for (const label of chain) {
      const u = strict(label, bin);
      if (u !== undefined) return u;
    }
    if (cs.startsWith('iso-2022')) return decodeWith(chain[1] ?? 'utf-8', bin);
  }
  return t;
}

const strictDecoders = new Map<string, InstanceType<typeof TextDecoder>>();

/** Decodes only when the bytes are valid in `label`. */
function strict(label: string, bin: string): string | undefined {
  let d = strictDecoders.get(label);
  if (!d) {
    d = new TextDecoder(label, { fatal: true });
    strictDecoders.set(label, d);
  }
  try {
    return d.decode(Buffer.from(bin, 'latin1'));
  } catch {
    return undefined;
  }
}

function decodeWith(label: string, bin: string): string {
  const d = decoderFor(label) ?? decoderFor('utf-8');
  if (!d) return bin;
  return d.decode(Buffer.from(bin, 'latin1'));
}
