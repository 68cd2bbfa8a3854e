/**
 * The SMTP probe against a real Exim 4.96 (Debian's package, test/peers/exim.ts), a second MTA
 * beside Postfix: the verdicts must come from Exim's own wording ("535 Incorrect authentication
 * data", "550 relay not permitted", "550 Unrouteable address"), not only Postfix's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../src/core/report.js';
import { probeSmtp, type SmtpFacts, type SmtpProbeOptions } from '../../src/probes/smtp/index.js';
import { EXIM_BINARY, startEximServer, type EximServer } from '../peers/exim.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';

const skip = peerMissing('Exim', EXIM_BINARY) || peerNeedsRoot('Exim');

describe('SMTP probe against Exim', { skip }, () => {
  let exim: EximServer;
  before(async () => {
    exim = await startEximServer();
  });
  after(async () => {
    await exim?.stop();
  });

  function probe(extra: Partial<SmtpProbeOptions> = {}): Promise<Report<SmtpFacts>> {
    return probeSmtp({ host: exim.host, port: exim.port, security: 'starttls', tlsName: exim.tlsName, timeoutMs: 10_000, ca: exim.pki.caPem, from: exim.alice.user, to: ['bob@example.org'], ...extra });
  }
  const login = () => ({ user: exim.alice.user, password: exim.alice.password });
  const verdict = (r: Report<SmtpFacts>) => ({ ok: r.ok, stage: r.stage, cause: r.cause });

  test('healthy submission: STARTTLS, verified certificate, AUTH after TLS only, relay for the login', async () => {
    const r = await probe(login());
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.match(r.facts.banner ?? '', /^220 exim\.test\.example ESMTP Exim 4\.\d+/);
    assert.equal(r.facts.tls?.valid, true);
    assert.deepEqual(r.facts.ehloBeforeTls?.auth, [], 'Exim offers AUTH only after TLS here');
    assert.ok(r.facts.ehloAfterTls?.auth.includes('PLAIN') && r.facts.ehloAfterTls.auth.includes('LOGIN'));
  });

  test("--send: the test message is accepted and Exim's message id read from '250 OK id=...'", async () => {
    const r = await probe({ ...login(), send: true });
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.match(r.facts.queueId ?? '', /^[0-9A-Za-z]{6}-[0-9A-Za-z]{4,6}-[0-9A-Za-z]{2,4}$/);
  });

  test('LOGIN works as well as PLAIN', async () => {
    const r = await probe({ ...login(), authType: 'LOGIN' });
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.equal(r.facts.authMechanism, 'LOGIN');
  });

  test("wrong password: Exim's 535 Incorrect authentication data is auth-bad-credentials; the password is never shown", async () => {
    const r = await probe({ ...login(), password: 'not-the-password' });
    assert.deepEqual(verdict(r), { ok: false, stage: 'auth', cause: 'auth-bad-credentials' }, r.summary);
    assert.match(JSON.stringify(r), /535 Incorrect authentication data/);
    assert.doesNotMatch(JSON.stringify(r), /not-the-password/);
  });

  test("no login: Exim's 550 relay not permitted is relay-denied", async () => {
    const r = await probe();
    assert.deepEqual(verdict(r), { ok: false, stage: 'rcpt-to', cause: 'relay-denied' }, r.summary);
    assert.match(r.summary, /relay not permitted/);
  });

  test("an unknown local user: Exim's 550 Unrouteable address is recipient-unknown", async () => {
    const r = await probe({ ...login(), to: [`nobody@${exim.localDomain}`] });
    assert.deepEqual(verdict(r), { ok: false, stage: 'rcpt-to', cause: 'recipient-unknown' }, r.summary);
    assert.match(r.summary, /Unrouteable address/);
  });

  test('login without TLS: refused before credentials are sent (AUTH is offered only after STARTTLS)', async () => {
    const r = await probe({ ...login(), security: 'none' });
    assert.equal(r.ok, false, r.summary);
    assert.deepEqual(verdict(r), { ok: false, stage: 'auth', cause: 'auth-requires-tls' }, r.summary);
    assert.doesNotMatch(JSON.stringify(r), new RegExp(exim.alice.password));
  });
});
