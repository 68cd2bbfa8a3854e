import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBounce } from './analyze.js';
import { corpusFile, corpusMissing } from '../../test/helpers/bounce-corpus.js';

const skip = corpusMissing();

/** [file, recipient, reason, status, hardbounce, lhost, command?] per decoder family. */
const CASES: Array<[string, string, string, string, boolean, string, string?]> = [
  ['lhost-postfix-01', 'r@p351355.pool.example.ne.jp', 'mailererror', '5.1.1', false, 'Postfix'],
  ['lhost-postfix-74', 'kijitora@y.example.ca', 'rejected', '4.7.0', false, 'Postfix', 'MAIL'],
  ['lhost-postfix-75', 'kijitora@libsisimai.net', 'systemerror', '4.3.0', false, 'Postfix', 'DATA'],
  ['lhost-sendmail-01', 'userunknown@bouncehammer.jp', 'userunknown', '5.1.1', true, 'Sendmail'],
  ['lhost-v5sendmail-06', 'kijitora@example.edu', 'norelaying', '5.7.1', false, 'Sendmail', 'MAIL'],
  ['lhost-exim-01', 'kijitora@example.ed.jp', 'blocked', '5.7.0', false, 'Exim', 'MAIL'],
  ['lhost-exim-44', 'kijitora@example.com', 'mailererror', '5.0.0', false, 'Exim'],
  ['lhost-qmail-17', 'mailboxfull@libsisimai.net', 'mailboxfull', '5.2.2', false, 'qmail', 'RCPT'],
  ['lhost-gmail-01', 'userunknown@example.jp', 'userunknown', '5.1.1', true, 'Gmail'],
  ['lhost-exchange2003-01', 'kijitora@example.jp', 'userunknown', '5.1.1', true, 'Exchange2003', 'RCPT'],
  ['lhost-dragonfly-04', 'postmaster@cx.libsisimai.org', 'hostunknown', '5.1.2', true, 'DragonFly'],
  ['lhost-amazonses-10', 'bounce@simulator.amazonses.com', 'userunknown', '5.1.1', true, 'AmazonSES'],
  ['lhost-googlegroups-05', 'libsisimai@googlegroups.com', 'rejected', '5.1.8', false, 'GoogleGroups'],
  ['lhost-x5-01', 'kijitora@neko.example.org', 'userunknown', '5.1.1', true, 'RFC3464'],
  ['rhost-franceptt-05', 'xxxx@laposte.net', 'suspend', '5.5.0', false, 'Postfix'],
];

describe('analyzeBounce on corpus samples, one per format family', { skip }, () => {
  for (const [file, rcpt, reason, status, hard, lhost, command] of CASES) {
    test(`${file}: ${reason}`, () => {
      const recs = analyzeBounce(corpusFile(file));
      const r = recs.find((x) => x.recipient.toLowerCase() === rcpt.toLowerCase());
      assert.ok(r, `record for ${rcpt} in ${JSON.stringify(recs.map((x) => x.recipient))}`);
      assert.equal(r.reason, reason);
      assert.equal(r.status, status);
      assert.equal(r.hardbounce, hard);
      assert.equal(r.lhost, lhost);
      if (command) assert.equal(r.command, command);
      assert.ok(r.explanation.length > 20 && r.remedies.length > 0 && r.cause);
    });
  }

  test('several recipients, each with its own reason (lhost-postfix-13)', () => {
    const recs = analyzeBounce(corpusFile('lhost-postfix-13'));
    assert.deepEqual(recs.map((r) => [r.recipient, r.reason]), [['kijitora@example.jp', 'userunknown'], ['noraneko@example.jp', 'mailboxfull']]);
    assert.equal(recs[0]?.origSubject, 'Nyaaaan');
    assert.equal(recs[0]?.remoteMta, 'mx.example.jp');
    assert.equal(recs[0]?.replycode, '550');
  });

  test('ARF feedback report and RFC 3834 auto-reply', () => {
    const arf = analyzeBounce(corpusFile('arf-17'));
    assert.deepEqual(arf.map((r) => [r.recipient, r.reason, r.feedbackType]), [['kijitora@example.com', 'feedback', 'abuse'], ['sabatora@example.net', 'feedback', 'abuse']]);
    const ar = analyzeBounce(corpusFile('rfc3834-02'));
    assert.equal(ar[0]?.reason, 'vacation');
    assert.equal(ar[0]?.recipient, 'nekonyaan@example.org');
  });

  test('a message that is not a bounce yields no record', () => {
    assert.deepEqual(analyzeBounce(corpusFile('maildir/not/is-not-bounce-01.eml')), []);
  });

  test('CRLF and CR-only copies of LF files give the same records', () => {
    for (const f of ['lhost-postfix-13', 'lhost-exim-05', 'lhost-qmail-02', 'lhost-sendmail-14', 'lhost-ezweb-03', 'arf-17']) {
      const lf = corpusFile(f).toString('latin1').replace(/\r\n?/g, '\n');
      const want = analyzeBounce(Buffer.from(lf, 'latin1')).map((r) => [r.recipient, r.reason, r.status]);
      assert.ok(want.length > 0, f);
      for (const eol of ['\r\n', '\r']) {
        const got = analyzeBounce(Buffer.from(lf.replace(/\n/g, eol), 'latin1')).map((r) => [r.recipient, r.reason, r.status]);
        assert.deepEqual(got, want, `${f} with ${JSON.stringify(eol)}`);
      }
    }
  });
});

