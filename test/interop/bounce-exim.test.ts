/**
 * Bounces written by a real Exim (Debian's exim4-daemon-light, test/peers/exim.ts), read by
 * `maildoctor bounce`: Exim relays one message per case to a scripted remote on the loopback
 * that refuses it as real servers word it, and sends its failure notice to a second scripted
 * server acting as the sender's. Exim is the other MTA most bounces come from; its notice
 * (a text part with "SMTP error from remote mail server after RCPT TO:", a delivery-status part
 * and the returned message) is read here as Exim writes it today, not from the corpus.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBounce } from '../../src/bounce/index.js';
import type { BounceRecord } from '../../src/bounce/types.js';
import { EXIM_BINARY, EXIM_HOSTNAME, startExim, type EximPeer } from '../peers/exim.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';
import { onlyRecord } from '../helpers/bounce-records.js';
import { closedPort } from './helpers/smtp-fakes.js';
import { startScriptedMx, type ScriptedMx } from './helpers/scripted-mx.js';
import { REFUSALS, returnedMessageId, startRefusingMx, verdictOf } from './helpers/refusals.js';

const skip = peerMissing('Exim', EXIM_BINARY) || peerNeedsRoot('Exim');

const REMOTE = 'remote.example';
const UNREACHABLE = 'closed.example';
const SENDER = 'alice@test.example';

/**
 * Refusals of the shared list, Exim's way: at RCPT TO and after DATA, multi-line, without an
 * enhanced code, and greylisting (retried until Exim's retry time runs out).
 */
const CASES = REFUSALS.filter((c) => ['nosuchuser', 'full', 'relay', 'yahoonouser', 'spam', 'grey'].includes(c.user));

