/**
 * Fuzzing: mutated corpus messages (deterministic seed, bounded iterations) and hostile inputs
 * must never throw and must give sane records.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBounce } from './analyze.js';
import { REASON_NAMES } from './reasons/names.js';
import { getCause } from '../catalog/index.js';
import type { BounceRecord } from './types.js';
import { CORPUS, corpusFile, corpusMissing } from '../../test/helpers/bounce-corpus.js';
import { REPEATED_PHRASES, lines } from '../../test/helpers/hostile-bounces.js';

/** xorshift32: the same mutations on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const TOKENS = ['\n', '\r\n', '\r', '--', '\n\n', 'Content-Type: multipart/mixed; boundary=', 'Content-Transfer-Encoding: base64\n', '=?utf-8?B?', '?=', ':', ';', '"', '<', '>', '@', '\x00', '\xff', 'Final-Recipient: rfc822; ', 'Status: 5.', '=\n', '\\'];

function mutate(buf: Buffer, r: () => number): Buffer {
  const b = Buffer.from(buf);
  const s = b.toString('latin1').split('');
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n && s.length > 0; i++) {
    const at = Math.floor(r() * s.length);
    const op = r();
    if (op < 0.3) s.splice(at, 1 + Math.floor(r() * 40));
    else if (op < 0.6) s.splice(at, 0, ...(TOKENS[Math.floor(r() * TOKENS.length)] ?? '').split(''));
    else if (op < 0.8) s[at] = String.fromCharCode(Math.floor(r() * 256));
    else s.splice(at, 0, ...s.slice(Math.floor(r() * s.length), Math.floor(r() * s.length)));
  }
  return Buffer.from(s.join(''), 'latin1');
}

function sane(recs: BounceRecord[]): void {
  assert.ok(Array.isArray(recs));
  for (const r of recs) {
    assert.ok((REASON_NAMES as readonly string[]).includes(r.reason), r.reason);
    assert.equal(typeof r.recipient, 'string');
    assert.equal(typeof r.hardbounce, 'boolean');
    assert.ok(getCause(r.cause));
    assert.match(r.status, /^(?:[245]\.\d{1,3}\.\d{1,3})?$/);
    assert.ok(r.diagnostic.length < 2_000_000);
  }
}

describe('fuzz', () => {
  test('mutated corpus messages never throw', { skip: corpusMissing() }, () => {
    const files = readdirSync(join(CORPUS, 'maildir', 'bsd')).sort();
    const r = rng(Number(process.env.FUZZ_SEED ?? 0x5eed));
    for (let i = 0; i < Number(process.env.FUZZ_N ?? 600); i++) {
      const f = files[Math.floor(r() * files.length)] ?? files[0]!;
      const input = mutate(corpusFile(f.replace(/\.eml$/, '')), r);
      try {
        sane(analyzeBounce(input));
      } catch (e) {
        throw new Error(`iteration ${i} (${f}): ${(e as Error).stack ?? String(e)}`, { cause: e });
      }
    }
  });

  test('random bytes, deep nesting, huge headers and missing boundaries', () => {
    const r = rng(42);
    const noise = Buffer.alloc(64 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(r() * 256);
    sane(analyzeBounce(noise));
    const nested = `${'Content-Type: multipart/mixed; boundary=a\n\n--a\n'.repeat(200)}x`;
    sane(analyzeBounce(nested));
    sane(analyzeBounce(`Subject: ${'x'.repeat(300_000)}\nX: ${'\n y'.repeat(50_000)}\n\nbody`));
    sane(analyzeBounce('From: MAILER-DAEMON@x\nContent-Type: multipart/report; report-type=delivery-status; boundary=gone\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n'));
    sane(analyzeBounce(`From: MAILER-DAEMON@x\nContent-Type: multipart/report; boundary=b\n\n${'--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.example\nStatus: 5.0.0\n'.repeat(1000)}`));
  });

  // A phrase some decoder expression starts with, repeated without what ends it, over the whole
  // text: such expressions were quadratic (each occurrence scanned to the end of the text), and
  // these messages took 7-17 s each. The known expressions are now capped and the text kept is
  // 64 KB (see the next test); each takes ~50 ms, which bench/bounce-hostile.ts measures (a
  // test cannot time out synchronous code).
  for (const { name, opening, phrase } of REPEATED_PHRASES) {
    test(`hostile text: ${name}, 500 KB: read, the recipient found`, () => {
      const records = analyzeBounce(opening + lines(phrase, 500 * 1024));
      sane(records);
      assert.equal(records[0]?.recipient, 'u@example.com');
    });
  }

  test('64 KB of a notice\'s text are read: a recipient after them is not looked for', () => {
    const head = 'From: MAILER-DAEMON@example.org (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.org.\n\n';
    const entry = '<late@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command)\n';
    const filler = (bytes: number): string => 'The mail system could not deliver this message.\n'.repeat(Math.ceil(bytes / 49));
    assert.equal(analyzeBounce(`${head}${filler(60 * 1024)}\n${entry}`)[0]?.recipient, 'late@example.com');
    assert.equal(analyzeBounce(`${head}${filler(70 * 1024)}\n${entry}`).some((r) => r.recipient === 'late@example.com'), false);
  });

  test('a 100 MB message is cut at the parse limit, not held whole', () => {
    const big = Buffer.alloc(100 * 1024 * 1024, 0x61);
    Buffer.from('From: MAILER-DAEMON@x.example\nSubject: Undelivered Mail Returned to Sender\n\n').copy(big);
    sane(analyzeBounce(big));
  });
});
