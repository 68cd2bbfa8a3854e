/**
 * Smoke test of the private Postfix peer: every port shows its distinctive behaviour (with
 * swaks and raw sockets), nothing leaks after stop(), instances do not share anything, and
 * the watchdog stops the master when the owning process is SIGKILLed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, checkServerIdentity, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { instanceProcesses, startPostfix, type PostfixPeer, type PostfixPortName } from './postfix.js';
import { IN_CI, peerMissing } from './require.js';
import { isLive, sleep } from './proc.js';
import { releasePorts } from './port-claims.js';

function skipReason(): string | false {
  const missing =
    peerMissing('postfix', '/usr/sbin/postfix') ||
    peerMissing('dovecot', '/usr/sbin/dovecot') ||
    peerMissing('swaks', '/usr/bin/swaks') ||
    peerMissing('openssl', '/usr/bin/openssl');
  if (missing) return missing;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    if (IN_CI) throw new Error('CI must run the Postfix peer tests as root');
    return 'the Postfix peer needs root';
  }
  return false;
}
const skip = skipReason();

// ---------------------------------------------------------------------------------------
// A tiny SMTP client for raw checks
// ---------------------------------------------------------------------------------------

interface Reply {
  code: number;
  lines: string[];
  /** Last line, e.g. "554 5.7.1 <x@y>: Relay access denied". */
  text: string;
}

class Session {
  private buf = '';
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(private sock: Socket) {
    this.attach(sock);
  }

  private attach(sock: Socket): void {
    this.sock = sock;
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      this.waiter?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    sock.on('error', () => undefined);
  }

  static open(port: number, implicitTls = false, ca?: string): Promise<Session> {
    return new Promise((resolve, reject) => {
      const sock = implicitTls
        ? tlsConnect({ host: '127.0.0.1', port, servername: 'mail.test.example', ...(ca ? { ca } : { rejectUnauthorized: false }) })
        : netConnect({ host: '127.0.0.1', port });
      sock.once(implicitTls ? 'secureConnect' : 'connect', () => resolve(new Session(sock)));
      sock.once('error', reject);
    });
  }

  get socket(): Socket {
    return this.sock;
  }

