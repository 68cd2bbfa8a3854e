/**
 * Bounces written by a real Postfix (Debian package), read by `maildoctor bounce`: alice
 * submits one message per case to the test peer, whose SMTP client relays it to a scripted
 * "remote" server on the loopback that answers as real servers word their replies (Gmail,
 * Office 365, Exchange, Postfix, Exim); Postfix then writes its delivery status notification
 * back to alice's maildir. Unlike the corpus, these bounces are made now, by the Postfix the
 * SMTP probe is tested against, from replies this project chose: a check that the analysis
 * generalises beyond the messages it was built on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { analyzeBounce } from '../../src/bounce/index.js';
import type { BounceRecord } from '../../src/bounce/types.js';
import { POSTFIX_BINARY, startPostfix, type PostfixPeer } from '../peers/postfix.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';
import { closedPort, startScriptedSmtp, startSocketServer, type Peer } from './helpers/smtp-fakes.js';
import { startScriptedMx, type ScriptedMx } from './helpers/scripted-mx.js';
import { assertBuiltCli, BIN } from '../helpers/built-cli.js';

const skip = peerMissing('Postfix', POSTFIX_BINARY) || peerNeedsRoot('Postfix');

const REMOTE = 'remote.example';
/** A domain routed to a closed port: Postfix cannot connect. */
const UNREACHABLE = 'closed.example';
/** A domain whose server accepts the connection and never greets. */
const SILENT = 'silent.example';
/** A domain whose server hangs up as soon as Postfix connects. */
const HANGUP = 'hangup.example';
/** A domain whose server announces a 200-byte message size limit. */
const SMALL = 'small.example';
/** A domain whose server announces SMTPUTF8 and knows no internationalised address. */
const UTF8 = 'utf8.example';

/** One case: the remote's reply to RCPT TO (or, when `atData`, to the end of DATA) and what the analysis must say. */
interface Case {
  /** local part of the recipient at remote.example; the scripted server answers by it */
  user: string;
  reply: string;
  atData?: boolean;
  expect: { reason: string; status: string; replycode: string; command: string; hardbounce: boolean };
}

