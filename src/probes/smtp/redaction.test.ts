/**
 * No secret ever reaches the JSON report, the text output or the transcript: for every SASL
 * mechanism, after success and after failures (wrong password, refusal after login, a server
 * that echoes the password back).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { createHmac } from 'node:crypto';
import { renderReportText } from '../../cli/render-text.js';
import type { Report } from '../../core/report.js';
import { probeSmtp } from './index.js';
import { renderSmtpFacts } from './render.js';
import type { SmtpFacts } from './types.js';

const USER = 'alice@test.example';
const SECRET = 'Tr0ub4dor&3-s3cret';
let server: SMTPServer;
let port = 0;
let echoPassword = false;
let refuseRcpt = false;

before(async () => {
  server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    allowInsecureAuth: true,
    hideSTARTTLS: true,
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    onAuth(auth, _s, cb) {
      const ok = auth.method === 'CRAM-MD5' ? auth.validatePassword?.(SECRET) : (auth.password ?? auth.accessToken) === SECRET;
      if (ok) return cb(null, { user: auth.username });
      if (auth.method === 'XOAUTH2') return cb(null, { data: { status: '401', schemes: 'bearer' } });
      const msg = echoPassword ? `5.7.8 Authentication failed for password ${auth.password ?? auth.accessToken ?? ''}` : '5.7.8 Error: authentication failed';
      cb(Object.assign(new Error(msg), { responseCode: 535 }));
    },
    onRcptTo(_a, _s, cb) {
      cb(refuseRcpt ? Object.assign(new Error('5.7.1 Relay access denied'), { responseCode: 554 }) : undefined);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.server.address() as { port: number }).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

/** Every form in which the secret could leak. */
function forms(password: string): string[] {
  const b = (s: string) => Buffer.from(s).toString('base64');
  return [password, b(password), b(password).replace(/=+$/, ''), b(`\0${USER}\0${password}`), b(`user=${USER}\x01auth=Bearer ${password}\x01\x01`), encodeURIComponent(password)];
}

function assertClean(report: Report<SmtpFacts>, password: string, label: string): void {
  const outputs = {
    json: JSON.stringify(report),
    text: renderReportText(report, { verbose: false, renderFacts: renderSmtpFacts as never }),
    verbose: renderReportText(report, { verbose: true, renderFacts: renderSmtpFacts as never }),
    transcript: report.transcript.map((e) => e.text).join('\n'),
  };
  for (const [where, text] of Object.entries(outputs)) {
    for (const f of forms(password)) assert.ok(!text.includes(f), `${label}: ${where} contains the secret (${f})`);
  }
  assert.ok(outputs.transcript.includes('<redacted>') || !report.transcript.some((e) => e.text.startsWith('AUTH PLAIN') || e.text.startsWith('AUTH XOAUTH2')), `${label}: AUTH payload not marked`);
}

describe('redaction', () => {
  for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2']) {
    for (const right of [true, false]) {
      test(`${mech}, ${right ? 'accepted' : 'refused'} credentials`, async () => {
        const password = right ? SECRET : `wrong-${SECRET}`;
        const r = await probeSmtp({ host: '127.0.0.1', port, security: 'none', allowPlaintextAuth: true, user: USER, password, authType: mech, timeoutMs: 2000, from: USER, to: ['bob@test.example'] });
        assert.equal(r.ok, right, r.summary);
        if (!right) assert.equal(r.cause, 'auth-bad-credentials');
        assert.equal(r.facts.authenticated, right);
        assertClean(r, password, mech);
        if (mech === 'CRAM-MD5') {
          const challengeLine = r.transcript.find((e) => e.dir === 's' && e.text.startsWith('334 '));
          const challenge = Buffer.from(challengeLine?.text.slice(4) ?? '', 'base64').toString('latin1');
          const resp = Buffer.from(`${USER} ${createHmac('md5', password).update(challenge, 'latin1').digest('hex')}`).toString('base64');
          assert.ok(!JSON.stringify(r).includes(resp), 'CRAM-MD5 response leaked');
        }
      });
    }
  }

  test('refusal after a successful login (relay denied)', async () => {
    refuseRcpt = true;
    try {
      const r = await probeSmtp({ host: '127.0.0.1', port, security: 'none', allowPlaintextAuth: true, user: USER, password: SECRET, timeoutMs: 2000, from: USER, to: ['x@elsewhere.example'] });
      assert.equal(r.cause, 'relay-denied');
      assertClean(r, SECRET, 'relay');
    } finally {
      refuseRcpt = false;
    }
  });

  test('a server that echoes the password back is redacted by the second net', async () => {
    echoPassword = true;
    try {
      const password = 'echo-me-Pa55';
      const r = await probeSmtp({ host: '127.0.0.1', port, security: 'none', allowPlaintextAuth: true, user: USER, password, authType: 'LOGIN', timeoutMs: 2000 });
      assert.equal(r.cause, 'auth-bad-credentials');
      assert.ok(r.transcript.some((e) => e.dir === 's' && e.text.includes('password <redacted>')), 'echo replaced');
      assertClean(r, password, 'echo');
    } finally {
      echoPassword = false;
    }
  });

  test('plaintext refused: the password is never sent and never shown', async () => {
    const r = await probeSmtp({ host: '127.0.0.1', port, security: 'none', user: USER, password: SECRET, timeoutMs: 2000 });
    assert.equal(r.cause, 'plaintext-auth-refused');
    assert.ok(!r.transcript.some((e) => e.text.startsWith('AUTH')));
    assertClean(r, SECRET, 'plaintext');
  });
});