  /** Next complete reply (multi-line aware), with a 5 s deadline. */
  async read(): Promise<Reply> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const m = /(^|\n)(\d{3}) [^\n]*\r?\n/.exec(this.buf);
      if (m) {
        const raw = this.buf.slice(0, m.index + m[0].length);
        this.buf = this.buf.slice(raw.length);
        const lines = raw.split(/\r?\n/).filter(Boolean);
        const text = lines[lines.length - 1] ?? '';
        return { code: Number(text.slice(0, 3)), lines, text };
      }
      if (this.closed) throw new Error(`connection closed; pending ${JSON.stringify(this.buf)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SMTP reply within 5 s; pending ${JSON.stringify(this.buf)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiter = () => {
          clearTimeout(t);
          r();
        };
      });
      this.waiter = undefined;
    }
  }

  async cmd(line: string): Promise<Reply> {
    this.sock.write(`${line}\r\n`);
    return this.read();
  }

  /**
   * STARTTLS, then a handshake that trusts only the test root; returns the verification
   * error code (node's, hostname check included) or 'ok'. The session continues over TLS.
   */
  async starttls(ca: string, servername = 'mail.test.example'): Promise<{ code: string; sock: TLSSocket }> {
    const r = await this.cmd('STARTTLS');
    assert.equal(r.code, 220, r.text);
    this.sock.removeAllListeners('data');
    this.sock.removeAllListeners('close');
    const sock = await new Promise<TLSSocket>((resolve, reject) => {
      const t = tlsConnect({ socket: this.sock, servername, ca, rejectUnauthorized: false });
      t.once('secureConnect', () => resolve(t));
      t.once('error', reject);
    });
    let code = sock.authorizationError ? String(sock.authorizationError) : 'ok';
    if (code === 'ok') {
      const idErr: (Error & { code?: string }) | undefined = checkServerIdentity(servername, sock.getPeerCertificate());
      if (idErr) code = idErr.code ?? idErr.message;
    }
    this.closed = false;
    this.attach(sock);
    return { code, sock };
  }

  close(): void {
    this.sock.end('QUIT\r\n');
    this.sock.destroy();
  }
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
/** The EHLO reply offers AUTH with the peer's mechanisms (Dovecot SASL: PLAIN LOGIN CRAM-MD5). */
const offersAuth = (lines: string[]): boolean => lines.includes('250-AUTH PLAIN LOGIN CRAM-MD5');
const authPlain = (user: string, pw: string): string => `AUTH PLAIN ${b64(`\0${user}\0${pw}`)}`;

function swaks(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('/usr/bin/swaks', ['--server', '127.0.0.1', '--ehlo', 'client.test.example', ...args], { timeout: 20_000 }, (_e, out, err) =>
      resolve(`${out}${err}`),
    );
  });
}

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) return undefined;
    await sleep(50);
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 2000);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve(false);
    });
    s.once('error', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

// ---------------------------------------------------------------------------------------

describe('private Postfix peer', { skip }, () => {
  let pf: PostfixPeer;
  let alice: PostfixPeer['users']['alice'];

  before(async () => {
    pf = await startPostfix();
    alice = pf.users.alice;
  });
  after(async () => {
    await pf?.stop();
  });

  test('shape: loopback host, 11 distinct ports, users, PKI', () => {
    assert.equal(pf.host, '127.0.0.1');
    assert.equal(pf.localDomain, 'test.example');
    assert.equal(new Set(Object.values(pf.ports)).size, 11);
    assert.deepEqual(
      { user: alice.user, address: alice.address },
      { user: 'alice@test.example', address: 'alice@test.example' },
    );
    assert.ok(existsSync(pf.pki.caFile));
    assert.ok(pf.processes().length > 0);
  });

  test('`postfix check` finds nothing to warn about', async () => {
    const out = await new Promise<{ code: number; text: string }>((resolve) => {
      execFile('/usr/sbin/postfix', ['-c', `${pf.dir}/etc`, 'check'], { env: { ...process.env, MAIL_CONFIG: `${pf.dir}/etc` } },
        (e, so, se) => resolve({ code: e ? 1 : 0, text: `${so}${se}` }));
    });
    assert.equal(out.code, 0, out.text);
    // Lines from the instance itself (postfix-script, master, queue manager, ...), not from
    // smtpd sessions, which log warnings for the failed logins other tests make on purpose.
    const own = pf.log().split('\n').filter((l) => / postfix(\/(postfix-script|master|postlogd|qmgr|tlsmgr))?\[\d+\]: /.test(l));
    assert.ok(own.some((l) => l.includes('daemon started')), own.join('\n'));
    assert.deepEqual(own.filter((l) => /(warning|fatal|error|panic):/i.test(l)), []);
  });

  test('submission: healthy STARTTLS + AUTH PLAIN as alice, message delivered to bob', async () => {
    const out = await swaks([
      '--port', String(pf.ports.submission), '--tls', '--auth', 'PLAIN',
      '--auth-user', alice.user, '--auth-password', alice.password,
      '--from', alice.address, '--to', pf.users.bob.address, '--header', 'Subject: peer-smoke-1',
    ]);
    assert.match(out, /<~ {2}235 2\.7\.0 Authentication successful/);
    assert.match(out, /<~ {2}250 2\.0\.0 Ok: queued as/);
    const got = await waitFor(async () => (await pf.delivered('bob')).find((m) => m.includes('peer-smoke-1')));
    assert.ok(got, 'message reached bob\'s maildir');
  });

  test('submission: no AUTH before STARTTLS (smtpd_tls_auth_only)', async () => {
    const s = await Session.open(pf.ports.submission);
    assert.equal((await s.read()).text, '220 mail.test.example ESMTP Postfix');
    const ehlo = await s.cmd('EHLO client.test.example');
    assert.ok(ehlo.lines.includes('250-STARTTLS'));
    assert.ok(!ehlo.lines.some((l) => l.includes('AUTH')));
    assert.equal((await s.cmd(authPlain(alice.user, alice.password))).text, '503 5.5.1 Error: authentication not enabled');
    const { code } = await s.starttls(pf.pki.caPem);
    assert.equal(code, 'ok');
    const ehlo2 = await s.cmd('EHLO client.test.example');
    assert.ok(offersAuth(ehlo2.lines), ehlo2.lines.join('\n'));
    s.close();
  });

  test('submission: wrong password -> 535 5.7.8', async () => {
    const out = await swaks([
      '--port', String(pf.ports.submission), '--tls', '--auth', 'LOGIN',
      '--auth-user', alice.user, '--auth-password', 'not-the-password',
      '--from', alice.address, '--to', pf.users.bob.address, '--quit-after', 'AUTH',
    ]);
    assert.match(out, /<~\* 535 5\.7\.8 Error: authentication failed: \(reason unavailable\)/);
  });

  test('submission: unauthenticated relay -> 554 5.7.1 Relay access denied', async () => {
    const s = await Session.open(pf.ports.submission);
    await s.read();
    await s.cmd('EHLO client.test.example');
    assert.equal((await s.cmd('MAIL FROM:<someone@other.example>')).code, 250);
    assert.equal((await s.cmd('RCPT TO:<x@elsewhere.example>')).text, '554 5.7.1 <x@elsewhere.example>: Relay access denied');
    s.close();
  });

  test('submission: alice sending as bob -> 553 5.7.1 not owned by user (at RCPT TO)', async () => {
    const out = await swaks([
      '--port', String(pf.ports.submission), '--tls', '--auth', 'PLAIN',
      '--auth-user', alice.user, '--auth-password', alice.password,
      '--from', pf.users.bob.address, '--to', pf.users.bob.address, '--quit-after', 'RCPT',
    ]);
    assert.match(out, /~> MAIL FROM:<bob@test\.example>\n<~ {2}250 2\.1\.0 Ok/);
    assert.match(out, /<~\* 553 5\.7\.1 <bob@test\.example>: Sender address rejected: not owned by user alice@test\.example/);
  });

  test('smtps: implicit TLS with the valid chain + AUTH LOGIN', async () => {
    const s = await Session.open(pf.ports.smtps, true, pf.pki.caPem);
    assert.equal((s.socket as TLSSocket).authorized, true);
    assert.equal((await s.read()).code, 220);
    const ehlo = await s.cmd('EHLO client.test.example');
    assert.ok(offersAuth(ehlo.lines));
    assert.ok(!ehlo.lines.includes('250-STARTTLS'));
    assert.equal((await s.cmd('AUTH LOGIN')).text, '334 VXNlcm5hbWU6');
    assert.equal((await s.cmd(b64(alice.user))).text, '334 UGFzc3dvcmQ6');
    assert.equal((await s.cmd(b64(alice.password))).text, '235 2.7.0 Authentication successful');
    assert.equal((await s.cmd(`MAIL FROM:<${alice.address}>`)).code, 250);
    assert.equal((await s.cmd('RCPT TO:<someone@elsewhere.example>')).code, 250); // relays (then discarded)
    s.close();
  });

  test('mx: STARTTLS, no AUTH, unknown user 550 5.1.1, other domains relay denied', async () => {
    const s = await Session.open(pf.ports.mx);
    await s.read();
    const ehlo = await s.cmd('EHLO client.test.example');
    assert.ok(ehlo.lines.includes('250-STARTTLS'));
    assert.ok(!ehlo.lines.some((l) => l.includes('AUTH')));
    assert.equal((await s.cmd('MAIL FROM:<x@other.example>')).code, 250);
    assert.equal(
      (await s.cmd('RCPT TO:<nobody@test.example>')).text,
      '550 5.1.1 <nobody@test.example>: Recipient address rejected: User unknown in virtual mailbox table',
    );
    assert.equal((await s.cmd('RCPT TO:<x@elsewhere.example>')).text, '554 5.7.1 <x@elsewhere.example>: Relay access denied');
    assert.equal((await s.cmd('RCPT TO:<alice@test.example>')).text, '250 2.1.5 Ok');
    s.close();
  });

  test('clientRejected: greeting, EHLO and MAIL succeed; RCPT gets 554 Client host rejected', async () => {
    const s = await Session.open(pf.ports.clientRejected);
    assert.equal((await s.read()).code, 220);
    assert.equal((await s.cmd('EHLO client.test.example')).code, 250);
    assert.equal((await s.cmd('MAIL FROM:<x@other.example>')).code, 250);
    assert.equal(
      (await s.cmd('RCPT TO:<alice@test.example>')).text,
      '554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied',
    );
    s.close();
  });

  test('plaintext: no STARTTLS, AUTH offered and accepted in clear text', async () => {
    const s = await Session.open(pf.ports.plaintext);
    await s.read();
    const ehlo = await s.cmd('EHLO client.test.example');
    assert.ok(!ehlo.lines.includes('250-STARTTLS'));
    assert.ok(offersAuth(ehlo.lines));
    assert.equal((await s.cmd('STARTTLS')).text, '502 5.5.1 Error: command not implemented');
    assert.equal((await s.cmd(authPlain(alice.user, alice.password))).text, '235 2.7.0 Authentication successful');
    s.close();
  });

  test('requireTls: MAIL before STARTTLS -> 530 5.7.0', async () => {
    const s = await Session.open(pf.ports.requireTls);
    await s.read();
    await s.cmd('EHLO client.test.example');
    assert.equal((await s.cmd('MAIL FROM:<x@other.example>')).text, '530 5.7.0 Must issue a STARTTLS command first');
    s.close();
  });

  const certPorts: [PostfixPortName, string][] = [
    ['submission', 'ok'],
    ['expiredCert', 'CERT_HAS_EXPIRED'],
    ['notYetValidCert', 'CERT_NOT_YET_VALID'],
    ['selfSignedCert', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['wrongHostCert', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['leafOnlyCert', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ];
  for (const [port, expected] of certPorts) {
    test(`${port}: STARTTLS verification gives ${expected}, then AUTH is offered`, async () => {
      const s = await Session.open(pf.ports[port]);
      await s.read();
      await s.cmd('EHLO client.test.example');
      const { code } = await s.starttls(pf.pki.caPem);
      assert.equal(code, expected);
      assert.ok(offersAuth((await s.cmd('EHLO client.test.example')).lines));
      s.close();
    });
  }

  test('mail for other domains is discarded, never sent', async () => {
    const out = await swaks([
      '--port', String(pf.ports.submission), '--tls', '--auth', 'PLAIN',
      '--auth-user', alice.user, '--auth-password', alice.password,
      '--from', alice.address, '--to', 'someone@elsewhere.example',
    ]);
    const id = /250 2\.0\.0 Ok: queued as (\w+)/.exec(out)?.[1];
    assert.ok(id, out);
    const line = await waitFor(() => pf.log().split('\n').find((l) => l.includes(`${id}: to=<someone@elsewhere.example>`)));
    assert.match(line ?? '', /postfix\/discard\[\d+\]: .*relay=none, .*status=sent \(off-machine delivery is disabled/);
  });

  test('stop(): no process of this instance remains, ports closed, directory gone', async () => {
    const before = pf.processes();
    assert.ok(before.length > 0);
    await pf.stop();
    assert.deepEqual(pf.processes(), []);
    assert.ok(before.every((p) => !isLive(p)), 'every process seen before stop() has ended');
    assert.equal(existsSync(pf.dir), false);
    assert.equal(await refused(pf.ports.submission), true);
  });
});

describe('Postfix peer lifecycle', { skip }, () => {
  test('two instances at once share nothing; stop() leaves no process, port or directory', async () => {
    const [a, b] = await Promise.all([startPostfix(), startPostfix()]);
    try {
      assert.notEqual(a.dir, b.dir);
      const pa = new Set(Object.values(a.ports));
      assert.ok(Object.values(b.ports).every((p) => !pa.has(p)));
      const ia = new Set(a.processes());
      assert.ok(b.processes().every((p) => !ia.has(p)));
      for (const peer of [a, b]) {
        const s = await Session.open(peer.ports.mx);
        assert.equal((await s.read()).text, '220 mail.test.example ESMTP Postfix');
        s.close();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const peer of [a, b]) {
      assert.deepEqual(peer.processes(), []);
      assert.deepEqual(instanceProcesses(peer.dir), []);
      assert.equal(existsSync(peer.dir), false);
      assert.equal(await refused(peer.ports.submission), true);
    }
    await a.stop(); // idempotent
  });

  test('the Postfix master dies with its owner even after SIGKILL', async () => {
    const script = fileURLToPath(new URL('./postfix-owner.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    const info = await waitFor(() => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      return line ? (JSON.parse(line) as { dir: string; master: number; ports: number[]; pkiDir: string }) : undefined;
    }, 30_000);
    try {
      assert.ok(info, `owner did not start: ${out}`);
      assert.ok(isLive(info.master));
      child.kill('SIGKILL');
      const gone = await waitFor(() => (isLive(info.master) ? undefined : true), 10_000);
      assert.equal(gone, true, 'master still running after its owner was SIGKILLed');
      // The master's children follow it; Dovecot has PR_SET_PDEATHSIG.
      const rest = await waitFor(() => (instanceProcesses(info.dir).length === 0 ? true : undefined), 10_000);
      assert.equal(rest, true, `left: ${instanceProcesses(info.dir).join(',')}`);
    } finally {
      child.kill('SIGKILL');
      if (info) {
        for (const p of instanceProcesses(info.dir)) process.kill(p, 'SIGKILL');
        await rm(info.dir, { recursive: true, force: true });
        await rm(info.pkiDir, { recursive: true, force: true }); // its exit hook never ran
        if (child.pid) releasePorts(info.ports, child.pid); // its claims went stale with it
      }
    }
  });
});
