/**
 * The SMTP probe against a real Postfix (Debian package) with Dovecot SASL, started by
 * test/peers/postfix.ts on loopback high ports: the verdicts a user would get from real
 * Postfix replies, not from our own fakes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../src/core/report.js';
import { probeSmtp, type SmtpFacts, type SmtpProbeOptions } from '../../src/probes/smtp/index.js';
import { BLOCKED_SENDER, POSTFIX_BINARY, startPostfix, type PostfixPeer } from '../peers/postfix.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';
import { assertTokenHidden, startTestIdp, type TestIdp } from '../helpers/oauth2-idp.js';

const skip = peerMissing('Postfix', POSTFIX_BINARY) || peerNeedsRoot('Postfix');

describe('SMTP probe against Postfix', { skip }, () => {
  let pf: PostfixPeer;
  let idp: TestIdp;
  const TOKEN = 'ya29.smtp-Token-of-alice';
  before(async () => {
    idp = await startTestIdp({ [TOKEN]: 'alice@test.example' });
    pf = await startPostfix({ oauth2IntrospectionUrl: idp.url });
  });
  after(async () => {
    await pf?.stop();
    await idp?.close();
  });

  function probe(port: number, extra: Partial<SmtpProbeOptions> = {}): Promise<Report<SmtpFacts>> {
    return probeSmtp({ host: pf.host, port, security: 'starttls', timeoutMs: 10_000, ca: pf.pki.caPem, ...extra });
  }
  const alice = () => ({ user: pf.users.alice.user, password: pf.users.alice.password });
  const verdict = (r: Report<SmtpFacts>) => ({ ok: r.ok, stage: r.stage, cause: r.cause });
  const failed = (stage: string, cause: string) => ({ ok: false, stage, cause });

  test('healthy submission with --send: queued, and delivered to bob', async () => {
    const r = await probe(pf.ports.submission, { ...alice(), from: pf.users.alice.address, to: [pf.users.bob.address], send: true });
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.equal(r.facts.security, 'starttls');
    assert.equal(r.facts.tls?.valid, true);
    assert.match(r.facts.banner ?? '', /^220 mail\.test\.example/);
    assert.deepEqual(r.facts.ehloBeforeTls?.auth, [], 'Postfix offers AUTH only after TLS');
    assert.ok(r.facts.ehloAfterTls?.auth.includes('PLAIN'));
    assert.match(r.facts.queueId ?? '', /^[0-9A-Za-z]+$/);
    let delivered: string[] = [];
    for (let i = 0; i < 100 && !delivered.some((m) => m.includes(r.facts.messageId ?? '?')); i++) {
      delivered = await pf.delivered('bob');
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(delivered.some((m) => m.includes('Subject: maildoctor test message') && m.includes(r.facts.messageId ?? '?')), 'the test message reached bob');
  });

  test('implicit TLS (smtps)', async () => {
    const r = await probe(pf.ports.smtps, { ...alice(), security: 'tls', from: pf.users.alice.address, to: [pf.users.bob.address] });
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.equal(r.facts.security, 'tls');
    assert.equal(r.facts.authMechanism, 'PLAIN');
  });

  test('security auto with the smtps port picks implicit TLS', async () => {
    const r = await probe(pf.ports.smtps, { ...alice(), security: 'auto' });
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.facts.settings?.security, 'tls');
  });

  test('TLS to the STARTTLS port: starttls-expected', async () => {
    const r = await probe(pf.ports.submission, { security: 'tls' });
    assert.deepEqual(verdict(r), failed('tls', 'starttls-expected'));
  });

  test('wrong password: auth-bad-credentials (535 5.7.8)', async () => {
    const r = await probe(pf.ports.submission, { user: pf.users.alice.user, password: 'not-the-password' });
    assert.deepEqual(verdict(r), failed('auth', 'auth-bad-credentials'));
    assert.match(r.summary, /535 5\.7\.8/);
  });

  test('every mechanism Postfix offers works (PLAIN, LOGIN, CRAM-MD5); PLAIN is preferred', async () => {
    for (const authType of ['PLAIN', 'LOGIN', 'CRAM-MD5']) {
      const r = await probe(pf.ports.submission, { ...alice(), authType });
      assert.equal(r.ok, true, `${authType}: ${r.summary}`);
      assert.equal(r.facts.authMechanism, authType);
      const authLines = r.transcript.filter((e) => e.dir === 'c' && /^AUTH |redacted/.test(e.text)).map((e) => e.text);
      assert.ok(authLines.length > 0 && authLines.every((l) => !l.includes(pf.users.alice.password)), authLines.join(' | '));
    }
    const auto = await probe(pf.ports.submission, alice());
    assert.equal(auto.facts.authMechanism, 'PLAIN');
  });

  test('XOAUTH2 (Dovecot oauth2 passdb + introspection): a valid token sends, a revoked one is auth-bad-credentials, neither is shown', async () => {
    const ok = await probe(pf.ports.submission, { user: pf.users.alice.user, password: TOKEN, authType: 'XOAUTH2', from: pf.users.alice.address, to: [pf.users.bob.address] });
    assert.deepEqual(verdict(ok), { ok: true, stage: null, cause: null }, ok.summary);
    assert.equal(ok.facts.authMechanism, 'XOAUTH2');
    assert.ok(idp.asked.includes(TOKEN));
    const bad = await probe(pf.ports.submission, { user: pf.users.alice.user, password: 'ya29.revoked', authType: 'XOAUTH2' });
    assert.deepEqual(verdict(bad), failed('auth', 'auth-bad-credentials'));
    assertTokenHidden(ok, pf.users.alice.user, TOKEN);
    assertTokenHidden(bad, pf.users.alice.user, 'ya29.revoked');
  });

  test('CRAM-MD5 with a wrong password: auth-bad-credentials, no secret in the transcript', async () => {
    const r = await probe(pf.ports.submission, { user: pf.users.alice.user, password: 'not-the-password', authType: 'CRAM-MD5' });
    assert.deepEqual(verdict(r), failed('auth', 'auth-bad-credentials'));
    assert.ok(r.transcript.some((e) => e.dir === 'c' && e.text === '<redacted> (CRAM-MD5 response)'));
  });

  test('relay denied without login (mx port, foreign recipient)', async () => {
    const r = await probe(pf.ports.mx, { security: 'auto', mode: 'mx', from: 'someone@elsewhere.example', to: ['victim@elsewhere.example'] });
    assert.deepEqual(verdict(r), failed('rcpt-to', 'relay-denied'), r.summary);
    assert.match(r.summary, /Relay access denied/);
  });

  test('unknown local recipient on the mx port: recipient-unknown', async () => {
    const r = await probe(pf.ports.mx, { security: 'auto', mode: 'mx', from: 'someone@elsewhere.example', to: ['nobody@test.example'] });
    assert.deepEqual(verdict(r), failed('rcpt-to', 'recipient-unknown'), r.summary);
  });

  test('mx mode: STARTTLS and capabilities only', async () => {
    const r = await probe(pf.ports.mx, { security: 'auto', mode: 'mx' });
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.facts.security, 'starttls');
    assert.deepEqual(r.facts.authMechanisms, []);
  });

  test('sender login mismatch: sender-rejected', async () => {
    const r = await probe(pf.ports.submission, { ...alice(), from: pf.users.bob.address, to: [pf.users.bob.address] });
    assert.deepEqual(verdict(r), failed('rcpt-to', 'sender-rejected'), r.summary);
    assert.match(r.summary, /not owned by user/);
  });

  test('sender refused by policy (check_sender_access): sender-rejected, at RCPT TO', async () => {
    const r = await probe(pf.ports.submission, { ...alice(), from: BLOCKED_SENDER, to: [pf.users.bob.address] });
    assert.deepEqual(verdict(r), failed('rcpt-to', 'sender-rejected'), r.summary);
    assert.match(r.summary, /Sender address rejected: Access denied/);
  });

  test('client IP rejected: client-blocked (at RCPT TO, smtpd_delay_reject)', async () => {
    const r = await probe(pf.ports.clientRejected, { from: pf.users.alice.address, to: [pf.users.bob.address] });
    assert.deepEqual(verdict(r), failed('rcpt-to', 'client-blocked'), r.summary);
  });

  test('plain-text-only server: plaintext-auth-refused; --allow-plaintext-auth works with a warning', async () => {
    const r = await probe(pf.ports.plaintext, { ...alice(), security: 'auto' });
    assert.deepEqual(verdict(r), failed('auth', 'plaintext-auth-refused'), r.summary);
    assert.ok(!r.transcript.some((e) => e.text.startsWith('AUTH')));
    const ok = await probe(pf.ports.plaintext, { ...alice(), security: 'auto', allowPlaintextAuth: true });
    assert.equal(ok.ok, true, ok.summary);
    assert.ok(ok.findings.some((f) => f.cause === 'plaintext-auth-used' && f.severity === 'warning'));
    const strict = await probe(pf.ports.plaintext, { ...alice() });
    assert.deepEqual(verdict(strict), failed('starttls', 'starttls-not-offered'));
  });

  test('TLS required before MAIL: encryption-required', async () => {
    const r = await probe(pf.ports.requireTls, { security: 'none', from: pf.users.alice.address, to: [pf.users.bob.address] });
    assert.deepEqual(verdict(r), failed('mail-from', 'encryption-required'), r.summary);
  });

  const certCases: [keyof PostfixPeer['ports'], string][] = [
    ['expiredCert', 'cert-expired'],
    ['notYetValidCert', 'cert-not-yet-valid'],
    ['selfSignedCert', 'cert-self-signed'],
    ['wrongHostCert', 'cert-hostname-mismatch'],
    ['leafOnlyCert', 'cert-chain-incomplete'],
  ];
  for (const [portName, cause] of certCases) {
    test(`${portName}: ${cause}, and no password sent`, async () => {
      const r = await probe(pf.ports[portName], alice());
      assert.deepEqual(verdict(r), failed('tls', cause), r.summary);
      assert.ok(!r.transcript.some((e) => e.text.startsWith('AUTH')));
    });
  }

  test('valid certificate without --ca: cert-untrusted', async () => {
    const r = await probe(pf.ports.submission, { ...alice(), ca: undefined });
    assert.deepEqual(verdict(r), failed('tls', 'cert-untrusted'));
  });
});
