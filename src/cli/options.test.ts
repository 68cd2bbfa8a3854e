import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostPort, parseDnsServer } from './options.js';

describe('parseHostPort', () => {
  test('host, host:port, IPv4, bracketed and bare IPv6', () => {
    assert.deepEqual(parseHostPort('smtp.example.com'), { host: 'smtp.example.com' });
    assert.deepEqual(parseHostPort('smtp.example.com:587'), { host: 'smtp.example.com', port: 587 });
    assert.deepEqual(parseHostPort('127.0.0.1:25'), { host: '127.0.0.1', port: 25 });
    assert.deepEqual(parseHostPort('[::1]:465'), { host: '::1', port: 465 });
    assert.deepEqual(parseHostPort('2001:db8::1'), { host: '2001:db8::1' });
  });
  test('bad input is a usage error', () => {
    for (const bad of ['', 'host:0', 'host:70000', 'host:abc', 'bad host', ':25', 'a..b/c']) {
      assert.throws(() => parseHostPort(bad), { name: 'UsageError' }, bad);
    }
  });
  test('parseDnsServer defaults to port 53', () => {
    assert.deepEqual(parseDnsServer('127.0.0.1'), { host: '127.0.0.1', port: 53 });
    assert.deepEqual(parseDnsServer('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
    assert.equal(parseDnsServer(undefined), undefined);
  });
});
