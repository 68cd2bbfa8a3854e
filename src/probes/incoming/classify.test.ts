import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getCause } from '../../catalog/index.js';
import { classifyReply, REPLY_RULES, type ReplyToClassify } from './classify.js';

/** Real wordings: [protocol, stage, code, text, expected cause]. */
const CASES: [ReplyToClassify['protocol'], ReplyToClassify['stage'], string | null, string, string][] = [
  // Dovecot 2.3
  ['imap', 'auth', 'AUTHENTICATIONFAILED', 'Authentication failed.', 'auth-bad-credentials'],
  ['imap', 'auth', 'UNAVAILABLE', 'Temporary authentication failure. [mail:2026-11-22 10:00:00]', 'auth-temporary-failure'],
  ['imap', 'auth', 'PRIVACYREQUIRED', 'Plaintext authentication disallowed on non-secure (SSL/TLS) connections.', 'login-disabled-plaintext'],
  ['imap', 'auth', null, 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)', 'too-many-sessions'],
  ['imap', 'select', 'NONEXISTENT', "Mailbox doesn't exist: INBOX", 'mailbox-unavailable'],
  ['imap', 'select', 'SERVERBUG', 'Internal error occurred. Refer to server log for more information. [2026-11-22 10:00:00]', 'server-error'],
  ['imap', 'greeting', null, 'Server shutting down.', 'server-busy'],
  ['pop3', 'auth', 'AUTH', 'Authentication failed.', 'auth-bad-credentials'],
  ['pop3', 'auth', 'AUTH', 'Plaintext authentication disallowed on non-secure (SSL/TLS) connections.', 'login-disabled-plaintext'],
  ['pop3', 'auth', 'SYS/TEMP', 'Temporary authentication failure.', 'auth-temporary-failure'],
  ['pop3', 'auth', 'IN-USE', 'Mailbox is locked by another POP3 session', 'mailbox-locked'],
  // RFC 2449 / RFC 3206 / RFC 5530
  ['pop3', 'auth', 'IN-USE', 'Unable to lock maildrop', 'mailbox-locked'],
  ['pop3', 'auth', null, 'Unable to lock maildrop', 'mailbox-locked'],
  ['pop3', 'auth', 'LOGIN-DELAY', 'Minimum time between mail checks violation', 'login-delay'],
  ['pop3', 'auth', 'SYS/TEMP', 'Backend busy', 'server-busy'],
  ['pop3', 'stat', 'SYS/PERM', 'Mail store corrupted', 'server-error'],
  ['imap', 'auth', 'EXPIRED', 'Your password has expired', 'password-expired'],
  ['imap', 'auth', 'CONTACTADMIN', 'Account locked, contact your administrator', 'account-disabled'],
  ['imap', 'auth', 'AUTHORIZATIONFAILED', 'No such authorization-ID', 'authorization-failed'],
  ['imap', 'auth', 'OVERQUOTA', 'Quota exceeded', 'over-quota'],
  ['imap', 'select', 'INUSE', 'Mailbox in use', 'mailbox-locked'],
  ['imap', 'auth', 'LIMIT', 'Too many logins', 'too-many-sessions'],
  ['imap', 'auth', 'UNAVAILABLE', 'Backend down, try later', 'server-busy'],
  // Cyrus, Courier, Exchange / Office 365
  ['imap', 'auth', null, 'Login failed: authentication failure', 'auth-bad-credentials'],
  ['imap', 'auth', null, 'Login failed.', 'auth-bad-credentials'],
  ['imap', 'auth', null, 'LOGIN failed.', 'auth-bad-credentials'],
  ['imap', 'auth', null, 'AUTHENTICATE failed.', 'auth-bad-credentials'],
  ['imap', 'auth', null, 'Basic authentication is disabled.', 'auth-app-password-required'],
  ['imap', 'auth', null, 'User is authenticated but not connected.', 'protocol-disabled'],
  ['pop3', 'auth', null, 'Logon failure: unknown user name or bad password.', 'auth-bad-credentials'],
  // Gmail
  ['imap', 'auth', 'ALERT', 'Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)', 'auth-app-password-required'],
  ['imap', 'auth', 'ALERT', 'Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)', 'web-login-required'],
  ['imap', 'auth', 'WEBALERT', 'Web login required.', 'web-login-required'],
  ['imap', 'auth', 'ALERT', 'Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)', 'protocol-disabled'],
  ['imap', 'auth', 'AUTHENTICATIONFAILED', 'Invalid credentials (Failure)', 'auth-bad-credentials'],
  ['imap', 'auth', null, 'Too many simultaneous connections. (Failure)', 'too-many-sessions'],
  ['pop3', 'auth', 'AUTH', 'Username and password not accepted.', 'auth-bad-credentials'],
  ['pop3', 'auth', 'AUTH', 'Application-specific password required: https://support.google.com/accounts/answer/185833', 'auth-app-password-required'],
  ['pop3', 'auth', 'SYS/PERM', 'Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access.', 'protocol-disabled'],
];

describe('classifyReply: real server wordings', () => {
  for (const [protocol, stage, code, text, cause] of CASES) {
    test(`${protocol} ${stage} ${code ? `[${code}] ` : ''}${text}`, () => {
      assert.equal(classifyReply({ protocol, stage, code, text })?.cause, cause);
    });
  }
});

test('generic phrases do not fire outside their stage', () => {
  assert.equal(classifyReply({ protocol: 'imap', stage: 'select', code: null, text: 'Login failed.' }), null);
  assert.equal(classifyReply({ protocol: 'imap', stage: 'auth', code: null, text: 'Something else entirely' }), null);
});

test('every rule names a cause of the catalog and a source', () => {
  for (const r of REPLY_RULES) {
    assert.doesNotThrow(() => getCause(r.cause), r.cause);
    assert.ok(r.source.length > 5);
    assert.ok(r.code || r.phrase, 'a rule must match on something');
  }
});
