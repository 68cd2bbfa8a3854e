/**
 * Bounce analysis on hostile input: how long one message takes when built to make an expression
 * or a loop do the most work (a tag, comment or phrase repeated without what ends it, runs of
 * blanks, dashes, "<" or "@", flooded headers, MIME parts and DSN fields), at the sizes the
 * reader keeps: 4 MB parsed (MAX_PARSE_BYTES), 64 KB of text (MAX_TEXT) of which the input
 * here gives 500 KB. Target: every message under 1 s (they take 1-100 ms; before session 7, 4 MB of
 * unclosed HTML tags took hours, and the repeated-phrase ones 7-17 s). Exit code 1 when a
 * message misses the target.
 *   node --import tsx bench/bounce-hostile.ts
 */
import { analyzeBounce } from '../src/index.js';
import { POSTFIX_OPENING, REPEATED_PHRASES, lines } from '../test/helpers/hostile-bounces.js';

const TARGET_MS = 1000;
const MB4 = 4 * 1024 * 1024;
const KB500 = 500 * 1024;

const plain = 'From: MAILER-DAEMON@example.org (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\nContent-Type: text/plain\n\n';
const html = plain.replace('text/plain', 'text/html');
const dsn = 'From: MAILER-DAEMON@example.org\nSubject: failure notice\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: message/delivery-status\n\n';

const cases: Array<[string, string]> = [
  ['HTML: "<" without ">"', html + '<'.repeat(MB4)],
  ['HTML: "<br" without ">"', html + '<br'.repeat(MB4 / 3)],
  ['HTML: "<!--" without "-->"', html + '<!--'.repeat(MB4 / 4)],
  ['HTML: "<script>" without its end tag', html + '<script>'.repeat(MB4 / 8)],
  ['HTML: "</td" without ">"', html + '</td'.repeat(MB4 / 4)],
  ['HTML: "&#x" without ";"', html + '&#x'.repeat(MB4 / 3)],
  ...REPEATED_PHRASES.map(({ name, opening, phrase }): [string, string] => [name, opening + lines(phrase, KB500)]),
  ['Postfix, a recipient line per line', POSTFIX_OPENING + lines('<u@example.com>: host x[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command)', KB500)],
  ['blank lines', plain + '\n'.repeat(MB4)],
  ['lines of blanks', plain + ' \n'.repeat(MB4 / 2)],
  ['runs of blanks', plain + lines(' ', MB4)],
  ['runs of dashes', plain + lines('-', MB4)],
  ['runs of "@"', plain + lines('@', MB4)],
  ['"<a@b.c" without ">"', plain + lines('<a@b.c', MB4)],
  ['reply codes', plain + lines('550-5.1.1 ', MB4)],
  ['header fields', `${'X-A: b\n'.repeat(MB4 / 7)}\nbody`],
  ['one folded header field', `Subject: x${'\n y'.repeat(MB4 / 3)}\n\nbody`],
  ['MIME parts', `${plain.replace('text/plain', 'multipart/mixed; boundary="b"')}${'--b\nContent-Type: text/plain\n\nx\n'.repeat(MB4 / 35)}--b--\n`],
  ['DSN recipient fields', `${dsn}${'Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n\n'.repeat(MB4 / 64)}--b--\n`],
  ['quoted-printable "="', plain.replace('text/plain', 'text/plain\nContent-Transfer-Encoding: quoted-printable') + '='.repeat(MB4)],
  ['binary noise', plain + Array.from({ length: MB4 }, (_, i) => String.fromCharCode((i * 2654435761) >>> 24)).join('')],
];

let missed = 0;
console.log(`bounce analysis on hostile input (target: each message < ${TARGET_MS} ms)`);
for (const [name, input] of cases) {
  const t0 = performance.now();
  analyzeBounce(input);
  const ms = performance.now() - t0;
  if (ms >= TARGET_MS) missed++;
  console.log(`${ms.toFixed(1).padStart(9)} ms  ${(input.length / 1024).toFixed(0).padStart(5)} KB  ${name}${ms >= TARGET_MS ? '  MISSED' : ''}`);
}
console.log(missed ? `${missed} message(s) over ${TARGET_MS} ms` : 'target met');
process.exitCode = missed ? 1 : 0;
