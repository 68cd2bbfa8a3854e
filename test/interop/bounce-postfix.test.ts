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
import { onlyRecord } from '../helpers/bounce-records.js';
import { closedPort, startScriptedSmtp, startSocketServer, type Peer } from './helpers/smtp-fakes.js';
import { startScriptedMx } from './helpers/scripted-mx.js';
import { REFUSALS, returnedMessageId, startRefusingMx, verdictOf } from './helpers/refusals.js';
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

/** Every refusal of the shared list: Postfix tries once, so the temporary ones bounce at once too. */
const CASES = REFUSALS;

/** alice's mail client: the peer's submission port, STARTTLS verified against the test CA, logged in. */
function aliceSubmits(pf: PostfixPeer) {
  return nodemailer.createTransport({
    host: pf.host,
    port: pf.ports.submission,
    requireTLS: true,
    tls: { ca: pf.pki.caPem, servername: pf.hostname },
    auth: { user: pf.users.alice.user, pass: pf.users.alice.password },
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
    remote = await startRefusingMx(CASES);
    const closed = await closedPort();
    const silent = await startScriptedSmtp(null, () => null);
    const hangup = await startSocketServer((s) => s.destroy());
    const small = await startRefusingMx(CASES, ['SIZE 200']);
    const utf8 = await startRefusingMx(CASES, ['SMTPUTF8']);
    others.push(silent, hangup, small, utf8);
    pf = await startPostfix({ routes: { [REMOTE]: remote.port, [UNREACHABLE]: closed, [SILENT]: silent.port, [HANGUP]: hangup.port, [SMALL]: small.port, [UTF8]: utf8.port } });
    const mailer = aliceSubmits(pf);
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
        const id = returnedMessageId(m, '<bounce-');
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
      const r = onlyRecord(recordsOf(c.user));
      assert.deepEqual(verdictOf(r), c.expect, r.diagnostic);
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
    const r = onlyRecord(recordsOf('unreachable'));
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
      const r = onlyRecord(recordsOf(name));
      assert.deepEqual(
        { reason: r.reason, status: r.status, replycode: r.replycode, hardbounce: r.hardbounce, recipient: r.recipient, type: r.diagnosticType },
        { reason: 'networkerror', status: '4.4.2', replycode: '', hardbounce: false, recipient: `someone@${domain}`, type: 'X-POSTFIX' },
        name,
      );
      assert.match(r.diagnostic, words);
    }
  });

  test('a message over the size the remote announces (SIZE 200): Postfix bounces it without sending, no reply code', () => {
    const r = onlyRecord(recordsOf('small'));
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
    const r = onlyRecord(recordsOf('relayed'));
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
    const mailer = aliceSubmits(pf);
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
    const r = onlyRecord(analyzeBounce(warning));
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
