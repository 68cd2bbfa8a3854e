import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getCause } from '../../catalog/index.js';
import type { Stage } from '../../core/stage.js';
import { classifyReply, RULES } from './classify.js';
import { ReplyAccumulator, replyText } from './reply.js';

/** [stage, command, reply as sent (lines joined by \n), expected cause] — real wordings. */
const CASES: [Stage, string, string, string][] = [
  // greeting
  ['greeting', 'greeting', '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1', 'client-blocked'],
  ['greeting', 'greeting', '554 mail.example.com ESMTP not accepting messages', 'service-unavailable'],
  ['greeting', 'greeting', '421 4.7.0 mail.example.com Error: too many connections from 192.0.2.1', 'too-many-connections'],
  ['greeting', 'greeting', '421 4.3.2 Service not available', 'service-unavailable'],
  ['greeting', 'greeting', '432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information.', 'too-many-connections'],
  ['greeting', 'greeting', '421 Too many concurrent SMTP connections; please try again later.', 'too-many-connections'], // Exim smtp_accept_max
  ['greeting', 'greeting', '550 5.7.1 Unfortunately, messages from [192.0.2.1] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3140).', 'client-blocked'],
  ['greeting', 'greeting', '554 SMTP synchronization error', 'pipelining-violation'],
  // EHLO
  ['ehlo', 'EHLO', '504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname', 'helo-rejected'],
  ['ehlo', 'EHLO', '501 Syntactically invalid EHLO argument(s)', 'helo-rejected'],
  ['rcpt-to', 'RCPT', '550 5.7.1 <foo>: Helo command rejected: Host not found', 'helo-rejected'],
  // AUTH
  ['auth', 'AUTH', '535 5.7.8 Error: authentication failed: authentication failure', 'auth-bad-credentials'],
  ['auth', 'AUTH', '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials x1sm123', 'auth-bad-credentials'],
  ['auth', 'AUTH', '535 5.7.3 Authentication unsuccessful [SN4PR0201CA0047.namprd02.prod.outlook.com]', 'auth-bad-credentials'],
  ['auth', 'AUTH', '534-5.7.9 Application-specific password required. For more information, go to\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor', 'auth-app-password-required'],
  ['auth', 'AUTH', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'auth-app-password-required'],
  ['auth', 'AUTH', '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.', 'auth-app-password-required'],
  ['auth', 'AUTH', '534-5.7.14 <https://accounts.google.com/signin/continue?...> Please log in via your web browser and\n534 5.7.14 then try again.', 'auth-app-password-required'],
  ['auth', 'AUTH', '454 4.7.0 Temporary authentication failure', 'auth-temporary-failure'],
  ['auth', 'AUTH', '504 5.5.4 Unrecognized authentication type', 'auth-mechanism-unsupported'],
  ['auth', 'AUTH', '503 5.5.1 Error: authentication not enabled', 'auth-not-offered'],
  ['auth', 'AUTH', '538 5.7.11 Encryption required for requested authentication mechanism', 'encryption-required'],
  ['auth', 'AUTH', '432 4.7.12 A password transition is needed', 'password-expired'],
  ['auth', 'AUTH', '525 5.7.13 User account disabled', 'account-disabled'],
  // MAIL FROM
  ['mail-from', 'MAIL', '530 5.7.0 Must issue a STARTTLS command first', 'encryption-required'],
  ['mail-from', 'MAIL', '451 5.7.3 STARTTLS is required to send mail [BN6PR1101CA0001.namprd11.prod.outlook.com]', 'encryption-required'],
  ['mail-from', 'MAIL', '530 5.7.0 Authentication required', 'auth-required'],
  ['mail-from', 'MAIL', '530 5.7.57 Client not authenticated to send mail. [DB6PR0802CA0036.eurprd08.prod.outlook.com]', 'auth-required'],
  ['mail-from', 'MAIL', '553 5.7.1 <carol@test.example>: Sender address rejected: not owned by user alice@test.example', 'sender-rejected'],
  ['mail-from', 'MAIL', '550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'sender-rejected'],
  ['mail-from', 'MAIL', '450 4.1.8 <a@nonexistent.invalid>: Sender address rejected: Domain not found', 'sender-address-invalid'],
  ['mail-from', 'MAIL', '501 5.1.7 Bad sender address syntax', 'sender-address-invalid'],
  ['mail-from', 'MAIL', '550 5.1.0 <a@test.example>: Sender address rejected: User unknown in virtual mailbox table', 'sender-address-invalid'], // Postfix reject_unlisted_sender
  ['mail-from', 'MAIL', '550 5.7.1 <a@test.example>: Sender address rejected: Access denied', 'sender-rejected'], // Postfix check_sender_access
  ['mail-from', 'MAIL', '550 5.7.1 Sender not allowed', 'sender-rejected'],
  ['rcpt-to', 'RCPT', '554 5.7.1 <a@test.example>: Sender address rejected: Access denied', 'sender-rejected'], // Postfix: sender restrictions fire at RCPT (smtpd_delay_reject)
  ['mail-from', 'MAIL', '550 5.1.8 Access denied, bad outbound sender', 'account-disabled'],
  ['mail-from', 'MAIL', '552 5.3.4 Message size exceeds fixed limit', 'message-too-large'],
  ['mail-from', 'MAIL', '550-5.4.5 Daily user sending quota exceeded. For more information, go to\n550 5.4.5  https://support.google.com/mail/?p=HitRateLimit', 'rate-limited'],
  ['mail-from', 'MAIL', '421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of\n421 4.7.28 unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.', 'rate-limited'],
  // RCPT TO
  ['rcpt-to', 'RCPT', '554 5.7.1 <x@elsewhere.example>: Relay access denied', 'relay-denied'],
  ['rcpt-to', 'RCPT', '550 5.7.1 Unable to relay', 'relay-denied'],
  ['rcpt-to', 'RCPT', '550 5.7.64 TenantAttribution; Relay Access Denied [DM5PR1301MB2091.namprd13.prod.outlook.com]', 'relay-denied'],
  ['rcpt-to', 'RCPT', '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', 'relay-denied'],
  ['rcpt-to', 'RCPT', '550 5.1.1 <nobody@test.example>: Recipient address rejected: User unknown in virtual mailbox table', 'recipient-unknown'],
  ['rcpt-to', 'RCPT', '550-5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1 double-checking the recipient\'s email address', 'recipient-unknown'],
  ['rcpt-to', 'RCPT', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'recipient-unknown'],
  ['rcpt-to', 'RCPT', '550 Unrouteable address', 'recipient-unknown'],
  ['rcpt-to', 'RCPT', '452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp', 'mailbox-full'],
  ['rcpt-to', 'RCPT', '552 5.2.2 <bob@test.example>: Quota exceeded (mailbox for user is full)', 'mailbox-full'],
  ['rcpt-to', 'RCPT', '450 4.2.0 <bob@test.example>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/test.example.html', 'greylisted'],
  ['rcpt-to', 'RCPT', '451 4.7.1 Try again later', 'greylisted'],
  ['rcpt-to', 'RCPT', '554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied', 'client-blocked'],
  ['rcpt-to', 'RCPT', '450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]', 'client-blocked'],
  ['rcpt-to', 'RCPT', '553 5.7.1 <alice@test.example>: Sender address rejected: not logged in', 'auth-required'],
  ['rcpt-to', 'RCPT', '553 5.7.1 <carol@test.example>: Sender address rejected: not owned by user alice@test.example', 'sender-rejected'],
  ['rcpt-to', 'RCPT', '452 4.5.3 Error: too many recipients', 'rate-limited'],
  // DATA
  ['data', '.', '552 5.3.4 Error: message file too big', 'message-too-large'],
  ['data', '.', '550-5.7.26 This mail is unauthenticated, which poses a security risk to the\n550 5.7.26 sender and Gmail users, and has been blocked.', 'message-rejected'],
  ['data', '.', '554 5.7.1 Message rejected as spam by Content Filtering.', 'message-rejected'],
  ['data', '.', '550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds', 'message-rejected'],
  ['data', 'DATA', '554 5.5.1 Error: no valid recipients', 'unexpected-reply'],
  // fallbacks
  ['mail-from', 'MAIL', '451 4.3.0 Error: queue file write error', 'smtp-temporary-failure'],
  ['rcpt-to', 'RCPT', '550 5.0.0 Something nobody wrote a rule for', 'unexpected-reply'],
  ['quit', 'QUIT', '421 4.4.2 mail.example.com Error: timeout exceeded', 'service-unavailable'],
];

function parse(raw: string) {
  const acc = new ReplyAccumulator();
  let out: ReturnType<ReplyAccumulator['push']> = 'more';
  for (const l of raw.split('\n')) out = acc.push(l);
  if (out === 'more' || 'error' in out) throw new Error(`bad fixture: ${raw}`);
  return out;
}

describe('classifyReply: real server wordings', () => {
  for (const [stage, command, raw, expected] of CASES) {
    test(`${stage}: ${raw.slice(0, 70)} -> ${expected}`, () => {
      const r = parse(raw);
      const c = classifyReply({ stage, command, code: r.code, enhanced: r.enhanced, text: replyText(r) });
      assert.equal(c.cause, expected, `rule ${c.rule}: ${c.source}`);
    });
  }
});

test('every rule names a catalogued cause and a source', () => {
  for (const r of RULES) {
    assert.doesNotThrow(() => getCause(r.cause), r.cause);
    assert.ok(r.source.length > 10, `rule for ${r.cause} needs a source`);
    assert.ok(r.codes || r.enhanced || r.text || r.stages, `rule for ${r.cause} matches everything`);
  }
});

test('every rule is reachable by at least one real wording above', () => {
  const used = new Set<number>();
  for (const [stage, command, raw] of CASES) {
    const r = parse(raw);
    used.add(classifyReply({ stage, command, code: r.code, enhanced: r.enhanced, text: replyText(r) }).rule);
  }
  const unused = RULES.map((r, i) => ({ r, i })).filter(({ i }) => !used.has(i));
  // rules that only back up a text rule with the bare enhanced code are allowed to be shadowed here
  for (const { r, i } of unused) assert.ok(r.enhanced || r.codes, `rule ${i} (${r.cause}) is never used`);
});
