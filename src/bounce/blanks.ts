/**
 * @module bounce/blanks
 * Collapsing blanks, done for every diagnostic several times: most texts are already collapsed,
 * and a test is much cheaper than a global replace that builds the same string again.
 */

/** A blank other than a space, or a space followed by a blank: where collapsing changes something. */
const UNSQUASHED = /[^\S ]| \s/;

/** Runs of blanks (\s) turned into one space, leading and trailing ones removed. */
export function squash(s: string): string {
  return (UNSQUASHED.test(s) ? s.replace(/\s+/g, ' ') : s).trim();
}