describe('bounces written by Exim', { skip }, () => {
  let exim: EximPeer;
  let remote: ScriptedMx;
  let catcher: ScriptedMx;
  const notices = new Map<string, string>();
  const idOf = (name: string) => `<exim-${name}@test.example>`;

  before(async () => {
    remote = await startRefusingMx(CASES);
    catcher = await startScriptedMx();
    // the closed port on its own address: Exim would pass the message down an open connection to 127.0.0.1
    exim = await startExim({ routes: { [REMOTE]: remote.port, [UNREACHABLE]: { host: '127.0.0.9', port: await closedPort('127.0.0.9') } }, senderPort: catcher.port });
    const send = (name: string, to: string[]) =>
      exim.submit(SENDER, to, [`From: ${SENDER}`, `To: ${to.join(', ')}`, `Subject: exim bounce test ${name}`, `Message-ID: ${idOf(name)}`, '', `A test message (${name}).`, ''].join('\n'));
    for (const c of CASES) await send(c.user, [`${c.user}@${REMOTE}`]);
    await send('unreachable', [`someone@${UNREACHABLE}`]);
    await send('multi', [`multi-nosuchuser@${REMOTE}`, `multi-welcome@${REMOTE}`, `multi-full@${REMOTE}`]);
    // the temporary failures are retried by queue runs until their one-second retry time is
    // over, then bounced ("retry timeout exceeded")
    const want = CASES.length + 2;
    const collect = (): void => {
      for (const m of catcher.messages) {
        const id = returnedMessageId(m, '<exim-');
        if (id) notices.set(id, m);
      }
    };
    for (let i = 0; i < 10 && (collect(), notices.size < want); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      await exim.queueRun();
    }
    for (let i = 0; i < 50 && (collect(), notices.size < want); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(notices.size, want, `Exim wrote ${notices.size} of ${want} notices\n${exim.log().slice(-4000)}`);
  });
  after(async () => {
    await exim?.stop();
    await remote?.close();
    await catcher?.close();
  });

  function recordsOf(name: string): BounceRecord[] {
    const n = notices.get(idOf(name));
    assert.ok(n, `no notice for ${name}`);
    return analyzeBounce(n);
  }

  for (const c of CASES) {
    test(`${c.expect.reason}: ${c.reply.split('\r\n')[0]}`, () => {
      const r = onlyRecord(recordsOf(c.user));
      assert.deepEqual(verdictOf(r), c.expect, `${r.diagnostic}\n${r.decidedBy}`);
      assert.equal(r.recipient, `${c.user}@${REMOTE}`);
      assert.equal(r.action, 'failed');
      assert.equal(r.remoteMta, '127.0.0.1');
      assert.equal(r.reportingMta, EXIM_HOSTNAME);
      assert.equal(r.lhost, 'Exim');
      assert.equal(r.origMessageId, idOf(c.user));
      assert.equal(r.origSubject, `exim bounce test ${c.user}`);
    });
  }

  test('a temporary failure retried until the retry time ran out: Exim adds "retry timeout exceeded"', () => {
    const r = recordsOf('grey')[0]!;
    assert.match(r.diagnostic, /Greylisted, see http:\/\/postgrey.*: retry timeout exceeded$/);
    assert.equal(r.cause, 'delivery-expired');
    assert.match(r.decidedBy ?? '', /greylisted.*RFC 6647/i);
  });

  test('a remote that refuses connections: expired, Exim\'s own words', () => {
    const r = onlyRecord(recordsOf('unreachable'));
    assert.deepEqual(
      { recipient: r.recipient, reason: r.reason, replycode: r.replycode, hardbounce: r.hardbounce, diagnostic: r.diagnostic },
      { recipient: `someone@${UNREACHABLE}`, reason: 'expired', replycode: '', hardbounce: false, diagnostic: 'retry timeout exceeded' },
    );
  });

  test('one message, three recipients, two refused: one notice, a record for each refused one', () => {
    const n = notices.get(idOf('multi'))!;
    assert.match(n, /^X-Failed-Recipients: multi-full@remote\.example,\s+multi-nosuchuser@remote\.example/m);
    assert.deepEqual(
      recordsOf('multi').map((r) => [r.recipient, r.reason, r.status, r.replycode]).sort(),
      [
        [`multi-full@${REMOTE}`, 'mailboxfull', '5.2.2', '552'],
        [`multi-nosuchuser@${REMOTE}`, 'userunknown', '5.1.1', '550'],
      ],
    );
  });
});

describe('delay warnings written by Exim', { skip }, () => {
  let exim: EximPeer;
  let greylister: ScriptedMx;
  let catcher: ScriptedMx;
  let warning = '';

  before(async () => {
    greylister = await startRefusingMx(REFUSALS.filter((c) => c.user === 'grey'));
    catcher = await startScriptedMx();
    exim = await startExim({ routes: { [REMOTE]: greylister.port }, senderPort: catcher.port, warnDelays: true });
    await exim.submit(SENDER, [`grey@${REMOTE}`], [`From: ${SENDER}`, `To: grey@${REMOTE}`, 'Subject: exim delay test', 'Message-ID: <exim-delayed@test.example>', '', 'A test message.', ''].join('\n'));
    for (let i = 0; i < 10 && !warning; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      await exim.queueRun();
      warning = catcher.messages.find((m) => m.includes('<exim-delayed@test.example>')) ?? '';
    }
    assert.ok(warning, `no delay warning from Exim\n${exim.log().slice(-3000)}`);
  });
  after(async () => {
    await exim?.stop();
    await greylister?.close();
    await catcher?.close();
  });

  test('"Warning: message ... delayed": a warning, still retried, nothing to resend', () => {
    assert.match(warning, /^Subject: Warning: message \S+ delayed/m);
    assert.match(warning, /^Action: delayed/m);
    const r = onlyRecord(analyzeBounce(warning));
    assert.deepEqual(
      { recipient: r.recipient, action: r.action, status: r.status, replycode: r.replycode, hardbounce: r.hardbounce, cause: r.cause, lhost: r.lhost },
      { recipient: `grey@${REMOTE}`, action: 'delayed', status: '4.7.1', replycode: '451', hardbounce: false, cause: 'delivery-delayed', lhost: 'Exim' },
    );
    assert.match(r.remedies[0] ?? '', /^Do not resend/);
  });
});