const CASES: Case[] = [
  {
    user: 'nosuchuser',
    // Gmail, multi-line
    reply:
      '550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n' +
      "550-5.1.1 double-checking the recipient's email address for typos or\r\n" +
      '550-5.1.1 unnecessary spaces. For more information, go to\r\n' +
      '550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1-20020a05 - gsmtp\r\n',
    expect: { reason: 'userunknown', status: '5.1.1', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'full',
    // Exchange / Office 365
    reply: '552 5.2.2 STOREDRV.Deliver; recipient mailbox is full\r\n',
    expect: { reason: 'mailboxfull', status: '5.2.2', replycode: '552', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'banned',
    // Office 365
    reply: '550 5.7.606 Access denied, banned sending IP [127.0.0.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions.\r\n',
    expect: { reason: 'blocked', status: '5.7.606', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'relay',
    // Postfix
    reply: '554 5.7.1 <relay@remote.example>: Relay access denied\r\n',
    expect: { reason: 'norelaying', status: '5.7.1', replycode: '554', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'disabled',
    // Gmail
    reply:
      '550-5.2.1 The email account that you tried to reach is disabled. Learn more at\r\n' +
      '550 5.2.1  https://support.google.com/mail/?p=DisabledUser b2-20020a05 - gsmtp\r\n',
    expect: { reason: 'suspend', status: '5.2.1', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'spam',
    atData: true,
    // Exim with a content scanner
    reply: '550 5.7.1 Message rejected as spam by Content Filtering.\r\n',
    expect: { reason: 'spamdetected', status: '5.7.1', replycode: '550', command: 'DATA', hardbounce: false },
  },
  {
    user: 'big',
    atData: true,
    reply: '552 5.3.4 Message size exceeds fixed maximum message size\r\n',
    expect: { reason: 'emailtoolarge', status: '5.3.4', replycode: '552', command: 'DATA', hardbounce: false },
  },
  {
    user: 'dmarc',
    atData: true,
    // Gmail
    reply:
      '550-5.7.26 Unauthenticated email from test.example is not accepted due to domain\'s\r\n' +
      '550-5.7.26 DMARC policy. Please contact the administrator of test.example domain if\r\n' +
      '550 5.7.26 this was a legitimate mail. c3-20020a05 - gsmtp\r\n',
    expect: { reason: 'authfailure', status: '5.7.26', replycode: '550', command: 'DATA', hardbounce: false },
  },
  {
    user: 'yahoonouser',
    // Yahoo: no enhanced status code, so Postfix's own 5.0.0 is the status
    reply: "554 delivery error: dd This user doesn't have a remote.example account (yahoonouser@remote.example) [0] - mta1234.mail.bf1.yahoo.com\r\n",
    expect: { reason: 'userunknown', status: '5.0.0', replycode: '554', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'o365nouser',
    reply: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient o365nouser@remote.example not found by SMTP address lookup\r\n',
    expect: { reason: 'userunknown', status: '5.1.10', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'outlooknouser',
    // Outlook.com: a generic status code, the words say it
    reply: '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [BN1NAM02FT032.eop-nam02.prod.protection.outlook.com]\r\n',
    expect: { reason: 'userunknown', status: '5.5.0', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'moved',
    reply: '551 5.1.6 User has moved; please try <moved@elsewhere.example>\r\n',
    expect: { reason: 'hasmoved', status: '5.1.6', replycode: '551', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'spamhaus',
    // Postfix with a DNS blocklist
    reply: '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1\r\n',
    expect: { reason: 'blocked', status: '5.7.1', replycode: '554', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'noptr',
    // Postfix reject_unknown_client_hostname
    reply: '550 5.7.25 Client host rejected: cannot find your hostname, [127.0.0.1]\r\n',
    expect: { reason: 'requireptr', status: '5.7.25', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'spf',
    // Office 365
    reply: '550 5.7.23 The message was rejected because of Sender Policy Framework violation\r\n',
    expect: { reason: 'authfailure', status: '5.7.23', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'yahoopolicy',
    atData: true,
    reply: '554 5.7.9 Message not accepted for policy reasons.  See https://help.yahoo.com/kb/postmaster/SLN7253.html\r\n',
    expect: { reason: 'policyviolation', status: '5.7.9', replycode: '554', command: 'DATA', hardbounce: false },
  },
  {
    user: 'virus',
    atData: true,
    reply: '550 5.7.0 Virus found in message: Eicar-Signature\r\n',
    expect: { reason: 'virusdetected', status: '5.7.0', replycode: '550', command: 'DATA', hardbounce: false },
  },
  {
    user: 'loop',
    atData: true,
    // Office 365
    reply: '554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [DM6NAM12FT031.eop-nam12.prod.protection.outlook.com]\r\n',
    expect: { reason: 'networkerror', status: '5.4.14', replycode: '554', command: 'DATA', hardbounce: false },
  },
  {
    user: 'gmailfull',
    // Gmail, temporary: tried once by this peer, so bounced at once
    reply:
      "452-4.2.2 The recipient's inbox is out of storage space. Please direct the\r\n" +
      '452-4.2.2 recipient to\r\n' +
      '452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp d4-20020a05 - gsmtp\r\n',
    expect: { reason: 'mailboxfull', status: '4.2.2', replycode: '452', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'quota',
    atData: true,
    // Dovecot LMTP/LDA (lib-storage quota), at the end of DATA
    reply: '552 5.2.2 <quota@remote.example> Quota exceeded (mailbox for user is full)\r\n',
    expect: { reason: 'mailboxfull', status: '5.2.2', replycode: '552', command: 'DATA', hardbounce: false },
  },
  {
    user: 'sendmailuser',
    // Sendmail
    reply: '550 5.1.1 <sendmailuser@remote.example>... User unknown\r\n',
    expect: { reason: 'userunknown', status: '5.1.1', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'unrouteable',
    // Exim, no enhanced code: Postfix writes 5.0.0
    reply: '550 Unrouteable address\r\n',
    expect: { reason: 'hostunknown', status: '5.0.0', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'gmailrate',
    reply:
      '450-4.2.1 The user you are trying to contact is receiving mail at a rate that\r\n' +
      '450-4.2.1 prevents additional messages from being delivered. Please resend your\r\n' +
      '450 4.2.1 message at a later time. e5-20020a05 - gsmtp\r\n',
    expect: { reason: 'ratelimited', status: '4.2.1', replycode: '450', command: 'RCPT', hardbounce: false },
  },
];

/**
 * The remote: answers EHLO without extensions (so Postfix writes its own "relayed" notice for
 * NOTIFY=SUCCESS) unless given, RCPT TO by the recipient's local part (CASES; "multi-"
 * recipients answer as the case they name; others are accepted) and the end of DATA by the
 * first accepted recipient's.
 */
function startRemote(extensions: string[] = []): Promise<ScriptedMx> {
  return startScriptedMx({
    extensions,
    rcpt: (user) =>
      // (lines arrive as latin1: an internationalised local part is refused without echoing it)
      /[\x80-\xff]/.test(user)
        ? '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table\r\n'
        : CASES.find((x) => !x.atData && x.user === user.replace(/^multi-/, ''))?.reply,
    data: (first) => CASES.find((x) => x.atData && x.user === first)?.reply,
  });
}

describe('bounces written by Postfix', { skip }, () => {
  let pf: PostfixPeer;
  let remote: Peer;
  const others: Peer[] = [];
  /** the DSN Postfix wrote for each message, by the Message-ID alice gave it */
  const dsns = new Map<string, string>();
  const idOf = (name: string) => `<bounce-${name}@test.example>`;

  before(async () => {
    remote = await startRemote();
    const closed = await closedPort();
    const silent = await startScriptedSmtp(null, () => null);
    const hangup = await startSocketServer((s) => s.destroy());
    const small = await startRemote(['SIZE 200']);
    const utf8 = await startRemote(['SMTPUTF8']);
    others.push(silent, hangup, small, utf8);
    pf = await startPostfix({ routes: { [REMOTE]: remote.port, [UNREACHABLE]: closed, [SILENT]: silent.port, [HANGUP]: hangup.port, [SMALL]: small.port, [UTF8]: utf8.port } });
    const mailer = nodemailer.createTransport({
      host: pf.host,
      port: pf.ports.submission,
      requireTLS: true,
      tls: { ca: pf.pki.caPem, servername: pf.hostname },
      auth: { user: pf.users.alice.user, pass: pf.users.alice.password },
    });
    const send = (name: string, to: string | string[], notify: 'FAILURE' | 'SUCCESS' = 'FAILURE') =>
      mailer.sendMail({
        from: pf.users.alice.address,
        to,
        subject: `bounce test ${name}`,
        text: `A test message of maildoctor's bounce interop test (${name}).\n`,
        messageId: idOf(name),
        dsn: { notify, ret: 'HDRS', ...(typeof to === 'string' ? { recipient: to } : {}) },
      });
    try {
      for (const c of CASES) await send(c.user, `${c.user}@${REMOTE}`);
      await send('unreachable', `someone@${UNREACHABLE}`);
      await send('silent', `someone@${SILENT}`);
      await send('hangup', `someone@${HANGUP}`);
      await send('small', `someone@${SMALL}`);
      await send('utf8unknown', `ネコ@${UTF8}`);
      await send('utf8refused', `ネコ@${REMOTE}`);
      await send('relayed', `welcome@${REMOTE}`, 'SUCCESS');
      await send('multi', [`multi-nosuchuser@${REMOTE}`, `multi-welcome@${REMOTE}`, `multi-full@${REMOTE}`]);
    } finally {
      mailer.close();
    }
    const want = CASES.length + 8;
    for (let i = 0; i < 300 && dsns.size < want; i++) {
      for (const m of await pf.delivered('alice')) {
        const id = /^Message-ID: *(<bounce-[^>]+>)/im.exec(m.slice(m.search(/^Content-Type: (?:text\/rfc822-headers|message\/rfc822|message\/global(?:-headers)?)/im)))?.[1];
        if (id) dsns.set(id, m);
      }
      if (dsns.size < want) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(dsns.size, want, `Postfix wrote ${dsns.size} of ${want} notifications\n${pf.log().slice(-4000)}`);
  });
  after(async () => {
    await pf?.stop();
    await remote?.close();
    for (const o of others) await o.close();
  });

  function recordsOf(name: string): BounceRecord[] {
    const dsn = dsns.get(idOf(name));
    assert.ok(dsn, `no notification for ${name}`);
    return analyzeBounce(dsn);
  }

  for (const c of CASES) {
    test(`${c.expect.reason}: ${c.reply.split('\r\n')[0]}`, () => {
      const recs = recordsOf(c.user);
      assert.equal(recs.length, 1, JSON.stringify(recs));
      const r = recs[0]!;
      const got = { reason: r.reason, status: r.status, replycode: r.replycode, command: r.command, hardbounce: r.hardbounce };
      assert.deepEqual(got, c.expect, r.diagnostic);
      assert.equal(r.recipient, `${c.user}@${REMOTE}`);
      assert.equal(r.action, 'failed');
      assert.match(r.remoteMta, /127\.0\.0\.1/);
      assert.equal(r.reportingMta, pf.hostname);
      assert.equal(r.lhost, 'Postfix');
      assert.equal(r.origMessageId, idOf(c.user));
      assert.equal(r.origSubject, `bounce test ${c.user}`);
      assert.equal(r.origFrom, pf.users.alice.address);
      // the remote's own words reach the user, unfolded into one line (runs of blanks as one)
      const firstLine = c.reply.split('\r\n')[0]!.replace(/^\d{3}[- ](?:\d\.\d{1,3}\.\d{1,3} )?/, '').replace(/\s+/g, ' ');
      assert.ok(r.diagnostic.includes(firstLine), `${r.diagnostic}\nlacks\n${firstLine}`);
      assert.ok(r.remedies.length > 0);
    });
  }

  test('the remote never answered (connection refused): expired after the queue lifetime, a soft bounce', () => {
    const recs = recordsOf('unreachable');
    assert.equal(recs.length, 1, JSON.stringify(recs));
    const r = recs[0]!;
    // Postfix bounces a temporary failure only when the message has been in the queue too
    // long (here at once: maximal_queue_lifetime = 0), keeping the 4.x.x status of the last try
    assert.deepEqual(
      { reason: r.reason, status: r.status, action: r.action, hardbounce: r.hardbounce, recipient: r.recipient },
      { reason: 'expired', status: '4.4.1', action: 'failed', hardbounce: false, recipient: `someone@${UNREACHABLE}` },
    );
    assert.match(r.diagnostic, /connect to 127\.0\.0\.1\[127\.0\.0\.1\]:\d+: Connection refused/);
    assert.equal(r.remoteMta, '', 'no server answered, so the notice names none');
    assert.ok(r.remedies.some((x) => /maildoctor smtp/.test(x)), r.remedies.join('\n'));
  });

  test("a remote that never greets, or hangs up at once: Postfix's own words, a soft network error", () => {
    for (const [name, domain, words] of [
      ['silent', SILENT, /conversation with 127\.0\.0\.1\[127\.0\.0\.1\] timed out while receiving the initial server greeting/],
      ['hangup', HANGUP, /lost connection with 127\.0\.0\.1\[127\.0\.0\.1\] while receiving the initial server greeting/],
    ] as const) {
      const recs = recordsOf(name);
      assert.equal(recs.length, 1, JSON.stringify(recs));
      const r = recs[0]!;
      assert.deepEqual(
        { reason: r.reason, status: r.status, replycode: r.replycode, hardbounce: r.hardbounce, recipient: r.recipient, type: r.diagnosticType },
        { reason: 'networkerror', status: '4.4.2', replycode: '', hardbounce: false, recipient: `someone@${domain}`, type: 'X-POSTFIX' },
        name,
      );
      assert.match(r.diagnostic, words);
    }
  });

  test('a message over the size the remote announces (SIZE 200): Postfix bounces it without sending, no reply code', () => {
    const recs = recordsOf('small');
    assert.equal(recs.length, 1, JSON.stringify(recs));
    const r = recs[0]!;
    assert.deepEqual(
      { reason: r.reason, status: r.status, replycode: r.replycode, hardbounce: r.hardbounce, recipient: r.recipient },
      { reason: 'emailtoolarge', status: '5.3.4', replycode: '', hardbounce: false, recipient: `someone@${SMALL}` },
    );
    assert.match(r.diagnostic, /^message size \d+ exceeds size limit 200 of server 127\.0\.0\.1\[127\.0\.0\.1\]$/);
  });

  test('an internationalised address (SMTPUTF8): message/global-delivery-status and global headers, UTF-8 kept', () => {
    const unknown = dsns.get(idOf('utf8unknown'))!;
    assert.match(unknown, /^Content-Type: message\/global-delivery-status/m, 'Postfix wrote an RFC 6533 report');
    assert.match(unknown, /^Final-Recipient: utf-8; ネコ@utf8\.example/m);
    const [u, ...more] = recordsOf('utf8unknown');
    assert.equal(more.length, 0);
    assert.deepEqual(
      { recipient: u?.recipient, reason: u?.reason, status: u?.status, replycode: u?.replycode, command: u?.command, hardbounce: u?.hardbounce, origTo: u?.origTo, origMessageId: u?.origMessageId },
      { recipient: `ネコ@${UTF8}`, reason: 'userunknown', status: '5.1.1', replycode: '550', command: 'RCPT', hardbounce: true, origTo: `ネコ@${UTF8}`, origMessageId: idOf('utf8unknown') },
    );
    // the remote does not announce SMTPUTF8: Postfix refuses to relay (RFC 6531 5.6.7)
    const [r, ...others2] = recordsOf('utf8refused');
    assert.equal(others2.length, 0);
    assert.deepEqual(
      { recipient: r?.recipient, reason: r?.reason, status: r?.status, replycode: r?.replycode, hardbounce: r?.hardbounce },
      { recipient: `ネコ@${REMOTE}`, reason: 'contenterror', status: '5.6.7', replycode: '', hardbounce: false },
    );
    assert.match(r?.diagnostic ?? '', /^SMTPUTF8 is required, but was not offered by host 127\.0\.0\.1\[127\.0\.0\.1\]$/);
  });

  test('one message, three recipients, two refused: one notice, a record for each refused one', () => {
    const dsn = dsns.get(idOf('multi'))!;
    assert.equal((dsn.match(/^Final-Recipient:/gm) ?? []).length, 2, 'Postfix reports the two refused recipients');
    const recs = recordsOf('multi');
    // records come in the notice's order
    assert.deepEqual(recs.map((r) => `rfc822; ${r.recipient}`), [...dsn.matchAll(/^Final-Recipient: (.*)$/gm)].map((m) => m[1]));
    assert.deepEqual(
      recs.map((r) => [r.recipient, r.reason, r.status, r.hardbounce]).sort(),
      [
        [`multi-full@${REMOTE}`, 'mailboxfull', '5.2.2', false],
        [`multi-nosuchuser@${REMOTE}`, 'userunknown', '5.1.1', true],
      ],
    );
    for (const r of recs) assert.equal(r.origMessageId, idOf('multi'));
  });

  test('NOTIFY=SUCCESS to a server without DSN: Postfix reports "relayed", read as delivered', () => {
    const recs = recordsOf('relayed');
    assert.equal(recs.length, 1, JSON.stringify(recs));
    const r = recs[0]!;
    assert.deepEqual(
      { reason: r.reason, status: r.status, action: r.action, hardbounce: r.hardbounce, recipient: r.recipient },
      { reason: 'delivered', status: '2.0.0', action: 'relayed', hardbounce: false, recipient: `welcome@${REMOTE}` },
    );
    assert.match(r.diagnostic, /queued as 4ABCDEF/);
  });

  async function runCli(messages: string[]): Promise<{ code: number | null; lines: Record<string, unknown>[]; stdout: string }> {
    assertBuiltCli();
    const dir = await mkdtemp(join(tmpdir(), 'maildoctor-bounces-'));
    try {
      for (const sub of ['new', 'cur', 'tmp']) await mkdir(join(dir, sub));
      for (const [i, m] of messages.entries()) await writeFile(join(dir, 'new', `${i + 1}.test`), m);
      const json = spawnSync(process.execPath, [BIN, 'bounce', '--json', dir], { encoding: 'utf8', timeout: 60_000 });
      const human = spawnSync(process.execPath, [BIN, 'bounce', dir], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(human.status, json.status, human.stderr);
      const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      return { code: json.status, lines, stdout: human.stdout };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  test('the CLI over a Maildir of these notifications: one JSON line each, as the library says; exit 1', async () => {
    const { code, lines, stdout } = await runCli([...dsns.values()]);
    assert.equal(code, 1);
    const records = [...dsns].flatMap(([id, dsn]) => analyzeBounce(dsn).map((r) => ({ id, r })));
    assert.equal(lines.length, records.length);
    assert.equal(records.length, dsns.size + 1, 'one record per notice, two for the three-recipient message');
    const byRecipient = new Map(lines.map((l) => [l.recipient, l]));
    for (const { id, r } of records) {
      const l = byRecipient.get(r.recipient);
      assert.ok(l, `no line for ${r.recipient} (${id})`);
      assert.deepEqual([l.reason, l.status, l.replycode, l.hardbounce, l.command], [r.reason, r.status, r.replycode, r.hardbounce, r.command]);
    }
    // human output: every recipient with its reason, and what to do
    for (const c of CASES) assert.match(stdout, new RegExp(`${c.user}@${REMOTE.replace('.', '\\.')}\\s+${c.expect.reason}\\b`));
    assert.equal(stdout.split('What to do:').length - 1, records.length);
  });

  test('the CLI over the "relayed" notice alone: nothing wrong, exit 0', async () => {
    const { code, lines } = await runCli([dsns.get(idOf('relayed'))!]);
    assert.equal(code, 0);
    assert.deepEqual(lines.map((l) => l.reason), ['delivered']);
  });
});

describe('delay warnings written by Postfix', { skip }, () => {
  let pf: PostfixPeer;
  let greylister: Peer;
  let warning = '';

  before(async () => {
    // a remote that greylists every recipient, for ever
    greylister = await startScriptedMx({
      rcpt: (user) => `450 4.2.0 <${user}@${REMOTE}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/remote.example.html\r\n`,
    });
    pf = await startPostfix({ routes: { [REMOTE]: greylister.port }, warnDelays: true });
    const mailer = nodemailer.createTransport({
      host: pf.host,
      port: pf.ports.submission,
      requireTLS: true,
      tls: { ca: pf.pki.caPem, servername: pf.hostname },
      auth: { user: pf.users.alice.user, pass: pf.users.alice.password },
    });
    try {
      await mailer.sendMail({ from: pf.users.alice.address, to: `grey@${REMOTE}`, subject: 'bounce test delayed', text: 'A test message.\n', messageId: '<bounce-delayed@test.example>' });
    } finally {
      mailer.close();
    }
    for (let i = 0; i < 150 && !warning; i++) {
      warning = (await pf.delivered('alice')).find((m) => m.includes('<bounce-delayed@test.example>')) ?? '';
      if (!warning) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(warning, `no delay warning from Postfix\n${pf.log().slice(-3000)}`);
  });
  after(async () => {
    await pf?.stop();
    await greylister?.close();
  });

  test('a "delayed" notice is a warning: still retried, not a hard bounce, nothing to resend', () => {
    assert.match(warning, /^Subject: Delayed Mail \(still being retried\)/m);
    assert.match(warning, /^Action: delayed/m);
    const recs = analyzeBounce(warning);
    assert.equal(recs.length, 1, JSON.stringify(recs));
    const r = recs[0]!;
    assert.deepEqual(
      { recipient: r.recipient, action: r.action, status: r.status, replycode: r.replycode, command: r.command, hardbounce: r.hardbounce, cause: r.cause },
      { recipient: `grey@${REMOTE}`, action: 'delayed', status: '4.2.0', replycode: '450', command: 'RCPT', hardbounce: false, cause: 'delivery-delayed' },
    );
    assert.match(r.diagnostic, /Greylisted, see http:\/\/postgrey/);
    assert.match(r.explanation, /is delayed.*Greylisted.*This is a warning, not a bounce/);
    assert.match(r.remedies[0] ?? '', /^Do not resend/);
  });

  test('the CLI says so too', async () => {
    assertBuiltCli();
    const dir = await mkdtemp(join(tmpdir(), 'maildoctor-delay-'));
    try {
      await writeFile(join(dir, 'delayed.eml'), warning);
      const r = spawnSync(process.execPath, [BIN, 'bounce', join(dir, 'delayed.eml')], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 1, 'a delayed message is still a delivery problem');
      assert.match(r.stdout, new RegExp(`grey@${REMOTE.replace('.', '\\.')}\\s+\\w+ delayed, still being retried\\s+4\\.2\\.0 450`));
      assert.match(r.stdout, /1\. Do not resend/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
