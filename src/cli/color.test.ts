import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorEnabled } from './color.js';

test('colours only on a terminal; NO_COLOR and FORCE_COLOR win; CI alone does not turn them on', () => {
  assert.equal(colorEnabled({ CI: 'true' }, { isTTY: false }), false);
  assert.equal(colorEnabled({}, { isTTY: true }), true);
  assert.equal(colorEnabled({ TERM: 'dumb' }, { isTTY: true }), false);
  assert.equal(colorEnabled({ NO_COLOR: '1' }, { isTTY: true }), false);
  assert.equal(colorEnabled({ FORCE_COLOR: '1' }, { isTTY: false }), true);
  assert.equal(colorEnabled({ FORCE_COLOR: '0' }, { isTTY: false }), false);
});