describe('analyzeBounce on crafted messages', () => {
  const dsn = (diag: string, status: string): string => [
    'From: MAILER-DAEMON@mx.example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary=XX',
    '', '--XX', 'Content-Type: text/plain', '', 'failed', '--XX', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.example.org', '',
    'Final-Recipient: rfc822; bob@example.net', 'Action: failed', `Status: ${status}`, `Diagnostic-Code: smtp; ${diag}`,
    '--XX', 'Content-Type: text/rfc822-headers', '', 'From: alice@example.org', 'To: bob@example.net', 'Subject: hi', 'Message-ID: <1@example.org>', '--XX--', '',
  ].join('\n');

  test('minimal DSN: fields, original headers, status and reply code', () => {
    const [r] = analyzeBounce(dsn('550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in local recipient table', '5.1.1'));
    assert.equal(r?.recipient, 'bob@example.net');
    assert.equal(r?.reason, 'userunknown');
    assert.equal(r?.replycode, '550');
    assert.equal(r?.reportingMta, 'mx.example.org');
    assert.equal(r?.origMessageId, '<1@example.org>');
    assert.equal(r?.origFrom, 'alice@example.org');
    assert.equal(r?.cause, 'recipient-unknown');
    assert.match(r?.decidedBy ?? '', /5\.1\.1/);
  });

  test('one record per recipient: a block that says nothing beside one that explains is dropped; a lone one is kept', () => {
    const withEmpty = dsn('550 5.1.1 User unknown', '5.1.1').replace('Final-Recipient: rfc822; bob@example.net', 'Final-Recipient: rfc822; bob@example.net\nAction: failed\n\nFinal-Recipient: rfc822; bob@example.net');
    assert.deepEqual(analyzeBounce(withEmpty).map((r) => [r.recipient, r.reason]), [['bob@example.net', 'userunknown']]);
    const emptyOnly = dsn('', '').replace(/^(?:Status|Diagnostic-Code):.*\n/gm, '');
    assert.deepEqual(analyzeBounce(emptyOnly).map((r) => [r.recipient, r.reason]), [['bob@example.net', 'undefined']], 'a failed recipient is never lost');
  });

  test('a delay warning keeps its reason but reads as a warning: cause delivery-delayed, never a hard bounce', () => {
    const warning = dsn('550 5.1.1 User unknown', '4.0.0').replace('Action: failed', 'Action: delayed').replace('smtp; 550 5.1.1 User unknown', 'smtp; 451 4.7.1 Greylisting in action, please come back later');
    const [r] = analyzeBounce(warning);
    assert.equal(r?.action, 'delayed');
    assert.equal(r?.cause, 'delivery-delayed');
    assert.equal(r?.hardbounce, false);
    assert.match(r?.explanation ?? '', /still in the sending server's queue/);
    const [failed] = analyzeBounce(warning.replace('Action: delayed', 'Action: failed'));
    assert.notEqual(failed?.cause, 'delivery-delayed');
  });

  test('a Final-Recipient whose domain is one label (a host that qualifies bare names with its short name) is kept', () => {
    const single = dsn('552 5.2.2 Quota exceeded', '5.2.2').replace('Final-Recipient: rfc822; bob@example.net', 'Final-Recipient: rfc822; bob@vm');
    assert.deepEqual(analyzeBounce(single).map((r) => [r.recipient, r.reason]), [['bob@vm', 'mailboxfull']]);
  });

  test('ordinary mail that speaks of delivery is not a bounce (no record)', () => {
    const msg = (head: string, body: string): string => `${head}\nDate: Mon, 2 Nov 2026 10:00:00 +0000\nMessage-ID: <1@example.org>\n\n${body}\n`;
    const cases = {
      'a personal message with bounce words': msg('From: Alice <alice@example.org>\nTo: bob@example.net\nSubject: Re: the delivery failed again?\nContent-Type: text/plain', 'The parcel delivery failed again, the address is unknown.\nThe user unknown thing is odd. Mailbox full of ideas, Alice'),
      'a read receipt (MDN)': msg('From: carol@example.com\nTo: bob@example.net\nSubject: Read: Budget\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; boundary="r1"', '--r1\nContent-Type: text/plain\n\nYour message was displayed by the recipient.\n--r1\nContent-Type: message/disposition-notification\n\nReporting-UA: mail.example.com; Thunderbird\nFinal-Recipient: rfc822; carol@example.com\nDisposition: manual-action/MDN-sent-manually; displayed\n--r1--'),
      'a forwarded ordinary message': msg('From: dave@example.org\nTo: bob@example.net\nSubject: Fwd: Meeting notes\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m1"', '--m1\nContent-Type: text/plain\n\nSee the attached notes.\n--m1\nContent-Type: message/rfc822\n\nFrom: eve@example.org\nTo: dave@example.org\nSubject: Meeting notes\n\nNothing failed, everything delivered.\n--m1--'),
      'a shipping notice from a "Mail Delivery" sender': msg('From: "Mail Delivery Subsystem" <noreply@service.example>\nTo: bob@example.net\nSubject: Your package has been delivered\nContent-Type: text/plain', 'Good news! Your package was delivered to your mailbox at 10:02.'),
      'a mailing-list welcome': msg('From: list-owner@lists.example.org\nTo: bob@example.net\nSubject: Welcome to the dev list\nList-Id: <dev.lists.example.org>', 'Messages that cannot be delivered to you will be returned to the list owner.'),
    };
    for (const [name, m] of Object.entries(cases)) assert.deepEqual(analyzeBounce(m), [], name);
  });

  test('the explanation quotes a multi-line reply as one sentence, and ends each sentence once', () => {
    const [gmail] = analyzeBounce(dsn('550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the address. 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp', '5.1.1'));
    assert.match(gmail?.explanation ?? '', /does not exist\. Please try double-checking the address\. https:/);
    assert.match(gmail?.diagnostic ?? '', /Please try 550-5\.1\.1 double-checking/, 'the diagnostic stays as the server wrote it');
    const [full] = analyzeBounce(dsn('552 5.2.2 Mailbox full.', '5.2.2'));
    assert.match(full?.explanation ?? '', /: 552 5\.2\.2 Mailbox full\. The recipient/);
  });

  test('string input and Buffer input agree; a generic X.0.0 yields to the code in the text', () => {
    const s = dsn('552 5.2.2 Mailbox full', '5.0.0');
    const a = analyzeBounce(s);
    const b = analyzeBounce(Buffer.from(s));
    assert.deepEqual(a, b);
    assert.equal(a[0]?.status, '5.2.2');
    assert.equal(a[0]?.reason, 'mailboxfull');
    assert.equal(a[0]?.hardbounce, false);
  });

  test('no status at all: status inferred from the reason and flagged', () => {
    const msg = 'From: Mail Delivery System <Mailer-Daemon@x.org>\nSubject: Mail delivery failed: returning message to sender\n\n' +
      'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\n' +
      'recipients. This is a permanent error. The following address(es) failed:\n\n  bob@nowhere.example\n    Unrouteable address\n';
    const [r] = analyzeBounce(msg);
    assert.equal(r?.recipient, 'bob@nowhere.example');
    assert.equal(r?.reason, 'hostunknown');
    assert.equal(r?.lhost, 'Exim');
    assert.equal(r?.statusInferred, true);
    assert.equal(r?.status, '5.1.2');
    assert.equal(r?.hardbounce, true);
  });
});
