/**
 * @module bounce/mime/html
 * HTML to plain text, enough for bounce notices sent as HTML only (Office 365, some webmail):
 * block elements become line breaks, tags go, common entities are decoded.
 *
 * The steps that remove an element, a comment or a tag are loops, not `replace` with an
 * expression such as /<[^>]*>/g: an expression is tried again from every "<" and scans to the
 * end of the text each time when no ">" follows, so 100 KB of "<" took 5.6 s and a 4 MB part
 * (MAX_PARSE_BYTES) would take hours. Each loop stops as soon as nothing further can match and
 * gives the same text as the expression it replaces (see the comment of each).
 */

import { TRAILING_BLANKS } from './transfer.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Elements whose content is not text (their start, found case-insensitively). */
const HIDDEN_START = /<(script|style|head)\b/gi;
/** The end tag of each of HIDDEN_START's elements. */
const HIDDEN_END: Record<string, RegExp> = { script: /<\/script\s*>/gi, style: /<\/style\s*>/gi, head: /<\/head\s*>/gi };
/** Tags that end a line of text (their start). */
const BLOCK_START = /<(?:br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|p|div|tr|li)\b/gi;

/**
 * `s` with each span that `next` finds replaced by `by`; `next(from)` gives the first span
 * starting at or after `from` (where the last one ended), or undefined when there is none.
 */
function replaceSpans(s: string, by: string, next: (from: number) => [number, number] | undefined): string {
  let out = '';
  let from = 0;
  for (let span = next(0); span; span = next(from)) {
    out += s.slice(from, span[0]) + by;
    from = span[1];
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * What replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '') gives: an element from
 * its start tag (up to the first ">" after the name) to the first end tag of the same name (any
 * letter case) after that. A start with no ">" after it means no later start has one either:
 * the loop ends. A name without an end tag after the first ">" that follows one of its starts
 * has none after any later start of it either: the name is left out from then on.
 */
function removeHidden(s: string): string {
  let gt = -1; // the first ">" at or after the last position looked from (-1: look again)
  const dead = new Set<string>();
  return replaceSpans(s, '', (from) => {
    HIDDEN_START.lastIndex = from;
    for (let m = HIDDEN_START.exec(s); m; m = HIDDEN_START.exec(s)) {
      const name = (m[1] ?? '').toLowerCase();
      if (dead.has(name)) continue;
      const nameEnd = m.index + m[0].length;
      if (gt < nameEnd) gt = s.indexOf('>', nameEnd);
      if (gt < 0) return undefined;
      const end = HIDDEN_END[name]!;
      end.lastIndex = gt + 1;
      const close = end.exec(s);
      if (close) return [m.index, close.index + close[0].length];
      dead.add(name);
      if (dead.size === 3) return undefined;
      HIDDEN_START.lastIndex = m.index + 1;
    }
    return undefined;
  });
}

/**
 * What replace(/<!--[\s\S]*?-->/g, '') gives: a comment from "<!--" to the first "-->" after
 * it (not overlapping it). Without one, no later comment ends either: the loop ends.
 */
function removeComments(s: string): string {
  return replaceSpans(s, '', (from) => {
    const open = s.indexOf('<!--', from);
    const close = open < 0 ? -1 : s.indexOf('-->', open + 4);
    return close < 0 ? undefined : [open, close + 3];
  });
}

/**
 * What replace(/<(br|\/p|...|li)\b[^>]*>/gi, '\n') gives: each such tag, from "<" to the first
 * ">" after its name, becomes a line break. A tag start with no ">" after it means no later
 * one has one either: the loop ends.
 */
function breakBlocks(s: string): string {
  return replaceSpans(s, '\n', (from) => {
    BLOCK_START.lastIndex = from;
    const m = BLOCK_START.exec(s);
    const gt = m ? s.indexOf('>', m.index + m[0].length) : -1;
    return m && gt >= 0 ? [m.index, gt + 1] : undefined;
  });
}

/**
 * What replace(/<[^>]*>/g, '') gives: each "<" up to the first ">" after it goes. A "<" with
 * no ">" after it means no later one has one either: the loop ends.
 */
function removeTags(s: string): string {
  return replaceSpans(s, '', (from) => {
    const lt = s.indexOf('<', from);
    const gt = lt < 0 ? -1 : s.indexOf('>', lt + 1);
    return gt < 0 ? undefined : [lt, gt + 1];
  });
}

/**
 * The markup steps of htmlToText: elements without text, comments and tags removed, block
 * tags and cell ends made line breaks and blanks (exported for its test, which checks it
 * against the expressions it replaces).
 */
export function stripMarkup(html: string): string {
  return removeTags(breakBlocks(removeComments(removeHidden(html))).replace(/<\/t[dh]\s*>/gi, ' '));
}

export function htmlToText(html: string): string {
  return stripMarkup(html)
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
      const k = e.toLowerCase();
      if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16) || 32);
      if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10) || 32);
      return ENTITIES[k] ?? m;
    })
    .replace(TRAILING_BLANKS, '\n')
    .replace(/\n{3,}/g, '\n\n');
}
