import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { Transcript } from '../core/transcript.js';
import { DnsClient, reverseName } from './client.js';

/** A UDP DNS server on loopback: answers A queries for *.ok.test, ignores *.silent.test, NXDOMAIN otherwise. */
let server: dgram.Socket;
let port: number;
let received = 0;

before(async () => {
  server = dgram.createSocket('udp4');
  server.on('message', (msg, rinfo) => {
    received++;
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    if (!question || question.name.endsWith('silent.test')) return;
    const ok = question.name.endsWith('ok.test') && question.type === 'A';
    const reply = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (ok ? 0 : 3),
      questions: q.questions,
      answers: ok ? [{ type: 'A', name: question.name, ttl: 60, data: '192.0.2.1' }] : [],
    });
    server.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  port = server.address().port;
});
after(() => server.close());

describe('DnsClient', () => {
  test('answers, NXDOMAIN and a deadline for a server that never answers; all logged', async () => {
    const t = new Transcript();
    const c = new DnsClient({ server: { host: '127.0.0.1', port }, timeoutMs: 400, tries: 1, transcript: t });
    const [a, nx, silent] = await Promise.all([c.query('a.ok.test', 'A'), c.query('a.nx.test', 'A'), c.query('a.silent.test', 'A')]);
    assert.deepEqual(a.ok && a.records, ['192.0.2.1']);
    assert.equal(!nx.ok && nx.code, 'NXDOMAIN');
    assert.equal(!silent.ok && silent.code, 'TIMEOUT');
    assert.equal(t.entries.length, 3);
  });

  test('many concurrent queries share a few resolver channels; a timeout does not cancel the others', async () => {
    const c = new DnsClient({ server: { host: '127.0.0.1', port }, timeoutMs: 400, tries: 1 });
    const names = Array.from({ length: 40 }, (_, i) => (i % 10 === 0 ? `s${i}.silent.test` : `h${i}.ok.test`));
    const results = await Promise.all(names.map((n) => c.query(n, 'A')));
    const ok = results.filter((r) => r.ok).length;
    const timeouts = results.filter((r) => !r.ok && r.code === 'TIMEOUT').length;
    assert.equal(ok, 36);
    assert.equal(timeouts, 4);
  });

  test('a closed port is a failure, not a crash; withTranscript keeps the server', async () => {
    const closed = dgram.createSocket('udp4');
    await new Promise<void>((r) => closed.bind(0, '127.0.0.1', r));
    const p = closed.address().port;
    closed.close();
    const c = new DnsClient({ server: { host: '127.0.0.1', port: p }, timeoutMs: 400, tries: 1 }).withTranscript(new Transcript());
    const r = await c.query('x.ok.test', 'A');
    assert.equal(r.ok, false);
    assert.deepEqual(c.server, { host: '127.0.0.1', port: p });
  });

  test('a query source replaces the resolver', async () => {
    const before = received;
    const c = new DnsClient({ source: async (name, type) => ({ ok: true, name, type, records: ['198.51.100.7'] as never, ms: 0 }) });
    assert.deepEqual(await c.addresses('anything.example'), { ok: true, addresses: ['198.51.100.7', '198.51.100.7'] });
    assert.equal(received, before);
  });

  test('reverse names', () => {
    assert.equal(reverseName('192.0.2.10'), '10.2.0.192.in-addr.arpa');
    assert.equal(reverseName('2001:db8::1'), `1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2.ip6.arpa`);
  });
});
