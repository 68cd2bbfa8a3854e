import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, openSync, ftruncateSync, closeSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { forEachMessage, readMailboxSource, type SourceMessage } from './mailbox-source.js';
import { InputError } from '../core/errors.js';

async function collect(path: string, opts?: Parameters<typeof readMailboxSource>[1]): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of readMailboxSource(path, opts)) out.push(m);
  return out;
}

const MSG = (n: number): string => `From: a${n}@example.org\nSubject: m${n}\n\nbody ${n}\nFrom the text, not a separator\n`;
const MBOX = [1, 2, 3].map((n) => `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${MSG(n)}`).join('\n');

describe('mailbox sources', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'md-bounce-'));
    writeFileSync(join(dir, 'one.eml'), MSG(0));
    writeFileSync(join(dir, 'box.mbox'), MBOX);
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'Maildir', sub), { recursive: true });
    writeFileSync(join(dir, 'Maildir', 'cur', '1:2,S'), MSG(4));
    writeFileSync(join(dir, 'Maildir', 'new', '2'), MSG(5));
    writeFileSync(join(dir, 'Maildir', 'tmp', '3'), MSG(6));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an .eml file is one message', async () => {
    const [m, ...rest] = await collect(join(dir, 'one.eml'));
    assert.equal(rest.length, 0);
    assert.equal(m?.file, join(dir, 'one.eml'));
    assert.equal(m?.truncated, false);
    assert.match(m?.raw.toString() ?? '', /Subject: m0/);
  });

  test('an mbox is split at "From " separator lines only', async () => {
    const ms = await collect(join(dir, 'box.mbox'));
    assert.deepEqual(ms.map((m) => m.file.replace(dir, '')), ['/box.mbox:1', '/box.mbox:2', '/box.mbox:3']);
    assert.match(ms[1]!.raw.toString(), /Subject: m2[\s\S]*From the text/);
  });

  test('a Maildir yields cur/ and new/, not tmp/', async () => {
    const ms = await collect(join(dir, 'Maildir'));
    assert.deepEqual(ms.map((m) => /Subject: (m\d)/.exec(m.raw.toString())?.[1]), ['m4', 'm5']);
  });

  test('a Dovecot or Courier Maildir: cur/ and new/, then its folders (Maildir++ .Junk, LAYOUT=fs Archive/); not the server\'s own files', async () => {
    const md = mkdtempSync(join(tmpdir(), 'md-dovecot-'));
    try {
      const box = (folder: string, sub: 'cur' | 'new', name: string, n: number): void => {
        for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(md, folder, d), { recursive: true });
        writeFileSync(join(md, folder, sub, name), MSG(n));
      };
      box('', 'cur', '1700000000.M1P1.host,S=99:2,S', 1);
      box('', 'new', '1700000001.M2P1.host', 2);
      box('.Junk', 'cur', '1700000002.M3P1.host:2,', 3);
      box('.INBOX.Bounces', 'new', '1700000003.M4P1.host', 4);
      box('Archive', 'cur', '1700000004.M5P1.host:2,S', 5);
      writeFileSync(join(md, 'tmp', '1700000005.M6P1.host'), MSG(6));
      for (const f of ['dovecot-uidlist', 'dovecot.index', 'dovecot.index.log', 'subscriptions']) writeFileSync(join(md, f), 'server data\n');
      writeFileSync(join(md, '.Junk', 'maildirfolder'), '');
      mkdirSync(join(md, 'courierimapkeywords'));
      writeFileSync(join(md, 'courierimapkeywords', ':list'), 'keywords\n');
      const ms = await collect(md);
      assert.deepEqual(ms.map((m) => /Subject: (m\d)/.exec(m.raw.toString())?.[1]), ['m1', 'm2', 'm4', 'm3', 'm5']);
    } finally {
      rmSync(md, { recursive: true, force: true });
    }
  });

  test('a directory is walked recursively, in name order', async () => {
    const ms = await collect(dir);
    assert.equal(ms.length, 1 + 3 + 2);
  });

  test('links to messages are read (a search-result maildir of mu or notmuch); links to directories and dangling links are not', async () => {
    const links = mkdtempSync(join(tmpdir(), 'md-links-'));
    try {
      mkdirSync(join(links, 'cur'));
      symlinkSync(join(dir, 'Maildir', 'cur', '1:2,S'), join(links, 'cur', 'a:2,'));
      symlinkSync(join(dir, 'one.eml'), join(links, 'cur', 'b:2,'));
      symlinkSync(links, join(links, 'cur', 'loop'));
      symlinkSync(join(links, 'gone'), join(links, 'cur', 'dangling'));
      const ms = await collect(links);
      assert.deepEqual(ms.map((m) => /Subject: (m\d)/.exec(m.raw.toString())?.[1]), ['m4', 'm0']);
    } finally {
      rmSync(links, { recursive: true, force: true });
    }
  });

  test('a gzip-compressed message or mbox is read as the file it holds; corrupt gzip data is an input error', async () => {
    const gz = mkdtempSync(join(tmpdir(), 'md-gz-'));
    try {
      writeFileSync(join(gz, 'one.eml.gz'), gzipSync(MSG(7)));
      writeFileSync(join(gz, 'box.mbox.gz'), gzipSync(MBOX));
      const one = await collect(join(gz, 'one.eml.gz'));
      assert.deepEqual(one.map((m) => [m.file, m.raw.toString()]), [[join(gz, 'one.eml.gz'), MSG(7)]]);
      const box = await collect(join(gz, 'box.mbox.gz'));
      assert.deepEqual(box.map((m) => [m.file, /Subject: (m\d)/.exec(m.raw.toString())?.[1]]), [1, 2, 3].map((n) => [`${join(gz, 'box.mbox.gz')}:${n}`, `m${n}`]));
      writeFileSync(join(gz, 'cut.gz'), gzipSync(MBOX).subarray(0, 60));
      await assert.rejects(collect(join(gz, 'cut.gz')), (e: Error) => e instanceof InputError && /cut\.gz: not valid gzip data \(unexpected end of file\)/.test(e.message));
    } finally {
      rmSync(gz, { recursive: true, force: true });
    }
  });

  test('a bad file in a directory stops the walk, unless onUnreadable takes it: then it is skipped and the walk goes on', async () => {
    const d = mkdtempSync(join(tmpdir(), 'md-bad-'));
    try {
      writeFileSync(join(d, 'a.eml'), MSG(1));
      writeFileSync(join(d, 'b.eml.gz'), gzipSync(MSG(2)).subarray(0, 20));
      writeFileSync(join(d, 'c.mbox.gz'), gzipSync(MBOX).subarray(0, 150));
      writeFileSync(join(d, 'd.eml'), MSG(4));
      await assert.rejects(collect(d), /b\.eml\.gz: not valid gzip data/);
      const errors: string[] = [];
      const ms = await collect(d, { onUnreadable: (e) => errors.push(e.message) });
      // the cut mbox gives the messages decompressed before the cut, then its error
      assert.deepEqual(ms.map((m) => m.file), [join(d, 'a.eml'), `${join(d, 'c.mbox.gz')}:1`, join(d, 'd.eml')]);
      assert.deepEqual(errors.map((e) => /\/(\w\.\w+\.gz): not valid gzip data/.exec(e)?.[1]), ['b.eml.gz', 'c.mbox.gz']);
      const each: string[] = [];
      await forEachMessage(d, (m) => each.push(m.file), { onUnreadable: () => {} });
      assert.deepEqual(each, ms.map((m) => m.file));
      // an error of the consumer is not taken for an unreadable file
      await assert.rejects(forEachMessage(d, () => { throw new Error('consumer'); }, { onUnreadable: () => {} }), /consumer/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('an Outlook .msg file or another compression is an input error that says what to do', async () => {
    const other = mkdtempSync(join(tmpdir(), 'md-other-'));
    try {
      const cases: Array<[string, number[], RegExp]> = [
        ['ndr.msg', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], /an Outlook \.msg file, not a MIME message: save it from Outlook as \.eml/],
        ['box.bz2', [0x42, 0x5a, 0x68, 0x39], /compressed with bzip2: decompress it first/],
        ['box.xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /compressed with xz/],
        ['box.zst', [0x28, 0xb5, 0x2f, 0xfd], /compressed with zstd/],
        ['mail.zip', [0x50, 0x4b, 0x03, 0x04], /a zip archive: extract it first/],
      ];
      for (const [name, magic, says] of cases) {
        writeFileSync(join(other, name), Buffer.concat([Buffer.from(magic), Buffer.alloc(64, 1)]));
        await assert.rejects(collect(join(other, name)), (e: Error) => e instanceof InputError && says.test(e.message), name);
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('standard input, as an mbox or a single message', async () => {
    assert.equal((await collect('-', { stdin: Readable.from([Buffer.from(MBOX.slice(0, 50)), Buffer.from(MBOX.slice(50))]) })).length, 3);
    const single = await collect('-', { stdin: Readable.from([Buffer.from(MSG(9))]) });
    assert.equal(single.length, 1);
    assert.equal(single[0]?.file, '-');
    // gzip data is read as a gzip file is, whatever the size of the first chunks
    const gz = gzipSync(MBOX);
    const unzipped = await collect('-', { stdin: Readable.from([gz.subarray(0, 1), gz.subarray(1, 5), gz.subarray(5)]) });
    assert.deepEqual(unzipped.map((m) => [m.file, /Subject: (m\d)/.exec(m.raw.toString())?.[1]]), [['-:1', 'm1'], ['-:2', 'm2'], ['-:3', 'm3']]);
    await assert.rejects(collect('-', { stdin: Readable.from([gz.subarray(0, 40)]) }), /cannot read standard input: not valid gzip data/);
    await assert.rejects(collect('-', { stdin: Readable.from([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])]) }), /cannot read standard input: an Outlook \.msg file/);
    assert.deepEqual(await collect('-', { stdin: Readable.from([]) }), []);
  });

  test('large messages are cut at the cap and flagged; memory stays bounded', async () => {
    const big = join(dir, 'big.eml');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const [m] = await collect(big, { cap: 1024 * 1024 });
    assert.equal(m?.raw.length, 1024 * 1024);
    assert.equal(m?.truncated, true);
    rmSync(big);
    const bigMbox = `From x Thu Apr 29 23:34:45 2010\n${'a'.repeat(3000)}\nFrom y Thu Apr 29 23:34:45 2010\nSubject: small\n\nx\n`;
    const ms = await collect('-', { cap: 1000, stdin: Readable.from([Buffer.from(bigMbox)]) });
    assert.deepEqual(ms.map((x) => [x.raw.length <= 1000, x.truncated]), [[true, true], [true, false]]);
  });

  test('an unreadable path is an input error', async () => {
    await assert.rejects(collect(join(dir, 'missing.eml')), InputError);
    await assert.rejects(forEachMessage(join(dir, 'missing.eml'), () => {}), InputError);
  });

  test('forEachMessage hands over the same messages as readMailboxSource, in the same order', async () => {
    for (const path of [dir, join(dir, 'box.mbox'), join(dir, 'one.eml')]) {
      const seen: SourceMessage[] = [];
      await forEachMessage(path, (m) => seen.push(m));
      const want = await collect(path);
      assert.deepEqual(seen.map((m) => [m.file, m.raw.toString(), m.truncated]), want.map((m) => [m.file, m.raw.toString(), m.truncated]));
    }
    const seen: string[] = [];
    await forEachMessage('-', (m) => seen.push(m.file), { stdin: Readable.from([Buffer.from(MBOX)]) });
    assert.deepEqual(seen, ['-:1', '-:2', '-:3']);
  });

  test('borrow: each message is right while the callback runs; a file of its own is a view of the reused read buffer', async () => {
    const want = await collect(dir);
    const during: Array<[string, string]> = [];
    const kept: Buffer[] = [];
    await forEachMessage(dir, (m) => {
      during.push([m.file, m.raw.toString()]);
      kept.push(m.raw);
    }, { borrow: true });
    assert.deepEqual(during, want.map((m) => [m.file, m.raw.toString()]));
    // mbox members are copies (they are split asynchronously); single files share one buffer
    const single = want.map((m, i) => [m, kept[i]!] as const).filter(([m]) => !m.file.includes('.mbox:'));
    assert.ok(single.length >= 3);
    assert.ok(single.every(([, b]) => b.buffer === single[0]![1].buffer), 'single files are views of one buffer');
    for (const [m, b] of want.map((m, i) => [m, kept[i]!] as const).filter(([m]) => m.file.includes('.mbox:'))) assert.equal(b.toString(), m.raw.toString());
    // an mbox longer than the cap is streamed from the file again: the same messages
    const small: Array<[string, string, boolean]> = [];
    await forEachMessage(join(dir, 'box.mbox'), (m) => small.push([m.file, m.raw.toString(), m.truncated]), { borrow: true, cap: 40 });
    assert.deepEqual(small, (await collect(join(dir, 'box.mbox'), { cap: 40 })).map((m) => [m.file, m.raw.toString(), m.truncated]));
    assert.equal(small.length, 3);
  });
});
