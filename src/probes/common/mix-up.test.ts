import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixUpRetry } from './mix-up.js';

test('a mix-up is retried the other way; other failures are not', () => {
  assert.equal(mixUpRetry('implicit-tls-expected', false), 'tls');
  assert.equal(mixUpRetry('starttls-expected', true), 'plain');
  assert.equal(mixUpRetry('implicit-tls-expected', true), null);
  assert.equal(mixUpRetry('starttls-expected', false), null);
  assert.equal(mixUpRetry('connection-refused', false), null);
  assert.equal(mixUpRetry(undefined, false), null);
});
