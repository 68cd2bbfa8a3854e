/**
 * XOAUTH2 against a real server: Dovecot 2.3's oauth2 passdb, asking a token-introspection
 * endpoint served here on loopback (RFC 7662 style: POST token=..., JSON with active and
 * username). The IMAP and POP3 probes log in with --auth-type XOAUTH2 and a token as the
 * password: a good token logs in, a revoked one is auth-bad-credentials, and the token never
 * appears in the transcript. (Real providers answer the same SASL exchange: Gmail, Outlook.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/core/report.js';
import { probeImap, type ImapFacts } from '../../src/probes/imap/index.js';
import { probePop3, type Pop3Facts } from '../../src/probes/pop3/index.js';
import { DOVECOT_BINARY, startDovecot, type DovecotPeer } from '../peers/dovecot.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';
import { assertTokenHidden, dovecotOauth2Conf, dovecotOauth2Passdb, startTestIdp, type TestIdp } from '../helpers/oauth2-idp.js';

const skip = peerMissing('Dovecot', DOVECOT_BINARY) || peerNeedsRoot('Dovecot');
const GOOD = 'ya29.good-Token-for-alice';
const REVOKED = 'ya29.revoked-Token-5678';

const verdict = (r: Report<unknown>) => ({ ok: r.ok, stage: r.stage, cause: r.cause });

const assertNoToken = (r: Report<unknown>, token: string): void => assertTokenHidden(r, 'alice', token);

describe('XOAUTH2 against Dovecot with an oauth2 passdb', { skip }, () => {
  let dc: DovecotPeer;
  let idp: TestIdp;
  let dir: string;
  before(async () => {
    idp = await startTestIdp({ [GOOD]: 'alice' });
    dir = mkdtempSync(join(tmpdir(), 'maildoctor-oauth2-'));
    chmodSync(dir, 0o755); // Dovecot's auth process reads the file below
    const conf = join(dir, 'oauth2.conf.ext');
    writeFileSync(conf, dovecotOauth2Conf(idp.url), { mode: 0o644 });
    dc = await startDovecot({
      extraConfig: `auth_mechanisms = plain login xoauth2 oauthbearer\n${dovecotOauth2Passdb(conf)}`,
    });
  });
  after(async () => {
    await dc?.stop();
    await idp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const imap = (password: string): Promise<Report<ImapFacts>> =>
    probeImap({ host: dc.host, port: dc.ports.imaps, security: 'tls', timeoutMs: 10_000, ca: dc.pki.caPem, user: 'alice', password, authType: 'XOAUTH2' });
  const pop3 = (password: string): Promise<Report<Pop3Facts>> =>
    probePop3({ host: dc.host, port: dc.ports.pop3s, security: 'tls', timeoutMs: 10_000, ca: dc.pki.caPem, user: 'alice', password, authType: 'XOAUTH2' });

  test('IMAP: a valid token logs in (AUTHENTICATE XOAUTH2), the token is never shown', async () => {
    const r = await imap(GOOD);
    assert.deepEqual(verdict(r), { ok: true, stage: null, cause: null }, r.summary);
    assert.equal(r.facts.authenticated, true);
    assert.ok(r.transcript.some((e) => e.dir === 'c' && /AUTHENTICATE XOAUTH2/.test(e.text)));
    assert.ok(idp.asked.includes(GOOD), 'Dovecot did not ask the introspection endpoint');
    assertNoToken(r, GOOD);
  });

  test('IMAP: a revoked token is auth-bad-credentials', async () => {
    const r = await imap(REVOKED);
    assert.deepEqual(verdict(r), { ok: false, stage: 'auth', cause: 'auth-bad-credentials' }, r.summary);
    assertNoToken(r, REVOKED);
  });

  test('POP3: a valid token logs in (AUTH XOAUTH2); a revoked one is refused', async () => {
    const ok = await pop3(GOOD);
    assert.deepEqual(verdict(ok), { ok: true, stage: null, cause: null }, ok.summary);
    assertNoToken(ok, GOOD);
    const bad = await pop3(REVOKED);
    assert.deepEqual(verdict(bad), { ok: false, stage: 'auth', cause: 'auth-bad-credentials' }, bad.summary);
    assertNoToken(bad, REVOKED);
  });
});
