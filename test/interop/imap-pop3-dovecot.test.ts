/**
 * The IMAP and POP3 probes against a real Dovecot 2.3 (Debian package) started by
 * test/peers/dovecot.ts on loopback high ports: healthy IMAP/IMAPS/POP3/POP3S, settings
 * discovery, a wrong password, the plain-text listeners that refuse logins before TLS,
 * folder roles and counts, and certificate faults.
 *
 * LOGINDISABLED semantics (documented in docs/imap-pop3.md): when the server itself refuses
 * plain-text logins (IMAP LOGINDISABLED, POP3 CAPA without USER or "-ERR [AUTH] Plaintext
 * authentication disallowed"), the verdict is `login-disabled-plaintext`, whether or not
 * --allow-plaintext-auth was given, and no password is sent. `plaintext-auth-refused` is
 * maildoctor's own refusal: the server would take the password, the user did not allow it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../src/core/report.js';
import { renderReportText } from '../../src/cli/render-text.js';
import { probeImap, type ImapFacts, type ImapProbeOptions } from '../../src/probes/imap/index.js';
import { probePop3, type Pop3Facts, type Pop3ProbeOptions } from '../../src/probes/pop3/index.js';
import { DOVECOT_BINARY, startDovecot, type DovecotPeer } from '../peers/dovecot.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';
import { closedPort } from '../helpers/raw-server.js';

const skip = peerMissing('Dovecot', DOVECOT_BINARY) || peerNeedsRoot('Dovecot');

const verdict = (r: Report<unknown>) => ({ ok: r.ok, stage: r.stage, cause: r.cause });

describe('IMAP and POP3 probes against Dovecot', { skip }, () => {
  let dc: DovecotPeer;
  before(async () => {
    dc = await startDovecot();
  });
  after(async () => {
    await dc?.stop();
  });

  const alice = () => ({ user: dc.users.alice.user, password: dc.users.alice.password });
  function imap(port: number, extra: Partial<ImapProbeOptions> = {}): Promise<Report<ImapFacts>> {
    return probeImap({ host: dc.host, port, security: 'tls', timeoutMs: 10_000, ca: dc.pki.caPem, ...extra });
  }
  function pop3(port: number, extra: Partial<Pop3ProbeOptions> = {}): Promise<Report<Pop3Facts>> {
    return probePop3({ host: dc.host, port, security: 'tls', timeoutMs: 10_000, ca: dc.pki.caPem, ...extra });
  }

  test('IMAPS: login, folders with roles and counts, INBOX read-only, no secret in output', async () => {
    const r = await imap(dc.ports.imaps, { ...alice(), folders: true });
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.equal(r.facts.greeting?.software, 'Dovecot');
    assert.equal(r.facts.tls?.valid, true);
    assert.equal(r.facts.authenticated, true);
    assert.equal(r.facts.listCommand, 'LIST "" "*" RETURN (SPECIAL-USE)');
    assert.deepEqual(
      { exists: r.facts.inbox?.exists, unseen: r.facts.inbox?.unseen, readOnly: r.facts.inbox?.readOnly, source: r.facts.inbox?.unseenSource },
      { exists: 3, unseen: 1, readOnly: true, source: 'STATUS' },
    );
    assert.ok((r.facts.inbox?.uidValidity ?? 0) > 0);
    const byName = Object.fromEntries((r.facts.folders ?? []).map((f) => [f.name, { role: f.role, by: f.roleSource, messages: f.messages, unseen: f.unseen }]));
    assert.deepEqual(byName, {
      INBOX: { role: 'Inbox', by: 'name', messages: 3, unseen: 1 },
      Junk: { role: 'Junk', by: 'extension', messages: 2, unseen: 1 },
      Trash: { role: 'Trash', by: 'extension', messages: 1, unseen: 0 },
      Sent: { role: 'Sent', by: 'extension', messages: 0, unseen: 0 },
      Drafts: { role: 'Drafts', by: 'extension', messages: 0, unseen: 0 },
      Archive: { role: 'Archive', by: 'extension', messages: 0, unseen: 0 },
      Projects: { role: null, by: null, messages: 0, unseen: 0 },
    });
    assert.deepEqual(r.facts.settings, { host: dc.host, port: dc.ports.imaps, security: 'tls', authMechanisms: ['PLAIN', 'LOGIN'] });
    const sent = r.transcript.filter((e) => e.dir === 'c').map((e) => e.text.split(' ')[1]);
    assert.ok(!sent.some((c) => ['SELECT', 'STORE', 'EXPUNGE', 'APPEND', 'CLOSE', 'COPY', 'MOVE'].includes(c ?? '')), sent.join(' '));
    const out = JSON.stringify(r) + renderReportText(r, { verbose: true });
    assert.ok(!out.includes(dc.users.alice.password));
    assert.ok(!out.includes(Buffer.from(`\u0000alice\u0000${dc.users.alice.password}`).toString('base64')));
  });

  test('IMAP with STARTTLS: capabilities re-read after TLS, LOGIN command when forced', async () => {
    const r = await imap(dc.ports.imap, { ...alice(), security: 'starttls', authType: 'LOGIN' });
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.ok(r.facts.capabilitiesBeforeTls?.includes('STARTTLS'));
    assert.ok(r.facts.capabilitiesAfterTls && !r.facts.capabilitiesAfterTls.includes('STARTTLS'));
    assert.equal(r.facts.loginMethod, 'LOGIN');
    assert.ok(r.transcript.some((e) => e.dir === 'c' && /^a\d+ LOGIN "alice" <redacted>$/.test(e.text)));
    assert.equal(r.facts.folders?.length, 7);
    assert.equal(r.facts.folders?.[0]?.messages, undefined, 'no counts without --folders');
  });

  test('a wrong password: auth-bad-credentials from [AUTHENTICATIONFAILED]', async () => {
    const r = await imap(dc.ports.imaps, { user: 'alice', password: 'not-the-password' });
    assert.deepEqual(verdict(r), { ok: false, stage: 'auth', cause: 'auth-bad-credentials' });
    assert.equal(r.findings[0]?.confidence, 'certain');
    assert.match(r.summary, /\[AUTHENTICATIONFAILED\]/);
    assert.ok(r.facts.settings, 'the transport settings are still right');
    const p = await pop3(dc.ports.pop3s, { user: 'alice', password: 'not-the-password' });
    assert.deepEqual(verdict(p), { ok: false, stage: 'auth', cause: 'auth-bad-credentials' });
    assert.match(p.summary, /-ERR \[AUTH\]/);
  });

  test('the plain-text IMAP listener advertises LOGINDISABLED: login-disabled-plaintext, password not sent', async () => {
    const r = await imap(dc.ports.imapPlain, { ...alice(), host: dc.plainHost, security: 'none' });
    assert.deepEqual(verdict(r), { ok: false, stage: 'auth', cause: 'login-disabled-plaintext' });
    assert.equal(r.facts.loginDisabled, true);
    assert.ok(r.findings.some((f) => f.cause === 'tls-not-used'));
    assert.ok(!r.transcript.some((e) => e.dir === 'c' && /LOGIN|AUTHENTICATE/.test(e.text)));
    const allowed = await imap(dc.ports.imapPlain, { ...alice(), host: dc.plainHost, security: 'none', allowPlaintextAuth: true });
    assert.equal(allowed.cause, 'login-disabled-plaintext');
    // the same listener with STARTTLS works
    const tlsOk = await imap(dc.ports.imapPlain, { ...alice(), host: dc.plainHost, security: 'starttls' });
    assert.deepEqual(verdict(tlsOk), { ok: true, stage: null, cause: null }, tlsOk.summary);
  });

  test('the plain-text POP3 listener refuses USER before TLS: login-disabled-plaintext', async () => {
    const r = await pop3(dc.ports.pop3Plain, { ...alice(), host: dc.plainHost, security: 'none' });
    assert.deepEqual(verdict(r), { ok: false, stage: 'auth', cause: 'login-disabled-plaintext' });
    assert.equal(r.facts.userCommand, false);
    const forced = await pop3(dc.ports.pop3Plain, { ...alice(), host: dc.plainHost, security: 'none', allowPlaintextAuth: true, authType: 'USER' });
    assert.deepEqual(verdict(forced), { ok: false, stage: 'auth', cause: 'login-disabled-plaintext' });
    assert.match(forced.summary, /Plaintext authentication disallowed/);
  });

  test('POP3S and POP3 with STLS: STAT counts the maildrop', async () => {
    const s = await pop3(dc.ports.pop3s, alice());
    assert.deepEqual(verdict(s), { ok: true, stage: null, cause: null }, s.summary);
    assert.equal(s.facts.mailbox?.messages, 3);
    assert.equal(s.facts.loginMethod, 'AUTH PLAIN');
    const t = await pop3(dc.ports.pop3, { ...alice(), security: 'starttls', authType: 'USER' });
    assert.deepEqual(verdict(t), { ok: true, stage: null, cause: null }, t.summary);
    assert.equal(t.facts.loginMethod, 'USER/PASS');
    assert.ok(t.facts.capabilitiesBeforeTls?.includes('STLS'));
    assert.ok(t.transcript.some((e) => e.dir === 'c' && e.text === 'PASS <redacted>'));
    const sent = [...s.transcript, ...t.transcript].filter((e) => e.dir === 'c').map((e) => e.text.split(' ')[0]);
    assert.ok(!sent.some((c) => ['RETR', 'DELE', 'TOP', 'RSET'].includes(c ?? '')));
  });

  test('discovery: the implicit-TLS port first; when it is closed, STARTTLS is found', async () => {
    const both = await imap(0, { ...alice(), port: undefined, security: 'auto', discoveryPorts: { tls: dc.ports.imaps, plain: dc.ports.imap } });
    assert.equal(both.ok, true, both.summary);
    assert.deepEqual(both.facts.attempts.map((a) => [a.port, a.security, a.ok]), [[dc.ports.imaps, 'tls', true]]);
    assert.equal(both.facts.settings?.security, 'tls');

    const closed = await closedPort();
    const fallback = await imap(0, { ...alice(), port: undefined, security: 'auto', discoveryPorts: { tls: closed, plain: dc.ports.imap } });
    assert.equal(fallback.ok, true, fallback.summary);
    assert.deepEqual(fallback.facts.attempts.map((a) => [a.port, a.security, a.ok, a.cause]), [
      [closed, 'tls', false, 'connection-refused'],
      [dc.ports.imap, 'starttls', true, null],
    ]);
    assert.deepEqual(fallback.facts.settings, { host: dc.host, port: dc.ports.imap, security: 'starttls', authMechanisms: ['PLAIN', 'LOGIN'] });
    const refused = fallback.findings.find((f) => f.cause === 'connection-refused');
    assert.equal(refused?.severity, 'info');
    assert.equal(refused?.attempt, `${closed} tls`);

    const popFallback = await pop3(0, { ...alice(), port: undefined, security: 'auto', discoveryPorts: { tls: closed, plain: dc.ports.pop3 } });
    assert.equal(popFallback.ok, true, popFallback.summary);
    assert.equal(popFallback.facts.settings?.security, 'starttls');
  });

  test('STARTTLS on the implicit-TLS port and TLS on the STARTTLS port are told apart', async () => {
    const a = await imap(dc.ports.imaps, { security: 'starttls', timeoutMs: 1500 });
    assert.deepEqual(verdict(a), { ok: false, stage: 'greeting', cause: 'implicit-tls-expected' });
    const b = await imap(dc.ports.imap, { security: 'tls' });
    assert.deepEqual(verdict(b), { ok: false, stage: 'tls', cause: 'starttls-expected' });
    const c = await pop3(dc.ports.pop3, { security: 'tls' });
    assert.deepEqual(verdict(c), { ok: false, stage: 'tls', cause: 'starttls-expected' });
  });

  test('security auto with an explicit non-standard port retries after a mix-up and recommends what works', async () => {
    const a = await imap(dc.ports.imaps, { ...alice(), security: 'auto', timeoutMs: 1500 });
    assert.deepEqual(verdict(a), { ok: true, stage: null, cause: null }, a.summary);
    assert.deepEqual(a.facts.attempts?.map((x) => [x.security, x.cause]), [['starttls', 'implicit-tls-expected'], ['tls', null]]);
    assert.equal(a.facts.settings?.security, 'tls');
    assert.ok(a.findings.some((f) => f.cause === 'implicit-tls-expected' && f.severity === 'info'));
    const b = await pop3(dc.ports.pop3s, { ...alice(), security: 'auto', timeoutMs: 1500 });
    assert.deepEqual(verdict(b), { ok: true, stage: null, cause: null }, b.summary);
    assert.equal(b.facts.settings?.security, 'tls');
    assert.equal(b.facts.settings?.port, dc.ports.pop3s);
  });

  test('another service on the port: not-imap / not-pop3', async () => {
    const a = await imap(dc.ports.pop3, { security: 'starttls' });
    assert.deepEqual(verdict(a), { ok: false, stage: 'greeting', cause: 'not-imap' });
    assert.equal(a.findings[0]?.slots.service, 'a POP3 server');
    const b = await pop3(dc.ports.imap, { security: 'starttls' });
    assert.deepEqual(verdict(b), { ok: false, stage: 'greeting', cause: 'not-pop3' });
    const c = await imap(dc.ports.managesieve, { security: 'starttls' });
    assert.equal(c.cause, 'not-imap');
    assert.equal(c.findings[0]?.slots.service, 'a ManageSieve server');
  });

  const CERT_FAULTS: [keyof DovecotPeer['ports'], string][] = [
    ['imapsExpired', 'cert-expired'],
    ['imapsSelfSigned', 'cert-self-signed'],
    ['imapsWrongHost', 'cert-hostname-mismatch'],
    ['imapsNotYetValid', 'cert-not-yet-valid'],
    ['imapsLeafOnly', 'cert-chain-incomplete'],
  ];
  for (const [key, cause] of CERT_FAULTS) {
    test(`certificate fault ${key}: ${cause}, and no password sent`, async () => {
      const r = await imap(dc.ports[key], { ...alice(), host: dc.addresses[key], tlsName: 'mail.test.example' });
      assert.deepEqual(verdict(r), { ok: false, stage: 'tls', cause });
      assert.ok(!r.transcript.some((e) => e.dir === 'c' && /LOGIN|AUTHENTICATE/.test(e.text)));
      assert.equal(r.facts.authenticated, false);
    });
  }
});
