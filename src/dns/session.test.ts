import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeDns } from '../../test/helpers/fake-dns.js';
import { Transcript } from '../core/transcript.js';
import { DnsClient } from './client.js';
import { createLimiter, mapLimit } from './limit.js';
import { toMailauthResolver } from './mailauth-resolver.js';
import { DnsCache, DnsSession } from './session.js';

describe('DnsSession', () => {
  test('asks each name/type once, also when asked concurrently, and logs and records answers', async () => {
    const dns = new FakeDns({ 'a.example': { A: ['192.0.2.1'] } });
    const t = new Transcript();
    const s = new DnsSession({ backend: dns, transcript: t });
    const [r1, r2] = await Promise.all([s.query('a.example', 'A'), s.query('A.EXAMPLE.', 'A')]);
    assert.equal(dns.count('a.example', 'A'), 1);
    assert.ok(r1.ok && r2.ok);
    assert.deepEqual(s.recordsRead(), { 'a.example A': ['192.0.2.1'] });
    assert.match(t.entries[0]?.text ?? '', /^a\.example A @127\.0\.0\.1:5353: 192\.0\.2\.1/);
  });

  test('a cache shares definite answers between sessions, not failures', async () => {
    const dns = new FakeDns({ 'a.example': { A: ['192.0.2.1'] } }, { 'b.example A': 'SERVFAIL' });
    const cache = new DnsCache(10);
    for (let i = 0; i < 3; i++) {
      const t = new Transcript();
      const s = new DnsSession({ backend: dns, cache, transcript: t });
      await s.query('a.example', 'A');
      await s.query('nx.example', 'A');
      await s.query('b.example', 'A');
      if (i > 0) assert.match(t.entries[0]?.text ?? '', /cached/);
    }
    assert.equal(dns.count('a.example', 'A'), 1);
    assert.equal(dns.count('nx.example', 'A'), 1);
    assert.equal(dns.count('b.example', 'A'), 3);
  });

  test('the cache is bounded; answers used recently survive, the others are dropped', async () => {
    const dns = new FakeDns({});
    const cache = new DnsCache(4);
    const s = (): DnsSession => new DnsSession({ backend: dns, cache });
    await s().query('1.example', 'A');
    await s().query('2.example', 'A');
    await s().query('1.example', 'A'); // used again: kept
    await s().query('3.example', 'A');
    assert.ok(cache.size <= 4);
    await s().query('1.example', 'A');
    await s().query('2.example', 'A');
    assert.equal(dns.count('1.example', 'A'), 1);
    assert.equal(dns.count('2.example', 'A'), 2);
    for (let i = 0; i < 100; i++) await s().query(`n${i}.example`, 'A');
    assert.ok(cache.size <= 4);
  });

  test('addresses: A and AAAA, with the reason when there are none', async () => {
    const s = new DnsSession({ backend: new FakeDns({ 'v6.example': { AAAA: ['2001:db8::1'] }, 'none.example': { MX: [{ priority: 0, exchange: '' }] } }, { 'bad.example *': 'TIMEOUT' }) });
    assert.deepEqual((await s.addresses('v6.example')).addresses, ['2001:db8::1']);
    assert.equal((await s.addresses('none.example')).code, 'NODATA');
    assert.equal((await s.addresses('nx.example')).code, 'NXDOMAIN');
    assert.equal((await s.addresses('bad.example')).code, 'TIMEOUT');
  });

  test('asClient gives a DnsClient that answers through the session', async () => {
    const dns = new FakeDns({ 'mail.example': { A: ['192.0.2.7'] } });
    const s = new DnsSession({ backend: dns });
    const client = s.asClient(1000);
    assert.ok(client instanceof DnsClient);
    assert.deepEqual(await client.addresses('mail.example'), { ok: true, addresses: ['192.0.2.7'] });
    await s.query('mail.example', 'A');
    assert.equal(dns.count('mail.example', 'A'), 1);
  });

  test('the mailauth resolver keeps node error codes (ENOTFOUND, ENODATA, ETIMEOUT) and TXT chunks', async () => {
    const s = new DnsSession({ backend: new FakeDns({ 'a.example': { TXT: ['v=spf1 -all'], A: ['192.0.2.1'] } }, { 't.example TXT': 'TIMEOUT' }) });
    const r = toMailauthResolver(s);
    assert.deepEqual(await r('a.example', 'TXT'), [['v=spf1 -all']]);
    await assert.rejects(r('nx.example', 'TXT'), { code: 'ENOTFOUND' });
    await assert.rejects(r('a.example', 'MX'), { code: 'ENODATA' });
    await assert.rejects(r('t.example', 'TXT'), { code: 'ETIMEOUT' });
  });
});

describe('limiter', () => {
  test('never runs more than n tasks at once, and keeps result order', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, x));
      active--;
      return x * 2;
    });
    assert.equal(peak, 2);
    assert.deepEqual(out, [10, 2, 8, 4, 6, 0]);
  });
  test('a failing task frees its slot', async () => {
    const l = createLimiter(1);
    await assert.rejects(l.run(async () => Promise.reject(new Error('x'))));
    assert.equal(await l.run(async () => 7), 7);
    assert.throws(() => createLimiter(0), RangeError);
  });
});
