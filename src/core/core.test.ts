import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, REDACTED } from './redact.js';
import { Transcript, printable } from './transcript.js';
import { createFinding, isFailure } from './finding.js';
import { buildReport } from './report.js';
import { parseDuration, withTimeout, TimeoutError } from './time.js';
import { readSecret } from './secrets.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('Redactor', () => {
  test('replaces a secret and its base64 forms, longest first', () => {
    const r = new Redactor();
    r.addSecret('s3cr3t!');
    const b64 = Buffer.from('s3cr3t!').toString('base64');
    assert.equal(r.apply(`PASS s3cr3t! then ${b64}`), `PASS ${REDACTED} then ${REDACTED}`);
    assert.equal(r.apply('nothing here'), 'nothing here');
  });
  test('a transcript entry carrying a secret is redacted and flagged', () => {
    const t = new Transcript();
    t.redactor.addSecret('hunter2');
    t.add('c', 'LOGIN alice hunter2');
    const e = t.entries[0];
    assert.ok(e);
    assert.equal(e.text, `LOGIN alice ${REDACTED}`);
    assert.equal(e.redacted, true);
  });
});

describe('Transcript', () => {
  test('numbers entries, labels connections, keeps time monotonic', () => {
    const t = new Transcript();
    const v = t.view('127.0.0.1:587 starttls');
    const a = v.add('s', '220 hello');
    const b = t.add('note', 'x');
    assert.equal(a, 1);
    assert.equal(b, 2);
    assert.equal(t.entries[0]?.conn, '127.0.0.1:587 starttls');
    assert.ok((t.entries[1]?.tMs ?? -1) >= (t.entries[0]?.tMs ?? 0));
  });
  test('cuts over-long text and caps the number of entries', () => {
    const t = new Transcript({ maxText: 10, maxEntries: 2 });
    t.add('s', 'x'.repeat(50));
    t.add('s', 'ok');
    t.add('s', 'dropped');
    assert.equal(t.entries.length, 2);
    assert.equal(t.dropped, 1);
    assert.equal(t.entries[0]?.truncated, true);
    assert.match(t.entries[0]?.text ?? '', /40 more characters/);
  });
  test('printable escapes control bytes', () => {
    assert.equal(printable('a\x00b\x1bc'), 'a\\x00b\\x1bc');
  });
});

describe('Finding and report', () => {
  test('createFinding renders catalog text with slots and fallbacks', () => {
    const f = createFinding('connection-refused', { stage: 'connect', slots: { host: 'mx.example.org', port: 587 } });
    assert.equal(f.title, 'Connection to mx.example.org port 587 was refused');
    assert.equal(f.severity, 'error');
    assert.ok(f.remedies.length >= 2);
    const g = createFinding('connection-refused', { stage: 'connect' });
    assert.equal(g.title, 'Connection to the server port ? was refused');
  });
  test('createFinding refuses an unknown cause id', () => {
    assert.throws(() => createFinding('no-such-cause', { stage: 'connect' }), /unknown cause id/);
  });
  test('the verdict is the first failure; warnings do not fail', () => {
    const warn = createFinding('cert-expiring-soon', { stage: 'tls', slots: { days: 3 } });
    const err = createFinding('auth-bad-credentials', { stage: 'auth', summary: '535 5.7.8' });
    const later = createFinding('relay-denied', { stage: 'rcpt-to' });
    assert.equal(isFailure(warn), false);
    const r = buildReport({ kind: 'smtp', target: { host: 'h' }, startedAt: new Date(), findings: [warn, err, later], facts: {} });
    assert.equal(r.ok, false);
    assert.equal(r.stage, 'auth');
    assert.equal(r.cause, 'auth-bad-credentials');
    assert.equal(r.summary, '535 5.7.8');
    const healthy = buildReport({ kind: 'smtp', target: {}, startedAt: new Date(), findings: [warn], facts: {}, healthySummary: 'fine' });
    assert.equal(healthy.ok, true);
    assert.equal(healthy.cause, null);
    assert.equal(healthy.stage, null);
    assert.equal(healthy.summary, 'fine');
    assert.equal(healthy.schema, 'maildoctor/report@1');
  });
});

describe('time', () => {
  test('parseDuration', () => {
    assert.equal(parseDuration('10'), 10_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('0'), null);
    assert.equal(parseDuration('soon'), null);
  });
  test('withTimeout rejects with TimeoutError', async () => {
    await assert.rejects(withTimeout(new Promise(() => undefined), 20, 'wait'), TimeoutError);
    assert.equal(await withTimeout(Promise.resolve(7), 1000, 'x'), 7);
  });
});

describe('secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'md-secret-'));
  test('file first line, then env, then argv with a warning; null when nothing and no TTY', async () => {
    const f = join(dir, 'pw');
    writeFileSync(f, 'from-file\nsecond line\n');
    assert.deepEqual(await readSecret({ file: f, promptLabel: 'x', env: { MAILDOCTOR_PASSWORD: 'env' } }), { value: 'from-file', source: 'file', warnings: [] });
    const e = await readSecret({ promptLabel: 'x', env: { MAILDOCTOR_PASSWORD: 'env' }, argv: 'a' });
    assert.equal(e?.source, 'env');
    const a = await readSecret({ promptLabel: 'x', env: {}, argv: 'a', interactive: false });
    assert.equal(a?.source, 'argv');
    assert.equal(a?.warnings.length, 1);
    assert.equal(await readSecret({ promptLabel: 'x', env: {}, interactive: false }), null);
  });
  test('an unreadable or empty password file is a usage error', async () => {
    await assert.rejects(readSecret({ file: join(dir, 'missing'), promptLabel: 'x', env: {} }), { name: 'UsageError' });
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    await assert.rejects(readSecret({ file: empty, promptLabel: 'x', env: {} }), { name: 'UsageError' });
  });
});
