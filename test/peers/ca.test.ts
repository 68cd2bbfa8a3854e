/**
 * The test PKI gives exactly the verification error each fault cert is meant for, checked
 * with node:tls against an in-process TLS server that serves the cert's `certFile`.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, connect, createServer, type PeerCertificate, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createTestPki, ROOT_CA_CN, INTERMEDIATE_CA_CN, type TestCertName, type TestPki } from './ca.js';
import { peerMissing } from './require.js';

const skip = peerMissing('openssl', '/usr/bin/openssl');

interface Outcome {
  authorized: boolean;
  error?: string;
  chain: string[];
}

const servers: Server[] = [];

async function serve(pki: TestPki, name: TestCertName): Promise<number> {
  const c = pki.certs[name];
  const srv = createServer({ cert: c.certPem, key: c.keyPem }, (s) => s.end());
  srv.on('tlsClientError', () => undefined);
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return (srv.address() as AddressInfo).port;
}

/** Connects with rejectUnauthorized:false and reports what verification said. */
function probe(pki: TestPki, port: number, host: string, servername?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const sock: TLSSocket = connect({
      host: '127.0.0.1',
      port,
      ca: pki.caPem,
      rejectUnauthorized: false,
      ...(servername ? { servername } : {}),
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('TLS handshake timeout'));
    }, 5000);
    sock.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = sock.getPeerCertificate(true);
      const chain: string[] = [];
      let cur: PeerCertificate | undefined = cert;
      const seen = new Set<string>();
      while (cur && cur.subject && !seen.has(cur.fingerprint256)) {
        seen.add(cur.fingerprint256);
        const cn = cur.subject.CN;
        chain.push(Array.isArray(cn) ? cn.join(',') : (cn ?? ''));
        cur = (cur as { issuerCertificate?: PeerCertificate }).issuerCertificate;
      }
      let error: string | undefined = sock.authorizationError ? String(sock.authorizationError) : undefined;
      if (!error) {
        // Hostname check done the way node does it when rejectUnauthorized is true.
        const idErr = checkIdentity(servername ?? host, cert);
        if (idErr) error = idErr;
      }
      sock.destroy();
      resolve({ authorized: sock.authorized, chain, ...(error ? { error } : {}) });
    });
    sock.once('error', (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function checkIdentity(host: string, cert: PeerCertificate): string | undefined {
  const err: (Error & { code?: string }) | undefined = checkServerIdentity(host, cert);
  return err?.code;
}

/** Strict connect (rejectUnauthorized default true): resolves with the error code or 'ok'. */
function strict(pki: TestPki, port: number, servername?: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port, ca: pki.caPem, ...(servername ? { servername } : {}) });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve('timeout');
    }, 5000);
    sock.once('secureConnect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve('ok');
    });
    sock.once('error', (e: Error & { code?: string }) => {
      clearTimeout(timer);
      resolve(e.code ?? e.message);
    });
  });
}

describe('test PKI', { skip }, () => {
  let pki: TestPki;
  const ports = {} as Record<TestCertName, number>;

  before(async () => {
    pki = await createTestPki();
    for (const name of Object.keys(pki.certs) as TestCertName[]) ports[name] = await serve(pki, name);
  });
  after(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  test('is cached per process', async () => {
    assert.equal(await createTestPki(), pki);
  });

  test('root and intermediate are CAs with the documented names', () => {
    const root = new X509Certificate(pki.caPem);
    const inter = new X509Certificate(pki.intermediatePem);
    assert.match(root.subject, new RegExp(`CN=${ROOT_CA_CN}`));
    assert.equal(root.subject, root.issuer);
    assert.equal(root.ca, true);
    assert.match(inter.subject, new RegExp(`CN=${INTERMEDIATE_CA_CN}`));
    assert.equal(inter.issuer, root.subject);
    assert.equal(inter.ca, true);
    assert.ok(inter.verify(root.publicKey));
  });

  test('served files: chain for valid/expired/notYetValid/wrongHost, leaf only for leafOnly/selfSigned', () => {
    const count = (n: TestCertName) => pki.certs[n].certPem.match(/-----BEGIN CERTIFICATE-----/g)?.length;
    assert.equal(count('valid'), 2);
    assert.equal(count('expired'), 2);
    assert.equal(count('notYetValid'), 2);
    assert.equal(count('wrongHost'), 2);
    assert.equal(count('leafOnly'), 1);
    assert.equal(count('selfSigned'), 1);
    assert.match(pki.certs.valid.keyPem, /BEGIN PRIVATE KEY/);
  });

  test('validity dates', () => {
    const now = Date.now();
    const leaf = (n: TestCertName) => new X509Certificate(pki.certs[n].certPem);
    assert.ok(Date.parse(leaf('expired').validTo) < now);
    assert.ok(Date.parse(leaf('notYetValid').validFrom) > now);
    assert.ok(Date.parse(leaf('valid').validFrom) < now && Date.parse(leaf('valid').validTo) > now);
    assert.equal(leaf('valid').subjectAltName, 'DNS:mail.test.example, DNS:localhost, IP Address:127.0.0.1, IP Address:127.0.0.2');
    assert.equal(leaf('wrongHost').subjectAltName, 'DNS:other.test.example');
  });

  test('valid: trusted, chain leaf <- intermediate <- root, all names match', async () => {
    for (const [host, sni] of [['127.0.0.1', undefined], ['127.0.0.2', undefined], ['x', 'mail.test.example'], ['x', 'localhost']] as const) {
      const o = await probe(pki, ports.valid, host, sni);
      assert.deepEqual(o, { authorized: true, chain: ['mail.test.example', INTERMEDIATE_CA_CN, ROOT_CA_CN] }, `${host} ${sni}`);
    }
    assert.equal(await strict(pki, ports.valid, 'mail.test.example'), 'ok');
    assert.equal(await strict(pki, ports.valid), 'ok'); // IP SAN 127.0.0.1
  });

  const expected: [TestCertName, string][] = [
    ['expired', 'CERT_HAS_EXPIRED'],
    ['notYetValid', 'CERT_NOT_YET_VALID'],
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['leafOnly', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ];
  for (const [name, code] of expected) {
    test(`${name}: ${code}`, async () => {
      const o = await probe(pki, ports[name], '127.0.0.1', 'mail.test.example');
      assert.equal(o.authorized, false);
      assert.equal(o.error, code);
      assert.equal(await strict(pki, ports[name], 'mail.test.example'), code);
    });
  }

  test('wrongHost: chain trusted, hostname mismatch only', async () => {
    const o = await probe(pki, ports.wrongHost, '127.0.0.1', 'mail.test.example');
    assert.equal(o.authorized, true);
    assert.equal(o.error, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.deepEqual(o.chain, ['other.test.example', INTERMEDIATE_CA_CN, ROOT_CA_CN]);
    assert.equal(await strict(pki, ports.wrongHost, 'mail.test.example'), 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.equal(await strict(pki, ports.wrongHost), 'ERR_TLS_CERT_ALTNAME_INVALID'); // 127.0.0.1
    assert.equal(await strict(pki, ports.wrongHost, 'other.test.example'), 'ok');
  });
});
