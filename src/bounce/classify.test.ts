import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classify, type ClassifyInput } from './classify.js';
import { REASON_NAMES, REASONS } from './reasons/names.js';
import { TABLES } from './reasons/index.js';
import { STATUS_RULES } from './reasons/status-codes.js';
import { RHOSTS } from './reasons/rhost/index.js';
import { getCause } from '../catalog/index.js';
import { unfoldReply } from './smtp-text.js';

const base: ClassifyInput = { status: '', replycode: '', remoteMta: '', reportingMta: '', domain: 'example.org', action: 'failed', diagnostic: '', diagnosticType: 'SMTP', command: '', kind: 'bounce' };
const reason = (o: Partial<ClassifyInput>): string => classify({ ...base, ...o }).reason;

describe('classify (tables)', () => {
  test('a precise status code decides; vague codes yield to phrases', () => {
    assert.equal(reason({ status: '5.1.1', diagnostic: '550 5.1.1 <a@x>... User unknown' }), 'userunknown');
    assert.equal(reason({ status: '5.2.2', diagnostic: '552 5.2.2 over quota' }), 'mailboxfull');
    assert.equal(reason({ status: '5.1.1', diagnostic: '550 5.1.1 mailbox full' }), 'mailboxfull');
    assert.equal(reason({ status: '5.7.1', diagnostic: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' }), 'blocked');
    assert.equal(reason({ status: '5.7.1', diagnostic: '550 5.7.1 Relaying denied' , command: 'RCPT' }), 'norelaying');
  });

  test('recipient wording after DATA is a filter, not an unknown user', () => {
    assert.equal(reason({ diagnostic: '550 Unknown user a@x', command: 'RCPT' }), 'userunknown');
    assert.equal(reason({ diagnostic: '550 Unknown user a@x', command: 'DATA' }), 'filtered');
    assert.equal(reason({ status: '5.1.1', diagnostic: '550 Unknown user a@x', command: 'DATA' }), 'userunknown');
  });

  test('spam wording before DATA does not outrank the recipient verdict', () => {
    assert.equal(reason({ diagnostic: '554 spam detected', command: 'DATA' }), 'spamdetected');
    assert.equal(reason({ diagnostic: '550 spam detected; user unknown', command: 'RCPT' }), 'userunknown');
  });

  test('local delivery programs (X-UNIX) are mailer errors unless the text says more', () => {
    assert.equal(reason({ status: '5.3.0', diagnosticType: 'X-UNIX', diagnostic: 'procmail: Quota exceeded while writing' }), 'mailboxfull');
    assert.equal(reason({ diagnosticType: 'X-UNIX', diagnostic: 'something odd happened' }), 'mailererror');
  });

  test('remote-host tables know providers\' own codes', () => {
    assert.equal(reason({ remoteMta: 'smtp-in.orange.fr', diagnostic: '550 5.5.0 Le compte du destinataire est bloque. LPN007_426' }), 'suspend');
    assert.equal(reason({ remoteMta: 'lsean.ezweb.ne.jp', diagnostic: '550 : User unknown' }), 'filtered');
    assert.equal(reason({ remoteMta: 'lsean.ezweb.ne.jp', diagnostic: '550 <a@ezweb.ne.jp>: User unknown' }), 'userunknown');
  });

  test('a provider is known by the mark its replies carry when the notice names no host of it', () => {
    // Gmail's X.2.1 means "receiving mail too fast" here, not a disabled mailbox (RFC 3463's X.2.1)
    const gmailRate = '450-4.2.1 The user you are trying to contact is receiving mail at a rate that 450-4.2.1 prevents additional messages from being delivered. Please resend your 450 4.2.1 message at a later time. e5si123 - gsmtp';
    const v = classify({ ...base, remoteMta: '192.0.2.25', status: '4.2.1', replycode: '450', diagnostic: gmailRate, command: 'RCPT' });
    assert.equal(v.reason, 'ratelimited');
    assert.match(v.decidedBy, /^remote host Google \(by its reply\)/);
    // Exchange Online's server name in brackets; Yahoo's answering server
    assert.match(classify({ ...base, diagnostic: '550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification [AM0PR01MB1234.eurprd01.prod.outlook.com]' }).decidedBy, /^remote host Microsoft \(by its reply\)/);
    assert.match(classify({ ...base, diagnostic: "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com" }).decidedBy, /^remote host YahooInc \(by its reply\)/);
    // without the mark, the general tables decide; a named host wins over a mark
    assert.doesNotMatch(classify({ ...base, status: '4.2.1', diagnostic: gmailRate.replace(' - gsmtp', '') }).decidedBy, /Google/);
    assert.match(classify({ ...base, remoteMta: 'mx.orange.fr', diagnostic: '550 5.5.0 Le compte du destinataire est bloque. LPN007_426 - gsmtp' }).decidedBy, /^remote host FrancePTT/);
  });

  test("Microsoft's and Google's documented replies, with the command unknown (Exchange NDRs often do not say)", () => {
    const ms = (status: string, diagnostic: string) => reason({ remoteMta: 'example-com.mail.protection.outlook.com', status, diagnostic });
    assert.equal(ms('5.7.708', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'), 'ratelimited');
    assert.equal(ms('5.7.750', '550 5.7.750 Service unavailable. Access denied, tenant has exceeded threshold.'), 'ratelimited');
    assert.equal(ms('5.2.122', "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour."), 'ratelimited');
    assert.equal(ms('4.7.850', '450 4.7.850 Access denied, please try again later.'), 'blocked');
    assert.equal(ms('5.7.507', '550 5.7.507 Access denied, rejected by recipient'), 'blocked');
    assert.equal(ms('5.1.10', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'), 'userunknown');
    assert.equal(ms('5.5.0', '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302).'), 'userunknown');
    assert.equal(ms('5.2.1', '550 5.2.1 Content Filter agent quarantined this message'), 'spamdetected');
    assert.equal(ms('5.7.133', '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group'), 'rejected');
    assert.equal(reason({ remoteMta: 'mx.google.com', replycode: '421', status: '4.7.0', diagnostic: '421 4.7.0 Try again later, closing connection. (EHLO) a1si2 - gsmtp' }), 'blocked');
  });

  test('a sending quota is a rate limit, a storage quota a full mailbox', () => {
    assert.equal(reason({ diagnostic: '554 Throttling failure: Daily message quota exceeded.' }), 'ratelimited');
    assert.equal(reason({ status: '5.4.5', diagnostic: '550 5.4.5 Daily user sending quota exceeded. a1si2 - gsmtp' }), 'ratelimited');
    assert.equal(reason({ diagnostic: '552 Error: disk quota exceeded' }), 'mailboxfull');
    assert.equal(reason({ diagnostic: 'Quota exceeded message delivery failed to /var/mail/box/u/00/f/kijitora/INBOX' }), 'mailboxfull');
  });

  test('greylisting only defers: a failure quoting it is a retry that ran out of time, whatever its code', () => {
    const exim = '451 4.7.1 <grey@remote.example>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/remote.example.html: retry timeout exceeded';
    const v = classify({ ...base, status: '4.7.1', replycode: '451', diagnostic: exim, command: 'RCPT' });
    assert.equal(v.reason, 'expired');
    assert.match(v.decidedBy, /greylisted.*RFC 6647/);
    assert.equal(reason({ status: '4.7.1', diagnostic: '451 4.7.1 Please try again later' }), 'blocked', 'without the word, 4.7.1 keeps its meaning');
    assert.notEqual(reason({ status: '5.7.1', diagnostic: '550 5.7.1 Greylisting failed permanently' }), 'expired', 'a permanent refusal is not a deferral');
  });

  test('a sender status code (X.1.7) is not read as a recipient filter, whatever the words', () => {
    assert.equal(reason({ status: '5.1.7', diagnostic: '550 5.1.7 invalid address' }), 'rejected');
    assert.equal(reason({ diagnostic: '550 invalid address', command: 'DATA' }), 'filtered');
  });

  test('a multi-line reply joined into one line reads as one sentence', () => {
    assert.equal(
      unfoldReply('550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the address. 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser - gsmtp'),
      '550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the address. https://support.google.com/mail/?p=NoSuchUser - gsmtp',
    );
    assert.equal(unfoldReply('said: 554-mx.example.org ESMTP refused 554-your address is listed 554 contact postmaster'), 'said: 554-mx.example.org ESMTP refused your address is listed contact postmaster');
    // a single-line reply, and numbers that only look like codes, are left alone
    assert.equal(unfoldReply('550 5.1.1 user unknown 550 times'), '550 5.1.1 user unknown 550 times');
    assert.equal(unfoldReply('450-4.2.0 greylisted for 300 seconds'), '450-4.2.0 greylisted for 300 seconds');
    assert.equal(unfoldReply('451 4.4.2 timed out after 200-300 ms, 200 retries'), '451 4.4.2 timed out after 200-300 ms, 200 retries');
  });

  test('structure and fallbacks', () => {
    assert.equal(reason({ kind: 'feedback' }), 'feedback');
    assert.equal(reason({ kind: 'autoreply', diagnostic: 'I am out of the office' }), 'vacation');
    assert.equal(reason({ status: '2.0.0', action: 'delivered' }), 'delivered');
    assert.equal(reason({ action: 'delayed' }), 'expired');
    assert.equal(reason({ command: 'EHLO', diagnostic: '550 go away please' }), 'blocked');
    assert.equal(reason({ diagnostic: 'a sentence no rule knows' }), 'onhold');
    assert.equal(reason({}), 'undefined');
  });

  test('every reason has a catalog cause and a hard/soft rule; tables and codes name known reasons', () => {
    for (const r of REASON_NAMES) assert.ok(getCause(REASONS[r].cause), r);
    for (const [r, t] of Object.entries(TABLES)) {
      assert.equal(t?.reason, r);
      for (const p of t?.phrases ?? []) assert.ok(p.src, `phrase of ${r} has a source`);
    }
    for (const rule of Object.values(STATUS_RULES)) assert.ok((REASON_NAMES as readonly string[]).includes(rule.reason));
    for (const rt of RHOSTS) assert.ok(rt.src && rt.hosts instanceof RegExp, rt.name);
  });

  test("docs/bounce.md's table of reasons is the code's: cause, hard/soft rule and phrase count of each", () => {
    const doc = readFileSync(new URL('../../docs/bounce.md', import.meta.url), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `(\w+)` \| `([\w-]+)` \| \w+ \| ([^|]+) \| (\d+) \|/gm)].map((m) => [m[1], { cause: m[2], hard: (m[3] ?? '').trim(), phrases: Number(m[4]) }]));
    assert.equal(rows.size, REASON_NAMES.length);
    for (const r of REASON_NAMES) {
      const row = rows.get(r);
      assert.ok(row, `${r} missing from docs/bounce.md`);
      assert.equal(row.cause, REASONS[r].cause, r);
      assert.equal(row.hard, { always: 'hard', never: 'soft', permanent: 'hard if 5.x.x, else soft' }[REASONS[r].hard], r);
      assert.equal(row.phrases, TABLES[r]?.phrases.length ?? 0, `${r}: phrase count in docs/bounce.md`);
    }
  });

  test('every verdict says which rule decided it', () => {
    const v = classify({ ...base, status: '5.1.1', diagnostic: 'user unknown' });
    assert.match(v.decidedBy, /status 5\.1\.1/);
  });
});
