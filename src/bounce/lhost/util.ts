/**
 * @module bounce/lhost/util
 * Small text tools shared by the format decoders.
 */
import { cleanAddress, findAddress, isAddress } from '../smtp-text.js';

/** Text after the first line matching `marker` (whole text when absent and `orAll`). */
export function after(text: string, marker: RegExp, orAll = false): string {
  const m = marker.exec(text);
  if (!m) return orAll ? text : '';
  const nl = text.indexOf('\n', m.index + m[0].length - 1);
  return nl < 0 ? '' : text.slice(nl + 1);
}

/** Text before the first line matching `marker` (whole text when absent). */
export function before(text: string, marker: RegExp): string {
  const m = marker.exec(text);
  return m ? text.slice(0, m.index) : text;
}

/** An address from "<a@b>", "a@b", "rfc822;a@b", "Name <a@b>"; '' when none. */
export function address(s: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(s);
  const c = cleanAddress(angle ? (angle[1] ?? '') : s);
  return isAddress(c) ? c : findAddress(s);
}

/** Collapses blanks. */
export { squash } from '../blanks.js';

/**
 * Splits lines into entries: an entry starts at a line matching `start` and runs until a blank
 * line (when `stopAtBlank`), the next start line, or a line matching `stop`.
 */
export function entries(text: string, start: RegExp, opts: { stop?: RegExp; stopAtBlank?: boolean } = {}): string[][] {
  const out: string[][] = [];
  let cur: string[] | undefined;
  for (const line of text.split('\n')) {
    if (opts.stop?.test(line)) {
      cur = undefined;
      if (out.length > 0) break;
      continue;
    }
    if (start.test(line)) {
      cur = [line];
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    if (line.trim() === '') {
      if (opts.stopAtBlank !== false) cur = undefined;
      continue;
    }
    cur.push(line);
  }
  return out;
}

/** "host mx.example.com[192.0.2.1] said:" and similar: the remote host named in a text. */
export function remoteHost(text: string): string {
  const m =
    /\bhost\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\[[0-9a-fA-F.:]+\])(?:\s*\[[0-9a-fA-F.:]+\])?\s*(?:said|refused|:|\(|\[)/i.exec(text) ??
    /\b(?:remote host|remote server|mail server|server|mx)\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/i.exec(text);
  return m ? (m[1] ?? '').replace(/^\[|\]$/g, '') : '';
}
