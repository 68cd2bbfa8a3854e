import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { Transcript } from '../core/transcript.js';
import { DnsClient } from '../dns/client.js';
import { openConnection, upgradeLineSocket } from './connect.js';
import { LineSocket } from './line-socket.js';
import { assessCertificate } from './tls-facts.js';
import { classifyConnectError, classifyTlsError } from './errors.js';
import { createTestPki, type TestPki, type TestCertName } from '../../test/peers/ca.js';

type Handler = (s: net.Socket) => void;

async function listen(handler: Handler): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    handler(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

const dns = new DnsClient({ timeoutMs: 2000 });

describe('LineSocket', () => {
  test('reads CRLF and bare-LF lines, logs them, and reports a hang-up mid-line', async () => {
    const srv = await listen((s) => {
      s.write('220 first\r\n250 second\n');
      setTimeout(() => s.end('partial without end'), 30);
    });
    const t = new Transcript();
    const r = await openConnection({ host: '127.0.0.1', port: srv.port, implicitTls: false, timeoutMs: 2000, dns, transcript: t.view('x') });
    assert.ok(r.ok);
    const a = await r.socket.readLine(1000);
    const b = await r.socket.readLine(1000);
    const c = await r.socket.readLine(1000);
    assert.deepEqual([a.ok && a.line, b.ok && b.line], ['220 first', '250 second']);
    assert.equal(c.ok, false);
    if (!c.ok) {
      assert.equal(c.reason, 'closed');
      assert.equal(c.partial, 'partial without end');
    }
    assert.ok(t.entries.some((e) => e.dir === 's' && e.text === '220 first'));
    r.socket.destroy();
    await srv.close();
  });

  test('an endless line is cut at the limit; silence is a timeout', async () => {
    const srv = await listen((s) => s.write('x'.repeat(40_000)));
    const t = new Transcript();
    const sock = net.connect(srv.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const ls = new LineSocket(sock, t.view('x'), { maxLineBytes: 1024 });
    const r = await ls.readLine(1000);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.reason, 'too-long');
    ls.destroy();
    await srv.close();

    const quiet = await listen(() => undefined);
    const s2 = net.connect(quiet.port, '127.0.0.1');
    await new Promise((r2) => s2.once('connect', r2));
    const ls2 = new LineSocket(s2, t.view('y'));
    const r2 = await ls2.readLine(100);
    assert.equal(r2.ok, false);
    if (!r2.ok) assert.equal(r2.reason, 'timeout');
    ls2.destroy();
    await quiet.close();
  });

  test('writeLine logs the redacted form, the wire gets the real bytes', async () => {
    let got = '';
    const srv = await listen((s) => s.on('data', (d) => (got += d.toString())));
    const t = new Transcript();
    const r = await openConnection({ host: '127.0.0.1', port: srv.port, implicitTls: false, timeoutMs: 2000, dns, transcript: t.view('x') });
    assert.ok(r.ok);
    r.socket.writeLine('AUTH PLAIN AGFsaWNlAHNlY3JldA==', 'AUTH PLAIN <redacted>');
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(got, 'AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n');
    const c = t.entries.find((e) => e.dir === 'c');
    assert.equal(c?.text, 'AUTH PLAIN <redacted>');
    assert.equal(c?.redacted, true);
    r.socket.destroy();
    await srv.close();
  });
});

describe('openConnection failures', () => {
  test('a closed port is connection-refused', async () => {
    const srv = await listen(() => undefined);
    const port = srv.port;
    await srv.close();
    const r = await openConnection({ host: '127.0.0.1', port, implicitTls: false, timeoutMs: 2000, dns, transcript: new Transcript().view('x') });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.stage, 'connect');
      assert.equal(r.failure.cause, 'connection-refused');
    }
  });
  test('TLS to a plain-text server is starttls-expected', async () => {
    const srv = await listen((s) => s.write('220 plain.example ESMTP\r\n'));
    const r = await openConnection({ host: '127.0.0.1', port: srv.port, implicitTls: true, timeoutMs: 2000, dns, transcript: new Transcript().view('x') });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.stage, 'tls');
      assert.equal(r.failure.cause, 'starttls-expected');
    }
    await srv.close();
  });
  test('error tables', () => {
    const e = (code: string, message = code) => Object.assign(new Error(message), { code });
    assert.equal(classifyConnectError(e('ENETUNREACH')).cause, 'network-unreachable');
    assert.equal(classifyConnectError(e('EHOSTUNREACH')).cause, 'network-unreachable');
    assert.equal(classifyConnectError(e('ECONNRESET')).cause, 'connection-lost');
    assert.equal(classifyTlsError(e('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version')).cause, 'tls-version-mismatch');
    assert.equal(classifyTlsError(e('ERR_SSL_UNSUPPORTED_PROTOCOL', 'unsupported protocol')).cause, 'tls-version-mismatch');
    assert.equal(classifyTlsError(e('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure')).cause, 'tls-handshake-failed');
  });
});

