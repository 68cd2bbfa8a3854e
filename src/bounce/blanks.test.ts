import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squash } from './blanks.js';

test('squash collapses every kind of blank run exactly as a global replace would', () => {
  const cases = ['', ' ', 'a', 'a b', ' a b ', 'a  b', 'a\tb', 'a\nb', 'a \nb', 'a\u00a0b', 'a \u00a0b', 'a\u2028b', '\u3000a', 'a b  c d', 'a\r\n\r\nb  '];
  for (const s of cases) assert.equal(squash(s), s.replace(/\s+/g, ' ').trim(), JSON.stringify(s));
});
