import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankAddress, decodeGeneric } from './generic.js';
import { readBounce } from '../message.js';

/** The definition blankAddress must agree with: the first match of /<?ADDR>?/i replaced by a blank. */
function reference(text: string, addr: string): string {
  return text.replace(new RegExp(`<?${addr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>?`, 'i'), ' ');
}

test('blankAddress removes the first mention of the address, as the case-insensitive expression does', () => {
  const cases: Array<[string, string]> = [
    ['<Kijitora@Example.JP>: user unknown', 'kijitora@example.jp'],
    ['550 5.1.1 kijitora@example.jp... User unknown (kijitora@example.jp)', 'kijitora@example.jp'],
    ['to <kijitora@example.jp failed', 'kijitora@example.jp'],
    ['kijitora@example.jp> said: 550', 'kijitora@example.jp'],
    ['no address here', 'kijitora@example.jp'],
    ['kijitora@example.j', 'kijitora@example.jp'],
    ['', 'kijitora@example.jp'],
    ['x<<a.b+c@d.e>> y a.b+c@d.e', 'a.b+c@d.e'],
    ['a.b+c@d.e', 'A.B+C@D.E'],
    ['aXb@d.e axb@d.e', 'a.b@d.e'],
    // a non-ASCII character never equals an ASCII letter, whatever its case mapping
    ['\u212aijitora@example.jp kijitora@example.jp', 'kijitora@example.jp'],
    ['\u0130nfo@example.jp info@example.jp', 'info@example.jp'],
    ['<ÜSER@example.de> failed', 'üser@example.de'],
    ['text', ''],
  ];
  for (const [text, addr] of cases) assert.equal(blankAddress(text, addr), reference(text, addr), `${text} / ${addr}`);
});

test('decodeGeneric: an entry says something only with two words beyond filler words, "_" separating words', () => {
  const msg = readBounce([
    'From: MAILER-DAEMON@example.net',
    'To: sender@example.com',
    'Subject: failure',
    '',
    'alpha@example.org: mailbox_unavailable',
    '',
    'beta@example.org: the_address',
    '',
    'gamma@example.org the_user',
    '',
    'delta@example.org: (550) "recipient" <rejected>',
    '',
    'epsilon@example.org: 550',
    '',
  ].join('\n'));
  const diag = Object.fromEntries(decodeGeneric(msg, { sharedReason: '' }).map((r) => [r.recipient, r.diagnostic]));
  assert.deepEqual(diag, {
    'alpha@example.org': 'mailbox_unavailable',
    'beta@example.org': '',
    // "the_user" is "the user" (one word after the filler "the"), not the words "the" and "user"
    'gamma@example.org': '',
    'delta@example.org': '(550) "recipient" <rejected>',
    'epsilon@example.org': '550',
  });
});
