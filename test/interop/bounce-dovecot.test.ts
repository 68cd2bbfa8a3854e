/**
 * Rejections written by a real Dovecot (Debian's dovecot-core and Pigeonhole), read by
 * `maildoctor bounce`: the delivery agent (dovecot-lda, as an MTA runs it for each recipient)
 * refuses a message to bob because his mailbox is over quota, or because his Sieve script
 * says `reject` (RFC 5429), and sends the sender its notice through `sendmail_path`, which here
 * keeps the notice in a file. The two notices Dovecot writes differ: a delivery status
 * notification without Diagnostic-Code for the quota, a message disposition notification for
 * the Sieve reject; both start "Your message to <bob@...> was automatically rejected:".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { analyzeBounce } from '../../src/bounce/index.js';
import { runBounce } from '../../src/bounce/run.js';
import { DOVECOT_BINARY, ensureMailUser, startDovecot, type DovecotPeer } from '../peers/dovecot.js';
import { peerMissing, peerNeedsRoot } from '../peers/require.js';
import { onlyRecord } from '../helpers/bounce-records.js';
import { runTool } from '../peers/proc.js';

const DOVECOT_LDA = '/usr/lib/dovecot/dovecot-lda';
const skip = peerMissing('Dovecot', DOVECOT_BINARY) || peerMissing('Dovecot LDA', DOVECOT_LDA) || peerNeedsRoot('Dovecot');

const SENDER = 'alice@example.org';
const RCPT = 'bob@test.example';
const REJECT_TEXT = 'Bob does not take mail from this sender.';

describe('rejections written by Dovecot', { skip }, () => {
  let dovecot: DovecotPeer;
  let dir: string;
  const notices: Record<'quota' | 'sieve', string> = { quota: '', sieve: '' };

  /** Delivers one message to bob with dovecot-lda and returns the notice it sent the sender. */
  async function deliver(name: keyof typeof notices, settings: string[]): Promise<string> {
    const out = join(dir, name);
    await writeFile(join(dir, `${name}.sh`), `#!/bin/sh\ncat > '${out}'\n`, { mode: 0o755 });
    const message = [`From: ${SENDER}`, `To: ${RCPT}`, `Subject: dovecot rejection test ${name}`, `Message-ID: <dovecot-${name}@example.org>`, '', 'hello', ''].join('\n');
    const args = ['-c', dovecot.configFile, '-d', 'bob', '-a', RCPT, '-f', SENDER, '-o', `sendmail_path=${join(dir, `${name}.sh`)}`, ...settings.flatMap((s) => ['-o', s])];
    const lda = await runTool(DOVECOT_LDA, args, { input: message, timeoutMs: 15_000 });
    assert.equal(lda.code, 0, `dovecot-lda failed: ${lda.out}\n${dovecot.log().slice(-2000)}`);
    // the notice is written by the sendmail_path program before dovecot-lda returns
    assert.ok((await readdir(dir)).includes(name), `no notice for ${name}\n${dovecot.log().slice(-2000)}`);
    return readFile(out, 'utf8');
  }

  before(async () => {
    dovecot = await startDovecot();
    // the delivery agent runs as the mail user: it writes the notices and compiles the script here
    const mailUser = await ensureMailUser();
    dir = await mkdtemp(join(tmpdir(), 'maildoctor-lda-'));
    await chown(dir, mailUser.uid, mailUser.gid);
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'reject.sieve'), `require ["reject"];\nreject "${REJECT_TEXT}";\n`, { mode: 0o644 });
    notices.quota = await deliver('quota', ['mail_plugins=quota', 'plugin/quota=maildir:User quota', 'plugin/quota_rule=*:storage=1B']);
    notices.sieve = await deliver('sieve', ['mail_plugins=sieve', `plugin/sieve=file:${join(dir, 'reject.sieve')}`]);
  });
  after(async () => {
    await dovecot?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('over quota: a DSN without Diagnostic-Code; the reason comes from its text', () => {
    assert.match(notices.quota, /report-type=delivery-status/);
    assert.doesNotMatch(notices.quota, /^Diagnostic-Code:/m);
    const r = onlyRecord(analyzeBounce(notices.quota));
    assert.deepEqual(
      { recipient: r.recipient, reason: r.reason, status: r.status, hardbounce: r.hardbounce, lhost: r.lhost, origMessageId: r.origMessageId },
      { recipient: RCPT, reason: 'mailboxfull', status: '5.2.2', hardbounce: false, lhost: 'Dovecot', origMessageId: '<dovecot-quota@example.org>' },
    );
    assert.match(r.diagnostic, /Quota exceeded \(mailbox for user is full\)/);
  });

  test("the notices delivered to the sender's Maildir by Dovecot (INBOX and a Maildir++ folder): `maildoctor bounce` reads both, not Dovecot's own files", async () => {
    // dovecot-lda delivers each notice to alice as it would any mail: the quota one to INBOX, the
    // Sieve one to a folder it creates (.Bounces), writing its indexes and uid lists beside them
    const ldaTo = async (notice: string, folder: string[]): Promise<void> => {
      const lda = await runTool(DOVECOT_LDA, ['-c', dovecot.configFile, '-d', 'alice', '-f', 'MAILER-DAEMON@test.example', ...folder], { input: notice, timeoutMs: 15_000 });
      assert.equal(lda.code, 0, `dovecot-lda failed: ${lda.out}\n${dovecot.log().slice(-2000)}`);
    };
    await ldaTo(notices.quota, []);
    await ldaTo(notices.sieve, ['-m', 'Bounces', '-o', 'lda_mailbox_autocreate=yes']);
    const maildir = join(dovecot.mailDir, 'alice', 'Maildir');
    const root = await readdir(maildir);
    assert.ok(root.some((f) => f.startsWith('dovecot')), `no Dovecot file in ${root.join(' ')}: the check below would prove nothing`);
    assert.ok(root.includes('.Bounces'), root.join(' '));
    let out = '';
    const sink = new Writable({ write(chunk: Buffer, _enc, cb) { out += chunk.toString(); cb(); } });
    assert.equal(await runBounce(maildir, { json: true, verbose: false, out: sink }), 1);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; reason: string; recipient: string | null; origMessageId?: string });
    for (const l of lines) assert.match(l.file, /\/(?:cur|new)\/[^/]+$/, `${l.file} is not a message of a Maildir folder`);
    const found = (id: string): typeof lines => lines.filter((l) => l.origMessageId === id);
    assert.deepEqual(found('<dovecot-quota@example.org>').map((l) => [l.recipient, l.reason, l.file.includes('/.Bounces/')]), [[RCPT, 'mailboxfull', false]]);
    assert.deepEqual(found('<dovecot-sieve@example.org>').map((l) => [l.recipient, l.reason, l.file.includes('/.Bounces/')]), [[RCPT, 'filtered', true]]);
  });

  test("Sieve reject: an MDN; the recipient's own filter refused it, in the words of his script", () => {
    assert.match(notices.sieve, /report-type=disposition-notification/);
    assert.match(notices.sieve, /^Disposition: automatic-action\/MDN-sent-automatically; deleted/m);
    const r = onlyRecord(analyzeBounce(notices.sieve));
    assert.deepEqual(
      { recipient: r.recipient, reason: r.reason, hardbounce: r.hardbounce, lhost: r.lhost, origMessageId: r.origMessageId },
      { recipient: RCPT, reason: 'filtered', hardbounce: false, lhost: 'Dovecot', origMessageId: '<dovecot-sieve@example.org>' },
    );
    assert.ok(r.diagnostic.includes(REJECT_TEXT), r.diagnostic);
    assert.equal(r.cause, 'recipient-filtered');
  });
});
