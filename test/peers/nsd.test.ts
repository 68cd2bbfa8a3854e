/**
 * Smoke test of the nsd peer: the record types the diagnostics rely on, long TXT (DKIM),
 * reverse zone, a DNSBL zone, NXDOMAIN, TCP, reload and clean stop.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { peerMissing } from './require.js';
import { startNsd, zone, txt, NSD_BINARY, type NsdPeer } from './nsd.js';
import { isLive, processesWith } from './proc.js';

const skip = peerMissing('nsd', NSD_BINARY);

// 600 bytes, like a 2048-bit DKIM key record.
const LONG = 'v=DKIM1; k=rsa; p=' + 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'.repeat(14).slice(0, 582);

function resolver(peer: NsdPeer): Resolver {
  const r = new Resolver({ timeout: 1000, tries: 2 });
  r.setServers([peer.server]);
  return r;
}

/** One DNS query over TCP (2-byte length prefix), to prove the TCP listener. */
function tcpQuery(peer: NsdPeer, name: string, type: 'A' | 'TXT'): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: peer.host, port: peer.port });
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error('tcp query timeout'));
    }, 3000);
    let buf = Buffer.alloc(0);
    s.on('connect', () => s.write(dnsPacket.streamEncode({ type: 'query', id: 7, questions: [{ type, name }] })));
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(t);
        s.destroy();
        resolve(dnsPacket.streamDecode(buf));
      }
    });
    s.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

describe('nsd peer', { skip }, () => {
  let peer: NsdPeer;

  before(async () => {
    peer = await startNsd({
      'test.example': zone('test.example', [
        '@ A 127.0.0.1',
        '@ MX 10 mail',
        '@ MX 20 mx2',
        '@ TXT "v=spf1 ip4:127.0.0.1 -all"',
        'mail A 127.0.0.1',
        'mail AAAA ::1',
        'mx2 A 127.0.0.2',
        `sel._domainkey TXT ${txt(LONG)}`,
        '_imaps._tcp SRV 0 1 993 mail',
        '_dmarc TXT "v=DMARC1; p=reject"',
      ]),
      '127.in-addr.arpa': zone('127.in-addr.arpa', ['1.0.0 PTR mail.test.example.', '2.0.0 PTR mx2.test.example.']),
      'zen.test': zone('zen.test', ['2.0.0.127 A 127.0.0.2', '2.0.0.127 TXT "listed: see https://zen.test/2"']),
    });
  });

  after(async () => {
    await peer?.stop();
  });

  test('A, AAAA, MX, SRV', async () => {
    const r = resolver(peer);
    assert.deepEqual(await r.resolve4('mail.test.example'), ['127.0.0.1']);
    assert.deepEqual(await r.resolve6('mail.test.example'), ['::1']);
    const mx = (await r.resolveMx('test.example')).map(({ exchange, priority }) => ({ exchange, priority })).sort((a, b) => a.priority - b.priority);
    assert.deepEqual(mx, [
      { exchange: 'mail.test.example', priority: 10 },
      { exchange: 'mx2.test.example', priority: 20 },
    ]);
    assert.deepEqual((await r.resolveSrv('_imaps._tcp.test.example')).map(({ name, port, priority, weight }) => ({ name, port, priority, weight })), [
      { name: 'mail.test.example', port: 993, priority: 0, weight: 1 },
    ]);
  });

  test('TXT longer than 255 bytes arrives as 255-byte chunks that join to the value', async () => {
    assert.ok(LONG.length > 255);
    const recs = await resolver(peer).resolveTxt('sel._domainkey.test.example');
    assert.equal(recs.length, 1);
    const chunks = recs[0]!;
    assert.ok(chunks.length >= 3);
    assert.equal(chunks[0]!.length, 255);
    assert.equal(chunks.join(''), LONG);
  });

  test('txt() splits by bytes and escapes quotes', () => {
    assert.equal(txt(''), '""');
    assert.equal(txt('a"b\\c'), '"a\\"b\\\\c"');
    const t = txt('x'.repeat(256));
    assert.equal(t, `"${'x'.repeat(255)}" "x"`);
  });

  test('reverse zone PTR', async () => {
    const r = resolver(peer);
    // (Resolver.reverse() would consult /etc/hosts first; query the PTR name directly.)
    assert.deepEqual(await r.resolvePtr('1.0.0.127.in-addr.arpa'), ['mail.test.example']);
    assert.deepEqual(await r.resolvePtr('2.0.0.127.in-addr.arpa'), ['mx2.test.example']);
  });

  test('DNSBL-style zone: listed and not listed', async () => {
    const r = resolver(peer);
    assert.deepEqual(await r.resolve4('2.0.0.127.zen.test'), ['127.0.0.2']);
    assert.deepEqual(await r.resolveTxt('2.0.0.127.zen.test'), [['listed: see https://zen.test/2']]);
    await assert.rejects(r.resolve4('1.0.0.127.zen.test'), { code: 'ENOTFOUND' });
  });

  test('NXDOMAIN and NODATA', async () => {
    const r = resolver(peer);
    await assert.rejects(r.resolve4('nope.test.example'), { code: 'ENOTFOUND' });
    await assert.rejects(r.resolveMx('mail.test.example'), { code: 'ENODATA' });
  });

  test('answers over TCP, authoritatively', async () => {
    const res = await tcpQuery(peer, 'mx2.test.example', 'A');
    const flags = res.flags ?? 0;
    assert.equal(flags & 0xf, 0, 'rcode NOERROR');
    assert.ok(flags & dnsPacket.AUTHORITATIVE_ANSWER, 'AA bit');
    assert.deepEqual(
      res.answers?.map((a) => (a.type === 'A' ? a.data : null)),
      ['127.0.0.2'],
    );
  });

  test('reload replaces, adds and removes zones', async () => {
    const local = await startNsd({ 'a.test': zone('a.test', ['www A 127.0.0.5']), 'gone.test': zone('gone.test', []) });
    try {
      const r = resolver(local);
      assert.deepEqual(await r.resolve4('www.a.test'), ['127.0.0.5']);
      await local.reload({ 'a.test': zone('a.test', ['www A 127.0.0.6']), 'b.test': zone('b.test', ['www A 127.0.0.7']) });
      assert.deepEqual(await r.resolve4('www.a.test'), ['127.0.0.6']);
      assert.deepEqual(await r.resolve4('www.b.test'), ['127.0.0.7']);
      await assert.rejects(r.resolveSoa('gone.test'), { code: 'EREFUSED' });
    } finally {
      await local.stop();
    }
  });

  test('a zone that does not parse fails startup with the checker output', async () => {
    await assert.rejects(startNsd({ 'bad.test': '$ORIGIN bad.test.\n@ IN SOA broken\n' }), /bad\.test does not parse/);
  });

  test('stop() leaves no process and no directory', async () => {
    const local = await startNsd({ 'c.test': zone('c.test', []) });
    const marker = `${local.dir}/nsd.conf`;
    const pids = local.pids();
    assert.ok(pids.length >= 2, `nsd tree: ${pids.join(',')}`);
    await local.stop();
    assert.deepEqual(pids.filter(isLive), []);
    assert.deepEqual(processesWith(marker), []);
    assert.deepEqual(local.pids(), []);
    assert.equal(existsSync(local.dir), false);
  });
});
