import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { runBounce } from './run.js';
import { CORPUS, PROJECT_ROOT, corpusMissing } from '../../test/helpers/bounce-corpus.js';

const skip = corpusMissing();

function sink(): { out: Writable; text: () => string } {
  let s = '';
  const out = new Writable({ write(chunk: Buffer, _enc, cb) { s += chunk.toString(); cb(); } });
  return { out, text: () => s };
}

describe('maildoctor bounce', { skip }, () => {
  test('--json: one line per recipient with the contract fields first; exit 1 when recipients failed', async () => {
    const { out, text } = sink();
    const code = await runBounce(join(CORPUS, 'maildir/bsd/lhost-postfix-13.eml'), { json: true, verbose: false, out });
    assert.equal(code, 1);
    const lines = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual(Object.keys(lines[0]!).slice(0, 9), ['file', 'recipient', 'status', 'replycode', 'reason', 'hardbounce', 'diagnostic', 'remoteMta', 'command']);
    assert.equal(lines[1]!.reason, 'mailboxfull');
    assert.ok(Array.isArray(lines[0]!.remedies));
  });

  test('several paths (a shell glob): read in turn; an unreadable one stops the run before any output', async () => {
    const a = join(CORPUS, 'maildir/bsd/lhost-postfix-13.eml');
    const b = join(CORPUS, 'maildir/not/is-not-bounce-01.eml');
    const { out, text } = sink();
    assert.equal(await runBounce([a, b], { json: true, verbose: false, out }), 1);
    assert.deepEqual(text().trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file), [a, a, b]);
    const missing = sink();
    await assert.rejects(runBounce([a, join(CORPUS, 'no-such-file.eml')], { json: true, verbose: false, out: missing.out }), /cannot read .*no-such-file\.eml: no such file or directory/);
    assert.equal(missing.text(), '', 'nothing printed for the readable path either');
    await assert.rejects(runBounce(['-', '-'], { json: true, verbose: false, out: missing.out }), /standard input \(-\) can be read only once/);
  });

  test('a file of a directory that cannot be read is said on stderr and skipped; the rest is read; exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-run-'));
    try {
      const bounce = readFileSync(join(CORPUS, 'maildir/bsd/lhost-postfix-13.eml'));
      writeFileSync(join(dir, 'a.eml'), bounce);
      writeFileSync(join(dir, 'b.msg'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
      writeFileSync(join(dir, 'c.eml.gz'), gzipSync(bounce).subarray(0, 100));
      writeFileSync(join(dir, 'd.eml'), bounce);
      const { out, text } = sink();
      const err = sink();
      assert.equal(await runBounce(dir, { json: true, verbose: false, out, err: err.out }), 2);
      assert.deepEqual(text().trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file), [join(dir, 'a.eml'), join(dir, 'a.eml'), join(dir, 'd.eml'), join(dir, 'd.eml')]);
      assert.deepEqual(err.text().trim().split('\n'), [
        `maildoctor: cannot read ${join(dir, 'b.msg')}: an Outlook .msg file, not a MIME message: save it from Outlook as .eml, or convert it (msgconvert, Debian package libemail-outlook-message-perl) (skipped)`,
        `maildoctor: cannot read ${join(dir, 'c.eml.gz')}: not valid gzip data (unexpected end of file) (skipped)`,
      ]);
      // the same file given by itself stops the run
      await assert.rejects(runBounce(join(dir, 'b.msg'), { json: true, verbose: false, out: sink().out }), /an Outlook \.msg file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a subdirectory or file without read permission is said on stderr and skipped; the rest is read; exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-perm-'));
    try {
      const bounce = readFileSync(join(CORPUS, 'maildir/bsd/lhost-postfix-13.eml'));
      mkdirSync(join(dir, 'locked'));
      for (const f of ['a.eml', 'b.eml', 'locked/c.eml']) writeFileSync(join(dir, f), bounce, { mode: 0o644 });
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'locked'), 0o000);
      chmodSync(join(dir, 'b.eml'), 0o000);
      // root reads everything: the run is made with nobody's ids as effective ids (taken back
      // after; this test file runs in a process of its own)
      const asRoot = process.getuid?.() === 0;
      const out = sink();
      const err = sink();
      let code: number;
      if (asRoot) {
        process.setegid?.(65534);
        process.seteuid?.(65534);
      }
      try {
        code = await runBounce(dir, { json: true, verbose: false, out: out.out, err: err.out });
      } finally {
        if (asRoot) {
          process.seteuid?.(0);
          process.setegid?.(0);
        }
      }
      const [stdout, stderr] = [out.text(), err.text()];
      assert.deepEqual([...new Set(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file))], [join(dir, 'a.eml')]);
      // the directories are listed before the files are read
      assert.deepEqual(stderr.trim().split('\n'), [`maildoctor: cannot read ${join(dir, 'locked')}: permission denied (skipped)`, `maildoctor: cannot read ${join(dir, 'b.eml')}: permission denied (skipped)`]);
      assert.equal(code, 2);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--json: a message that is not a bounce gives one not-a-bounce line and exit 0', async () => {
    const { out, text } = sink();
    const code = await runBounce(join(CORPUS, 'maildir/not/is-not-bounce-01.eml'), { json: true, verbose: false, out });
    assert.equal(code, 0);
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    assert.equal(line.reason, 'not-a-bounce');
    assert.equal(line.recipient, null);
  });

  test('text output: one block per recipient with explanation and remedies', async () => {
    const { out, text } = sink();
    await runBounce(join(CORPUS, 'maildir/bsd/lhost-qmail-17.eml'), { json: false, verbose: true, out });
    const t = text();
    assert.match(t, /userunknown@libsisimai\.net\s+userunknown/);
    assert.match(t, /hard bounce/);
    assert.match(t, /What to do:\n\s+1\. /);
    assert.match(t, /decided by status 5\.1\.1/);
  });

  test('the CLI command is registered; exit codes 1 and 2', async () => {
    const cli = join(PROJECT_ROOT, 'src', 'cli', 'main.ts');
    const run = promisify(execFile);
    const ok = await run(process.execPath, ['--import', 'tsx', cli, 'bounce', '--json', join(CORPUS, 'maildir/not')], { cwd: PROJECT_ROOT }).catch((e: { code: number; stdout: string }) => e);
    assert.equal((ok as { code?: number }).code ?? 0, 1, 'maildir/not holds a bounce-looking message: exit 1');
    const bad = await run(process.execPath, ['--import', 'tsx', cli, 'bounce', join(CORPUS, 'no-such-file')], { cwd: PROJECT_ROOT }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((bad as { code: number }).code, 2);
    assert.match((bad as { stderr: string }).stderr, /cannot read/);
  });
});
