import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, partText, toBinary, MAX_PARSE_BYTES } from './parse.js';
import { decodeTransfer } from './transfer.js';
import { decodeWords, parseContentType, parseHeaders } from './headers.js';
import { decodeBytes } from './charset.js';

const MULTI = [
  'From: a@example.org',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  'preamble',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'caf=C3=A9 soft=',
  'break',
  '--b1',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('na\xefve', 'latin1').toString('base64'),
  '--b1--',
  '',
].join('\n');

describe('mime parse', () => {
  test('multipart with quoted-printable and base64 parts in two charsets', () => {
    const m = parseMessage(MULTI);
    assert.equal(m.root.type, 'multipart/mixed');
    assert.equal(m.root.parts.length, 2);
    assert.equal(partText(m.root.parts[0]!), 'café softbreak');
    assert.equal(partText(m.root.parts[1]!), 'naïve');
    assert.equal(m.root.preamble, 'preamble');
  });

  test('CRLF and CR-only line ends parse like LF', () => {
    for (const eol of ['\r\n', '\r']) {
      const m = parseMessage(MULTI.replace(/\n/g, eol));
      assert.equal(m.root.parts.length, 2, `eol ${JSON.stringify(eol)}`);
      assert.equal(partText(m.root.parts[0]!), 'café softbreak');
    }
  });

  test('a wrong declared boundary is replaced by the one found in the body', () => {
    const m = parseMessage(MULTI.replace('boundary="b1"', 'boundary="nope"'));
    assert.equal(m.root.parts.length, 2);
    assert.equal(m.root.guessedBoundary, true);
  });

  test('folded headers, RFC 2047 words and RFC 2231 parameters', () => {
    const h = parseHeaders('Subject: =?UTF-8?B?44Gr44KD44O8?=\n =?ISO-8859-1?Q?caf=E9?=\nX-Long: one\n\ttwo\nnot a header line\n');
    assert.equal(h.text('subject'), 'にゃーcafé');
    assert.equal(h.get('x-long'), 'one two');
    const ct = parseContentType("text/plain; name*0=\"a\"; name*1=\"b.txt\"; title*=utf-8''%C3%A9t%C3%A9; charset=\"us-ascii\"");
    assert.equal(ct.type, 'text/plain');
    assert.deepEqual(ct.params, { name: 'ab.txt', title: 'été', charset: 'us-ascii' });
    // quoted-pairs are undone; a value whose closing quote is missing runs to the end
    assert.deepEqual(parseContentType('multipart/mixed; boundary="a\\"b;c"; x="1\\\\2"; y="p\\q"; z="open').params, { boundary: 'a"b;c', x: '1\\2', y: 'pq', z: 'open' });
    assert.equal(decodeWords('plain'), 'plain');
  });

  test('quoted-printable: escapes in either case, soft breaks (also inside an escape), stray and trailing "=" kept', () => {
    const qp = (s: string): string => decodeTransfer(s, 'Quoted-Printable');
    assert.equal(qp('caf=E9 caf=e9 =3D=3d'), 'caf\xe9 caf\xe9 ==');
    assert.equal(qp('a=\nb =4=\n1 trail  \t\nnext'), 'ab A trail\nnext');
    assert.equal(qp('==41 =G1 =4 =\xe91 100% =0'), '=A =G1 =4 =\xe91 100% =0');
    assert.equal(qp('=41=42=43'), 'ABC');
    assert.equal(qp('no escapes'), 'no escapes');
    assert.equal(qp('end='), 'end=');
  });

  test('a message\'s header block: trace and signature fields are left out, in any letter case', () => {
    const m = parseMessage('Received: from a\n\tby b\nRECEIVED: x\nDKIM-Signature: v=1;\n b=xyz\nARC-Seal: i=1\nX-MS-Exchange-Foo: 1\nX-Received-Not: kept\nReceivedx: kept\nSubject: s\nX-Failed-Recipients: r@example.org\n\nbody');
    assert.deepEqual(m.headers.fields.map((f) => f.name), ['x-received-not', 'receivedx', 'subject', 'x-failed-recipients']);
    assert.equal(m.headers.get('subject'), 's');
  });

  test('charset fallbacks: ISO-2022-JP, mislabelled UTF-8 and EUC-JP, invalid UTF-8', () => {
    assert.equal(decodeBytes('\x1b$B%f!<%6!<\x1b(B', ''), 'ユーザー');
    assert.equal(decodeBytes(Buffer.from('ユーザー', 'utf8').toString('latin1'), 'iso-2022-jp'), 'ユーザー');
    const euc = new TextDecoder('euc-jp');
    assert.equal(euc.decode(Buffer.from(decodeBytes('\xa5\xe6\xa1\xbc\xa5\xb6\xa1\xbc', 'iso-2022-jp'), 'utf8')).length > 0, true);
    assert.equal(decodeBytes('\xa5\xe6\xa1\xbc\xa5\xb6\xa1\xbc', 'iso-2022-jp'), 'ユーザー');
    assert.equal(decodeBytes('caf\xe9', 'utf-8'), 'café');
    assert.equal(decodeBytes('x', 'no-such-charset'), 'x');
  });

  test('input is cut at the parse limit and flagged', () => {
    const { bin, truncated } = toBinary(Buffer.alloc(MAX_PARSE_BYTES + 10, 0x61));
    assert.equal(bin.length, MAX_PARSE_BYTES);
    assert.equal(truncated, true);
    assert.equal(parseMessage('Subject: x\n\nbody').truncated, false);
  });

  test('garbage and empty input never throw', () => {
    for (const raw of ['', '\n\n\n', '--', 'Content-Type: multipart/mixed\n\n--', Buffer.from([0, 255, 13, 10, 13, 0])]) {
      const m = parseMessage(raw);
      assert.ok(m.root);
    }
  });
});
