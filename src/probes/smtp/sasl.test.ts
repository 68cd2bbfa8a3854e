import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { chooseMechanism, createExchange, decodeOauthError } from './sasl.js';

test('mechanism choice: PLAIN, then LOGIN, then CRAM-MD5; XOAUTH2 only when forced', () => {
  assert.deepEqual(chooseMechanism(['LOGIN', 'PLAIN']), { ok: true, mechanism: 'PLAIN' });
  assert.deepEqual(chooseMechanism(['CRAM-MD5', 'LOGIN']), { ok: true, mechanism: 'LOGIN' });
  assert.deepEqual(chooseMechanism(['CRAM-MD5']), { ok: true, mechanism: 'CRAM-MD5' });
  assert.deepEqual(chooseMechanism(['XOAUTH2', 'OAUTHBEARER']), { ok: false, reason: 'oauth-only' });
  assert.deepEqual(chooseMechanism(['PLAIN', 'XOAUTH2'], 'xoauth2'), { ok: true, mechanism: 'XOAUTH2' });
  assert.deepEqual(chooseMechanism(['PLAIN'], 'LOGIN'), { ok: false, reason: 'not-offered', requested: 'LOGIN' });
  assert.deepEqual(chooseMechanism(['NTLM'], 'NTLM'), { ok: false, reason: 'not-supported', requested: 'NTLM' });
  assert.deepEqual(chooseMechanism([]), { ok: false, reason: 'not-offered' });
});

test('wire forms are right and the transcript forms carry no secret', () => {
  const user = 'alice@test.example';
  const pw = 'pä55 w0rd!';
  const plain = createExchange('PLAIN', user, pw);
  assert.equal(plain.initial.wire, `AUTH PLAIN ${Buffer.from(`\0${user}\0${pw}`).toString('base64')}`);
  assert.equal(plain.initial.logAs, 'AUTH PLAIN <redacted>');

  const login = createExchange('LOGIN', user, pw);
  const s1 = login.respond('VXNlcm5hbWU6', 0);
  const s2 = login.respond('UGFzc3dvcmQ6', 1);
  assert.equal(Buffer.from(s2?.wire ?? '', 'base64').toString(), pw);
  assert.equal(Buffer.from(s1?.wire ?? '', 'base64').toString(), user);

  const cram = createExchange('CRAM-MD5', user, pw);
  const challenge = '<1896.697170952@postoffice.example.net>';
  const r = cram.respond(Buffer.from(challenge).toString('base64'), 0);
  const expected = `${user} ${createHmac('md5', pw).update(challenge).digest('hex')}`;
  assert.equal(Buffer.from(r?.wire ?? '', 'base64').toString(), expected);

  const xo = createExchange('XOAUTH2', user, 'ya29.token');
  assert.equal(Buffer.from(xo.initial.wire.split(' ')[2] ?? '', 'base64').toString(), `user=${user}\x01auth=Bearer ya29.token\x01\x01`);

  for (const ex of [plain, login, cram, xo]) {
    const logs = [ex.initial.logAs, ...[0, 1].map((i) => ex.respond('eyJzdGF0dXMiOiI0MDEifQ==', i)?.logAs ?? '')];
    for (const l of logs) {
      for (const secret of ex.secrets) assert.ok(!l.includes(secret), `${ex.mechanism} logs a secret`);
      assert.ok(!l.includes(pw));
    }
  }
});

test('XOAUTH2 error challenge is decoded', () => {
  const c = Buffer.from('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}').toString('base64');
  assert.equal(decodeOauthError(c), 'status=401, schemes=bearer, scope=https://mail.google.com/');
  assert.equal(decodeOauthError('not json'), null);
});
