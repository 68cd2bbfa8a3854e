import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { ipVersion, isIpAddress } from './ip.js';

test('ipVersion agrees with node:net isIP', () => {
  const cases = ['127.0.0.1', '192.0.2.255', '256.1.1.1', '1.2.3', '::1', '::', '2001:db8::1', 'fe80::1%eth0', '::ffff:192.0.2.1', '2001:db8:0:0:0:0:0:1:2',
    'mail.example.com', 'localhost', '127.0.0.1:25', '[::1]', '::1:25', 'abc:def', 'g::1', '', 'a:b:c', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', ':::'];
  for (const c of cases) assert.equal(ipVersion(c), isIP(c), c);
  assert.equal(isIpAddress('10.0.0.1'), true);
  assert.equal(isIpAddress('mx.example.org'), false);
});
