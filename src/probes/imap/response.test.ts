import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeLineSocket } from '../../../test/helpers/fake-line-socket.js';
import { IMAP_LIMITS, parseCapabilities, parseResponseCode, parseSegments, parseStatus, quoteString, readResponse, tokenize } from './response.js';

describe('parseSegments', () => {
  test('tagged status with a response code', () => {
    const r = parseSegments([{ text: 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.' }]);
    assert.equal(r?.kind, 'tagged');
    assert.equal(r?.tag, 'a1');
    assert.equal(r?.status, 'NO');
    assert.deepEqual(r?.code, { name: 'AUTHENTICATIONFAILED', args: '' });
    assert.equal(r?.text, 'Authentication failed.');
  });
  test('untagged greeting with capability code', () => {
    const r = parseSegments([{ text: '* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.' }]);
    assert.equal(r?.kind, 'untagged');
    assert.equal(r?.status, 'OK');
    assert.equal(r?.code?.name, 'CAPABILITY');
    assert.equal(r?.code?.args, 'IMAP4rev1 STARTTLS AUTH=PLAIN');
    assert.equal(r?.text, 'Dovecot ready.');
  });
  test('numbered untagged data', () => {
    const r = parseSegments([{ text: '* 3 EXISTS' }]);
    assert.equal(r?.name, 'EXISTS');
    assert.equal(r?.number, 3);
  });
  test('continuation, with and without text', () => {
    assert.equal(parseSegments([{ text: '+ ' }])?.kind, 'continuation');
    assert.equal(parseSegments([{ text: '+' }])?.kind, 'continuation');
    assert.equal(parseSegments([{ text: '+ eyJzdGF0dXMiOiI0MDAifQ==' }])?.text, 'eyJzdGF0dXMiOiI0MDAifQ==');
  });
  test('lines that are not IMAP', () => {
    assert.equal(parseSegments([{ text: '+OK Dovecot ready.' }]), null);
    assert.equal(parseSegments([{ text: '220 mail.example.com ESMTP Postfix' }]), null);
    assert.equal(parseSegments([{ text: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' }]), null);
    assert.equal(parseSegments([{ text: '\u0000\u0001\u0002garbage' }]), null);
    assert.equal(parseSegments([{ text: '' }]), null);
  });
  test('response code without text', () => {
    assert.deepEqual(parseResponseCode('[READ-ONLY]'), { code: { name: 'READ-ONLY', args: '' }, text: '' });
    assert.deepEqual(parseResponseCode('no code'), { code: null, text: 'no code' });
  });
});

describe('tokenize', () => {
  test('LIST data with flags, quoted delimiter and a quoted name with escapes', () => {
    const t = tokenize([{ text: '(\\HasNoChildren \\Junk) "/" "Spam \\"old\\""' }]);
    assert.deepEqual(t, [
      { t: 'list', items: [{ t: 'atom', v: '\\HasNoChildren' }, { t: 'atom', v: '\\Junk' }] },
      { t: 'string', v: '/' },
      { t: 'string', v: 'Spam "old"' },
    ]);
  });
  test('NIL and a literal segment', () => {
    const t = tokenize([{ text: '() NIL ' }, { literal: Buffer.from('Name with ) paren') }, { text: '' }]);
    assert.deepEqual(t, [{ t: 'list', items: [] }, { t: 'nil' }, { t: 'string', v: 'Name with ) paren' }]);
  });
  test('unbalanced parentheses and unterminated strings are rejected', () => {
    assert.equal(tokenize([{ text: '((a)' }]), null);
    assert.equal(tokenize([{ text: 'a)' }]), null);
    assert.equal(tokenize([{ text: '"open' }]), null);
  });
  test('nesting is capped', () => {
    assert.equal(tokenize([{ text: '('.repeat(40) + ')'.repeat(40) }]), null);
  });
});

test('parseStatus and parseCapabilities', () => {
  assert.deepEqual(parseStatus([{ text: 'INBOX (MESSAGES 3 UIDVALIDITY 1795361334 UNSEEN 1)' }]), {
    mailbox: 'INBOX',
    items: { MESSAGES: 3, UIDVALIDITY: 1795361334, UNSEEN: 1 },
  });
  assert.equal(parseStatus([{ text: 'INBOX MESSAGES 3' }]), null);
  assert.deepEqual(parseCapabilities('IMAP4rev1 auth=PLAIN  STARTTLS IMAP4rev1'), ['IMAP4REV1', 'AUTH=PLAIN', 'STARTTLS']);
});

test('quoteString quotes printable ASCII and refuses the rest', () => {
  assert.equal(quoteString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(quoteString('pässword'), null);
  assert.equal(quoteString('a\r\nb'), null);
});

describe('readResponse', () => {
  test('a LIST response whose name is a literal', async () => {
    const c = fakeLineSocket();
    c.push('* LIST (\\HasNoChildren) "/" {8}\r\nProjects\r\n');
    const r = await readResponse(c.ls, 1000);
    assert.ok(r.ok);
    assert.equal(r.response.name, 'LIST');
    assert.deepEqual(tokenize(r.response.data)?.[2], { t: 'string', v: 'Projects' });
    assert.ok(c.transcript.entries.some((e) => e.text.includes('{8 bytes} Projects')));
  });
  test('a literal over the limit is refused without reading it', async () => {
    const c = fakeLineSocket();
    c.push(`* LIST () "/" {${IMAP_LIMITS.maxLiteralBytes + 1}}\r\n`);
    const r = await readResponse(c.ls, 1000);
    assert.ok(!r.ok);
    assert.equal(r.failure.reason, 'too-long');
  });
  test('the server closing in the middle of a literal', async () => {
    const c = fakeLineSocket();
    c.push('* LIST () "/" {20}\r\nshort');
    c.end();
    const r = await readResponse(c.ls, 1000);
    assert.ok(!r.ok);
    assert.equal(r.failure.reason, 'partial');
  });
  test('an endless line is too long', async () => {
    const c = fakeLineSocket({ maxLineBytes: 1024 });
    c.push(`* OK ${'x'.repeat(5000)}`);
    const r = await readResponse(c.ls, 1000);
    assert.ok(!r.ok);
    assert.equal(r.failure.reason, 'too-long');
  });
  test('garbage, a half line and silence', async () => {
    const g = fakeLineSocket();
    g.push('\u0000\u0001binary junk\r\n');
    const rg = await readResponse(g.ls, 1000);
    assert.ok(!rg.ok && rg.failure.reason === 'garbage');
    const p = fakeLineSocket();
    p.push('* CAPABILITY IMAP4r');
    p.end();
    const rp = await readResponse(p.ls, 1000);
    assert.ok(!rp.ok && rp.failure.reason === 'partial');
    const s = fakeLineSocket();
    const rs = await readResponse(s.ls, 50);
    assert.ok(!rs.ok && rs.failure.reason === 'timeout');
  });
  test('too many literals in one response', async () => {
    const c = fakeLineSocket();
    c.push(`* X ${'{1}\r\na '.repeat(IMAP_LIMITS.maxLiteralsPerResponse + 1)}\r\n`);
    const r = await readResponse(c.ls, 1000);
    assert.ok(!r.ok && r.failure.reason === 'too-long');
  });
});
