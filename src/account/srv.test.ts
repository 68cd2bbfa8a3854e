import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotOffered, orderSrv } from './srv.js';

describe('orderSrv', () => {
  test('lowest priority first, then highest weight, then name', () => {
    const recs = [
      { name: 'c.example', port: 993, priority: 20, weight: 0 },
      { name: 'b.example', port: 993, priority: 10, weight: 5 },
      { name: 'a.example', port: 993, priority: 10, weight: 60 },
      { name: 'd.example', port: 993, priority: 10, weight: 5 },
      { name: 'e.example', port: 993, priority: 0, weight: 0 },
    ];
    assert.deepEqual(
      orderSrv(recs).map((r) => r.name),
      ['e.example', 'a.example', 'b.example', 'd.example', 'c.example'],
    );
    assert.equal(recs[0]?.name, 'c.example', 'input not mutated');
  });
  test('target "." means not offered', () => {
    assert.equal(isNotOffered([{ name: '' }]), true);
    assert.equal(isNotOffered([{ name: '.' }]), true);
    assert.equal(isNotOffered([{ name: 'mail.example' }]), false);
    assert.equal(isNotOffered([]), false);
  });
});
