// The "node floor" of bench/smtp-vs-swaks.ts: the benchmark's SMTP dialogue (EHLO, STARTTLS,
// EHLO, AUTH PLAIN, MAIL, RCPT, QUIT, certificate verified against the CA) as a bare script on
// node:net and node:tls, with no error handling, timeouts, transcript or report. It measures
// what a fresh Node process needs for the exchange, so the benchmark can show how much of
// maildoctor's time is its own. Not part of maildoctor.
//   node bench/smtp-floor.mjs HOST PORT CAFILE USER PASSWORDFILE FROM TO
/* global process, Buffer, setTimeout, setImmediate, clearTimeout */
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';

const [host, port, caFile, user, pwFile, from, to] = process.argv.slice(2);
const password = readFileSync(pwFile, 'utf8').split('\n')[0];
let sock = net.connect({ host, port: Number(port), noDelay: true });
sock.setEncoding('latin1');
let buf = '';
const reply = () =>
  new Promise((resolve) => {
    const on = (d) => {
      buf += d;
      if (/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(buf)) {
        sock.off('data', on);
        const r = buf;
        buf = '';
        resolve(r);
      }
    };
    sock.on('data', on);
  });
const cmd = (line) => {
  sock.write(`${line}\r\n`);
  return reply();
};
await reply();
await cmd('EHLO bench.test.example');
await cmd('STARTTLS');
sock = await new Promise((resolve, reject) => {
  const s = tls.connect({ socket: sock, ca: readFileSync(caFile, 'utf8'), checkServerIdentity: () => undefined });
  s.setEncoding('latin1');
  // as maildoctor does: wait for the TLS 1.3 session ticket before writing (else Postfix's
  // reply waits ~40 ms for a delayed ACK), at most 25 ms
  let ticket = false;
  s.once('session', () => (ticket = true));
  s.once('secureConnect', () => {
    if (!s.authorized) return reject(new Error(String(s.authorizationError)));
    if (ticket || s.getProtocol() !== 'TLSv1.3') return resolve(s);
    const t = setTimeout(() => resolve(s), 25);
    s.once('session', () => setImmediate(() => (clearTimeout(t), resolve(s))));
  });
  s.once('error', reject);
});
await cmd('EHLO bench.test.example');
const auth = await cmd(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`);
await cmd(`MAIL FROM:<${from}>`);
const rcpt = await cmd(`RCPT TO:<${to}>`);
await cmd('QUIT');
sock.destroy();
if (!auth.startsWith('235') || !rcpt.startsWith('250')) {
  process.stderr.write(`failed: ${auth}${rcpt}`);
  process.exit(1);
}
