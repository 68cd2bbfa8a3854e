import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, assertBuiltCli } from '../../test/helpers/built-cli.js';

/** A Postfix-style DSN for one recipient (about 1.5 KB of JSON output per message). */
function dsn(i: number): string {
  return [
    'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    `<user${i}@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 <user${i}@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)`,
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    `Final-Recipient: rfc822; user${i}@example.net`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '--B--',
    '',
  ].join('\n');
}

function run(args: string[], stdio: StdioOptions, onStdout?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (onStdout) onStdout(child);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('standard output that fails', () => {
  let dir = '';
  before(() => {
    assertBuiltCli();
    dir = mkdtempSync(join(tmpdir(), 'maildoctor-out-'));
    // ~3 MB of JSON lines: far more than a pipe holds, so the closed pipe is met mid-run
    for (let i = 0; i < 2000; i++) writeFileSync(join(dir, `m${String(i).padStart(4, '0')}.eml`), dsn(i));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a reader that stops reading (`| head`): exit 141, nothing on stderr (no stack trace)', async () => {
    let received = 0;
    const r = await run(['bounce', '--json', dir], ['ignore', 'pipe', 'pipe'], (child) => {
      child.stdout!.once('data', (d: Buffer) => {
        received = d.length;
        child.stdout!.destroy();
      });
    });
    assert.ok(received > 0, 'the first lines arrived before the pipe was closed');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 141);
  });

  test('output that cannot be written (a full device): exit 74 and one message saying why', { skip: existsSync('/dev/full') ? false : 'no /dev/full on this system' }, async () => {
    for (const args of [['bounce', '--json', dir], ['--help']]) {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = await run(args, ['ignore', fd, 'pipe']);
        assert.equal(r.code, 74, args.join(' '));
        assert.equal(r.stderr, 'maildoctor: cannot write the output: ENOSPC: no space left on device, write\n', args.join(' '));
      } finally {
        closeSync(fd);
      }
    }
  });
});
