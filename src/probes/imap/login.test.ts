import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLoginMethod } from './login.js';

test('chooseLoginMethod follows the capabilities and never uses LOGIN under LOGINDISABLED', () => {
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'AUTH=PLAIN', 'AUTH=LOGIN'], undefined), { ok: true, method: 'AUTHENTICATE PLAIN' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1'], undefined), { ok: true, method: 'LOGIN' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'STARTTLS', 'LOGINDISABLED'], undefined), { ok: false, reason: 'login-disabled', mechanism: 'LOGIN' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'LOGINDISABLED'], 'LOGIN'), { ok: false, reason: 'login-disabled', mechanism: 'LOGIN' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'AUTH=PLAIN'], 'login'), { ok: true, method: 'LOGIN' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'AUTH=XOAUTH2'], 'XOAUTH2'), { ok: true, method: 'AUTHENTICATE XOAUTH2' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'AUTH=PLAIN'], 'XOAUTH2'), { ok: false, reason: 'unsupported', mechanism: 'XOAUTH2' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1', 'LOGINDISABLED', 'AUTH=XOAUTH2'], 'PLAIN'), { ok: false, reason: 'unsupported', mechanism: 'PLAIN' });
  assert.deepEqual(chooseLoginMethod(['IMAP4REV1'], 'CRAM-MD5'), { ok: false, reason: 'unsupported', mechanism: 'CRAM-MD5' });
});
