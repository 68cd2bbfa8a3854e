import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeLineSocket } from '../../../test/helpers/fake-line-socket.js';
import { apopTimestamp, parseCapa, parsePop3Line, POP3_LIMITS, readMultiline, readReply } from './response.js';
import { choosePop3Method } from './session.js';

describe('parsePop3Line', () => {
  test('status lines with RFC 2449 / RFC 3206 codes', () => {
    assert.deepEqual(parsePop3Line('+OK Dovecot (Debian) ready.'), { kind: 'ok', code: null, text: 'Dovecot (Debian) ready.', line: '+OK Dovecot (Debian) ready.', seq: 0 });
    assert.equal(parsePop3Line('-ERR [IN-USE] Unable to lock maildrop')?.code, 'IN-USE');
    const r = parsePop3Line('-ERR [SYS/TEMP] Temporary authentication failure.');
    assert.equal(r?.kind, 'err');
    assert.equal(r?.code, 'SYS/TEMP');
    assert.equal(r?.text, 'Temporary authentication failure.');
    assert.equal(parsePop3Line('+OK')?.kind, 'ok');
    assert.equal(parsePop3Line('-err lower case')?.kind, 'err');
  });
  test('continuations and non-POP3 lines', () => {
    assert.equal(parsePop3Line('+ ')?.kind, 'continuation');
    assert.equal(parsePop3Line('* OK IMAP ready'), null);
    assert.equal(parsePop3Line('220 smtp ready'), null);
    assert.equal(parsePop3Line('+OKAY'), null);
  });
});

test('apopTimestamp finds the RFC 1939 msg-id in the greeting', () => {
  assert.equal(apopTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>'), '<1896.697170952@dbc.mtview.ca.us>');
  assert.equal(apopTimestamp('Dovecot (Debian) ready.'), null);
});

test('parseCapa', () => {
  const c = parseCapa(['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'USER', 'SASL PLAIN LOGIN XOAUTH2', 'STLS', 'LOGIN-DELAY 900', 'EXPIRE 0', 'IMPLEMENTATION Shlemazle-Plotz-v302']);
  assert.equal(c.stls, true);
  assert.equal(c.user, true);
  assert.deepEqual(c.sasl, ['PLAIN', 'LOGIN', 'XOAUTH2']);
  assert.equal(c.loginDelaySeconds, 900);
  assert.equal(c.expire, '0');
  assert.equal(c.implementation, 'Shlemazle-Plotz-v302');
  const bare = parseCapa(['CAPA', 'STLS', 'SASL']);
  assert.equal(bare.user, false);
  assert.deepEqual(bare.sasl, []);
});

describe('reading replies', () => {
  test('multi-line with dot-unstuffing', async () => {
    const c = fakeLineSocket();
    c.push('+OK\r\nCAPA\r\n..dotted\r\n.\r\n');
    const r = await readReply(c.ls, 1000);
    assert.ok(r.ok && r.reply.kind === 'ok');
    const m = await readMultiline(c.ls, 1000);
    assert.ok(m.ok);
    assert.deepEqual(m.lines, ['CAPA', '.dotted']);
  });
  test('an endless multi-line reply is cut', async () => {
    const c = fakeLineSocket();
    c.push('X\r\n'.repeat(POP3_LIMITS.maxLines + 5));
    const m = await readMultiline(c.ls, 1000);
    assert.ok(!m.ok && m.failure.reason === 'too-long');
  });
  test('a multi-line reply cut by a hang-up', async () => {
    const c = fakeLineSocket();
    c.push('CAPA\r\nUSER\r\n');
    c.end();
    const m = await readMultiline(c.ls, 1000);
    assert.ok(!m.ok && m.failure.reason === 'partial');
  });
  test('garbage and silence', async () => {
    const g = fakeLineSocket();
    g.push('\u0016\u0003\u0001garbage\r\n');
    const rg = await readReply(g.ls, 1000);
    assert.ok(!rg.ok && rg.failure.reason === 'garbage');
    const s = fakeLineSocket();
    const rs = await readReply(s.ls, 30);
    assert.ok(!rs.ok && rs.failure.reason === 'timeout');
  });
});

test('choosePop3Method', () => {
  const caps = parseCapa(['USER', 'SASL PLAIN']);
  assert.deepEqual(choosePop3Method(caps, false, undefined), { ok: true, method: 'AUTH PLAIN' });
  assert.deepEqual(choosePop3Method(parseCapa(['USER']), false, undefined), { ok: true, method: 'USER/PASS' });
  assert.deepEqual(choosePop3Method(null, false, undefined), { ok: true, method: 'USER/PASS' });
  assert.deepEqual(choosePop3Method(parseCapa(['STLS', 'SASL']), false, undefined), { ok: false, mechanism: 'USER' });
  assert.deepEqual(choosePop3Method(caps, false, 'APOP'), { ok: false, mechanism: 'APOP' });
  assert.deepEqual(choosePop3Method(caps, true, 'apop'), { ok: true, method: 'APOP' });
  assert.deepEqual(choosePop3Method(caps, false, 'XOAUTH2'), { ok: false, mechanism: 'XOAUTH2' });
  assert.deepEqual(choosePop3Method(parseCapa(['STLS']), false, 'USER'), { ok: true, method: 'USER/PASS' });
});
