/**
 * Smoke test of the Dovecot peer: each listener's distinctive behaviour on the wire, the
 * mailbox fixture, isolation of concurrent instances, and a clean stop().
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { peerMissing } from './require.js';
import { startDovecot, DOVECOT_BINARY, type DovecotPeer } from './dovecot.js';
import { isLive, tcpAccepts } from './proc.js';

const skip = peerMissing('dovecot', DOVECOT_BINARY) || peerMissing('Pigeonhole managesieve', '/usr/lib/dovecot/managesieve');
const WAIT = 5000;

/** Minimal line client with STARTTLS upgrade; every wait has a timeout. */
class Lines {
  private buf = '';
  private waiters: (() => void)[] = [];
  private ended = false;
  private constructor(private sock: Socket | TLSSocket) {
    this.attach();
  }

  private attach(): void {
    this.sock.setEncoding('latin1');
    this.sock.on('data', (d: string) => {
      this.buf += d;
      this.wake();
    });
    this.sock.on('close', () => {
      this.ended = true;
      this.wake();
    });
    this.sock.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static plain(host: string, port: number): Promise<Lines> {
    return new Promise((resolve, reject) => {
      const s = netConnect({ host, port });
      const t = setTimeout(() => reject(new Error(`connect ${host}:${port} timeout`)), WAIT);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(new Lines(s));
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  static tls(host: string, port: number, ca: string, servername = 'mail.test.example'): Promise<Lines> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({ host, port, ca, servername });
      const t = setTimeout(() => reject(new Error(`tls ${host}:${port} timeout`)), WAIT);
      s.once('secureConnect', () => {
        clearTimeout(t);
        resolve(new Lines(s));
      });
      s.once('error', (e: Error) => {
        clearTimeout(t);
        s.destroy();
        reject(e);
      });
    });
  }

  /** Upgrades in place after a STARTTLS/STLS command was accepted; resolves when verified. */
  async starttls(ca: string, servername = 'mail.test.example'): Promise<void> {
    const raw: Socket = this.sock;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    const sec = await new Promise<TLSSocket>((resolve, reject) => {
      // An IP is checked against the IP SANs via `host`; SNI must not carry an IP (RFC 6066).
      const s = tlsConnect(isIP(servername) ? { socket: raw, ca, host: servername } : { socket: raw, ca, servername });
      const t = setTimeout(() => reject(new Error('starttls timeout')), WAIT);
      s.once('secureConnect', () => {
        clearTimeout(t);
        resolve(s);
      });
      s.once('error', (e: Error) => {
        clearTimeout(t);
        reject(e);
      });
    });
    assert.equal(sec.authorized, true, String(sec.authorizationError));
    this.sock = sec;
    this.buf = '';
    this.attach();
  }

  /** Next CRLF-terminated line. */
  async line(): Promise<string> {
    const end = Date.now() + WAIT;
    for (;;) {
      const i = this.buf.indexOf('\r\n');
      if (i >= 0) {
        const l = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        return l;
      }
      if (this.ended) throw new Error(`connection closed; pending: ${this.buf}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for a line; pending: ${this.buf}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Lines up to and including the first one matching `last`. */
  async until(last: (l: string) => boolean): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const l = await this.line();
      out.push(l);
      if (last(l)) return out;
    }
  }

  send(text: string): void {
    this.sock.write(text + '\r\n');
  }

  /** IMAP: sends `tag cmd`, returns all lines through the tagged reply. */
  async imap(tag: string, cmd: string): Promise<string[]> {
    this.send(`${tag} ${cmd}`);
    return this.until((l) => l.startsWith(`${tag} `));
  }

  close(): void {
    this.sock.destroy();
  }
}

const last = (lines: string[]): string => lines[lines.length - 1] ?? '';
const plainB64 = (u: string, p: string): string => Buffer.from(`\0${u}\0${p}`).toString('base64');

describe('dovecot peer', { skip }, () => {
  let peer: DovecotPeer;
  let ca: string;

  before(async () => {
    peer = await startDovecot();
    ca = peer.pki.caPem;
  });

  after(async () => {
    await peer?.stop();
  });

  test('shape of the peer', () => {
    assert.equal(peer.host, '127.0.0.1');
    assert.equal(peer.plainHost, '127.0.0.2');
    assert.equal(new Set(Object.values(peer.ports)).size, Object.keys(peer.ports).length);
    assert.notEqual(peer.users.alice.password, peer.users.bob.password);
    assert.ok(existsSync(`${peer.mailDir}/alice/Maildir/cur`));
  });

  test('imap: greeting, CAPABILITY with STARTTLS, LOGIN, LIST special-use, STATUS', async () => {
    const c = await Lines.plain(peer.host, peer.ports.imap);
    try {
      assert.match(await c.line(), /^\* OK \[CAPABILITY .*\] Dovecot/);
      const caps = await c.imap('a1', 'CAPABILITY');
      assert.match(caps[0]!, /^\* CAPABILITY .*\bSTARTTLS\b/);
      assert.match(caps[0]!, /AUTH=PLAIN/);
      assert.doesNotMatch(caps[0]!, /LOGINDISABLED/);
      assert.match(last(await c.imap('a2', `LOGIN alice ${peer.users.alice.password}`)), /^a2 OK/);
      const list = await c.imap('a3', 'LIST "" "*"');
      assert.ok(list.some((l) => /^\* LIST \([^)]*\\Junk[^)]*\) "\/" Junk$/.test(l)), list.join('\n'));
      assert.ok(list.some((l) => /^\* LIST \([^)]*\\Trash[^)]*\) "\/" Trash$/.test(l)), list.join('\n'));
      for (const [f, attr] of [['Sent', '\\Sent'], ['Drafts', '\\Drafts'], ['Archive', '\\Archive']]) {
        assert.ok(list.some((l) => l.includes(attr!) && l.endsWith(` ${f}`)), `${f} ${attr}`);
      }
      assert.ok(list.some((l) => l.endsWith(' Projects')));
      assert.ok(list.some((l) => l.endsWith(' INBOX')));
      const st = await c.imap('a4', 'STATUS INBOX (MESSAGES UNSEEN)');
      assert.equal(st[0], '* STATUS INBOX (MESSAGES 3 UNSEEN 1)');
      assert.equal((await c.imap('a5', 'STATUS Junk (MESSAGES)'))[0], '* STATUS Junk (MESSAGES 2)');
      assert.equal((await c.imap('a6', 'STATUS Trash (MESSAGES)'))[0], '* STATUS Trash (MESSAGES 1)');
      const found = await c.imap('a7', 'EXAMINE INBOX');
      assert.match(last(found), /^a7 OK \[READ-ONLY\]/);
      const search = await c.imap('a8', 'UID SEARCH HEADER Message-ID "inbox-3@test.example"');
      assert.match(search[0]!, /^\* SEARCH \d+$/);
      await c.imap('a9', 'LOGOUT');
    } finally {
      c.close();
    }
  });

  test('imap: wrong password gives NO [AUTHENTICATIONFAILED]; bob has his own password', async () => {
    const c = await Lines.plain(peer.host, peer.ports.imap);
    try {
      await c.line();
      assert.match(last(await c.imap('b1', 'LOGIN alice wrong-password')), /^b1 NO \[AUTHENTICATIONFAILED\]/);
      assert.match(last(await c.imap('b2', `LOGIN bob ${peer.users.alice.password}`)), /^b2 NO \[AUTHENTICATIONFAILED\]/);
      assert.match(last(await c.imap('b3', `LOGIN bob ${peer.users.bob.password}`)), /^b3 OK/);
      assert.equal((await c.imap('b4', 'STATUS INBOX (MESSAGES)'))[0], '* STATUS INBOX (MESSAGES 1)');
    } finally {
      c.close();
    }
  });

  test('imap: STARTTLS with a certificate that verifies against the test CA', async () => {
    const c = await Lines.plain(peer.host, peer.ports.imap);
    try {
      await c.line();
      assert.match(last(await c.imap('s1', 'STARTTLS')), /^s1 OK/);
      await c.starttls(ca);
      const caps = await c.imap('s2', 'CAPABILITY');
      assert.doesNotMatch(caps[0]!, /STARTTLS/);
      assert.match(last(await c.imap('s3', `AUTHENTICATE PLAIN ${plainB64('alice', peer.users.alice.password)}`)), /^s3 OK/);
    } finally {
      c.close();
    }
  });

  test('imapPlain (127.0.0.2): LOGINDISABLED until STARTTLS, then LOGIN works', async () => {
    const c = await Lines.plain(peer.plainHost, peer.ports.imapPlain);
    try {
      const greeting = await c.line();
      assert.match(greeting, /STARTTLS LOGINDISABLED/);
      const caps = await c.imap('p1', 'CAPABILITY');
      assert.match(caps[0]!, /\bLOGINDISABLED\b/);
      assert.doesNotMatch(caps[0]!, /AUTH=PLAIN/);
      assert.match(last(await c.imap('p2', `LOGIN alice ${peer.users.alice.password}`)), /^p2 NO \[PRIVACYREQUIRED\]/);
      assert.match(last(await c.imap('p3', 'STARTTLS')), /^p3 OK/);
      await c.starttls(ca, '127.0.0.2');
      const after = await c.imap('p4', 'CAPABILITY');
      assert.doesNotMatch(after[0]!, /LOGINDISABLED/);
      assert.match(after[0]!, /AUTH=PLAIN/);
      assert.match(last(await c.imap('p5', `LOGIN alice ${peer.users.alice.password}`)), /^p5 OK/);
    } finally {
      c.close();
    }
  });

  test('imaps: implicit TLS, verified, greeting and LOGIN', async () => {
    const c = await Lines.tls(peer.host, peer.ports.imaps, ca);
    try {
      assert.match(await c.line(), /^\* OK /);
      assert.match(last(await c.imap('i1', `LOGIN alice ${peer.users.alice.password}`)), /^i1 OK/);
    } finally {
      c.close();
    }
  });

  test('pop3: CAPA with STLS and USER, USER/PASS, STAT', async () => {
    const c = await Lines.plain(peer.host, peer.ports.pop3);
    try {
      assert.match(await c.line(), /^\+OK /);
      c.send('CAPA');
      const capa = await c.until((l) => l === '.');
      assert.ok(capa.includes('STLS'));
      assert.ok(capa.includes('USER'));
      c.send('USER alice');
      assert.match(await c.line(), /^\+OK/);
      c.send('PASS wrong');
      assert.match(await c.line(), /^-ERR \[AUTH\]/);
      c.send('USER alice');
      await c.line();
      c.send(`PASS ${peer.users.alice.password}`);
      assert.match(await c.line(), /^\+OK Logged in/);
      c.send('STAT');
      assert.match(await c.line(), /^\+OK 3 \d+$/);
      c.send('QUIT');
      await c.line();
    } finally {
      c.close();
    }
  });

  test('pop3Plain (127.0.0.2): no USER in CAPA, USER refused before STLS, allowed after', async () => {
    const c = await Lines.plain(peer.plainHost, peer.ports.pop3Plain);
    try {
      await c.line();
      c.send('CAPA');
      const capa = await c.until((l) => l === '.');
      assert.ok(capa.includes('STLS'));
      assert.ok(!capa.includes('USER'));
      c.send('USER alice');
      assert.match(await c.line(), /^-ERR \[AUTH\] Plaintext authentication disallowed/);
      c.send('STLS');
      assert.match(await c.line(), /^\+OK/);
      await c.starttls(ca, '127.0.0.2');
      c.send('USER alice');
      assert.match(await c.line(), /^\+OK/);
      c.send(`PASS ${peer.users.alice.password}`);
      assert.match(await c.line(), /^\+OK Logged in/);
    } finally {
      c.close();
    }
  });

  test('pop3s: implicit TLS and STAT for bob', async () => {
    const c = await Lines.tls(peer.host, peer.ports.pop3s, ca);
    try {
      await c.line();
      c.send('USER bob');
      await c.line();
      c.send(`PASS ${peer.users.bob.password}`);
      assert.match(await c.line(), /^\+OK/);
      c.send('STAT');
      assert.match(await c.line(), /^\+OK 1 \d+$/);
    } finally {
      c.close();
    }
  });

  test('managesieve: greeting with SIEVE and STARTTLS, then TLS, AUTHENTICATE, LISTSCRIPTS', async () => {
    const c = await Lines.plain(peer.host, peer.ports.managesieve);
    try {
      const greeting = await c.until((l) => /^(OK|NO|BYE)/.test(l));
      assert.ok(greeting.some((l) => /^"IMPLEMENTATION" ".*Pigeonhole"$/.test(l)), greeting.join('\n'));
      assert.ok(greeting.some((l) => /^"SIEVE" ".*\bfileinto\b.*"$/.test(l)));
      assert.ok(greeting.includes('"STARTTLS"'));
      c.send('STARTTLS');
      assert.match(await c.line(), /^OK/);
      await c.starttls(ca);
      const caps = await c.until((l) => /^(OK|NO|BYE)/.test(l)); // capabilities re-sent after TLS
      assert.ok(!caps.includes('"STARTTLS"'));
      c.send(`AUTHENTICATE "PLAIN" "${plainB64('alice', peer.users.alice.password)}"`);
      assert.match(await c.line(), /^OK/);
      c.send('LISTSCRIPTS');
      const scripts = await c.until((l) => /^(OK|NO|BYE)/.test(l));
      assert.deepEqual(scripts, ['"maildoctor" ACTIVE', 'OK "Listscripts completed."']);
    } finally {
      c.close();
    }
  });

  const faults = [
    ['imapsExpired', 'CERT_HAS_EXPIRED', 'mail.test.example'],
    ['imapsSelfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'mail.test.example'],
    ['imapsWrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID', 'mail.test.example'],
    ['imapsNotYetValid', 'CERT_NOT_YET_VALID', 'mail.test.example'],
    ['imapsLeafOnly', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'mail.test.example'],
  ] as const;
  for (const [key, code, servername] of faults) {
    test(`${key}: verification fails with ${code}; IMAP still answers without verification`, async () => {
      const host = peer.addresses[key];
      await assert.rejects(Lines.tls(host, peer.ports[key], ca, servername), { code });
      const insecure = await new Promise<TLSSocket>((resolve, reject) => {
        const s = tlsConnect({ host, port: peer.ports[key], servername, rejectUnauthorized: false });
        s.once('secureConnect', () => resolve(s));
        s.once('error', reject);
      });
      try {
        assert.equal(insecure.authorized, false);
        const got = await new Promise<string>((resolve) => insecure.once('data', (d: Buffer) => resolve(d.toString())));
        assert.match(got, /^\* OK /);
      } finally {
        insecure.destroy();
      }
    });
  }

  test('options: extra fixture messages in a new folder, extraConfig overrides', async () => {
    const x = await startDovecot({
      pki: peer.pki,
      messages: [
        { user: 'bob', folder: 'Receipts', messageId: '<r-1@shop.example>', subject: 'Your order',
          from: 'Shop <shop@shop.example>', to: 'bob@test.example', date: '2026-11-21T10:00:00Z', seen: false },
      ],
      extraConfig: 'login_greeting = maildoctor test peer ready',
    });
    try {
      const c = await Lines.plain(x.host, x.ports.imap);
      try {
        assert.match(await c.line(), /maildoctor test peer ready/);
        await c.imap('o1', `LOGIN bob ${x.users.bob.password}`);
        assert.equal((await c.imap('o2', 'STATUS Receipts (MESSAGES UNSEEN)'))[0], '* STATUS Receipts (MESSAGES 1 UNSEEN 1)');
        await c.imap('o3', 'EXAMINE Receipts');
        const f = await c.imap('o4', 'FETCH 1 (INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])');
        assert.match(f[0]!, /INTERNALDATE "21-Nov-2026 \d\d:00:00 [+-]\d{4}"/);
        assert.ok(f.some((l) => l === 'Message-ID: <r-1@shop.example>'), f.join('\n'));
      } finally {
        c.close();
      }
    } finally {
      await x.stop();
    }
  });

  test('concurrent instances share nothing and stop() leaves no process', async () => {
    const [a, b] = await Promise.all([startDovecot({ pki: peer.pki }), startDovecot({ pki: peer.pki })]);
    let stoppedA = false;
    try {
      assert.notEqual(a.dir, b.dir);
      assert.notEqual(a.ports.imap, b.ports.imap);
      const pidsA = a.pids();
      assert.ok(pidsA.length >= 2, `tree: ${pidsA.join(',')}`);
      assert.equal(pidsA.filter((p) => b.pids().includes(p)).length, 0);
      // Open a logged-in session so there is a mail process to stop too.
      const c = await Lines.plain(a.host, a.ports.imap);
      await c.line();
      assert.match(last(await c.imap('x1', `LOGIN alice ${a.users.alice.password}`)), /^x1 OK/);
      await c.imap('x2', 'SELECT INBOX');
      const withSession = a.pids();
      const titles = withSession.map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
        } catch {
          return '';
        }
      });
      assert.ok(titles.some((t) => t.endsWith('/imap')), `no imap mail process in ${titles.join(' | ')}`);
      await a.stop();
      stoppedA = true;
      c.close();
      assert.deepEqual(withSession.filter(isLive), []);
      assert.deepEqual(a.pids(), []);
      assert.equal(existsSync(a.dir), false);
      assert.equal(await tcpAccepts(a.host, a.ports.imap, 300), false);
      // b is unaffected.
      const d = await Lines.plain(b.host, b.ports.imap);
      try {
        assert.match(await d.line(), /^\* OK /);
      } finally {
        d.close();
      }
    } finally {
      if (!stoppedA) await a.stop();
      await b.stop();
    }
  });
});