describe('TLS facts and certificate assessment', () => {
  let pki: TestPki;
  before(async () => {
    pki = await createTestPki();
  });

  async function tlsServer(cert: TestCertName): Promise<{ port: number; close: () => Promise<void> }> {
    const srv = tls.createServer({ cert: pki.certs[cert].certPem, key: pki.certs[cert].keyPem }, (s) => {
      s.on('error', () => undefined);
      s.write('* OK ready\r\n');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return { port: (srv.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => srv.close(() => r())) };
  }

  const cases: [TestCertName, string[]][] = [
    ['valid', []],
    ['expired', ['cert-expired']],
    ['notYetValid', ['cert-not-yet-valid']],
    ['selfSigned', ['cert-self-signed']],
    ['wrongHost', ['cert-hostname-mismatch']],
    ['leafOnly', ['cert-chain-incomplete']],
  ];
  for (const [name, expected] of cases) {
    test(`${name} certificate -> ${expected.join(', ') || 'no problem'}`, async () => {
      const srv = await tlsServer(name);
      const t = new Transcript();
      const r = await openConnection({
        host: '127.0.0.1',
        port: srv.port,
        implicitTls: true,
        tls: { verifyName: 'mail.test.example', ca: pki.caPem },
        timeoutMs: 3000,
        dns,
        transcript: t.view('x'),
      });
      assert.ok(r.ok, 'handshake completes even when verification fails');
      assert.ok(r.tls);
      assert.equal(r.tls.servername, 'mail.test.example');
      assert.match(r.tls.protocol ?? '', /^TLSv1\.[23]$/);
      assert.ok(r.tls.chain.length >= 1);
      const problems = assessCertificate(r.tls, { host: 'mail.test.example' }).map((p) => p.cause);
      assert.deepEqual(problems, expected);
      assert.equal(r.tls.valid, expected.length === 0);
      const line = await r.socket.readLine(1000);
      assert.ok(line.ok && line.line === '* OK ready');
      r.socket.destroy();
      await srv.close();
    });
  }

  test('without --ca the private root is untrusted', async () => {
    const srv = await tlsServer('valid');
    const r = await openConnection({ host: '127.0.0.1', port: srv.port, implicitTls: true, tls: { verifyName: 'localhost' }, timeoutMs: 3000, dns, transcript: new Transcript().view('x') });
    assert.ok(r.ok && r.tls);
    const problems = assessCertificate(r.tls, { host: 'localhost' });
    assert.deepEqual(problems.map((p) => p.cause), ['cert-untrusted']);
    assert.match(problems[0]?.slots.issuer ?? '', /maildoctor Test/);
    r.socket.destroy();
    await srv.close();
  });

  test('STARTTLS upgrade continues line reading on the TLS socket', async () => {
    const ctx = tls.createSecureContext({ cert: pki.certs.valid.certPem, key: pki.certs.valid.keyPem });
    const srv = await listen((s) => {
      s.write('220 ready\r\n');
      s.once('data', () => {
        s.write('220 go ahead\r\n');
        const ts = new tls.TLSSocket(s, { isServer: true, secureContext: ctx });
        ts.on('error', () => undefined);
        ts.on('secure', () => ts.write('250 secured\r\n'));
      });
    });
    const t = new Transcript();
    const r = await openConnection({ host: '127.0.0.1', port: srv.port, implicitTls: false, timeoutMs: 2000, dns, transcript: t.view('x') });
    assert.ok(r.ok);
    assert.ok((await r.socket.readLine(1000)).ok);
    r.socket.writeLine('STARTTLS');
    const go = await r.socket.readLine(1000);
    assert.ok(go.ok && go.line.startsWith('220'));
    const up = await upgradeLineSocket(r.socket, { verifyName: 'localhost', ca: pki.caPem }, 2000);
    assert.ok(up.ok);
    assert.equal(up.tls.valid, true);
    assert.equal(r.socket.isTls, true);
    const after2 = await r.socket.readLine(1000);
    assert.ok(after2.ok && after2.line === '250 secured');
    r.socket.destroy();
    await srv.close();
  });
});

after(() => undefined);
