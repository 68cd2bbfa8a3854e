/**
 * @module bounce/lhost/postfix
 * Postfix bounce(8) notices (bounce.cf templates): "This is the mail system at host X." or
 * "This is the Postfix program at host X.", then one entry per recipient:
 *   <rcpt> (expanded from <alias>): host mx[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)
 * Usually with a message/delivery-status part (X-Postfix-Queue-ID); the entry adds the SMTP
 * command and the remote host, and is the only source when the DSN part is missing.
 */
import type { BounceMessage } from '../message.js';
import type { Lhost, RawRecord } from '../types.js';
import { address, entries, squash } from './util.js';

const INTRO = /^This is the (?:mail system|Postfix program) at host ([^\s]+?)\.?$/m;

function isPostfix(msg: BounceMessage): boolean {
  if (INTRO.test(msg.text)) return true;
  if (msg.statusBlocks.some((b) => /^X-Postfix-(?:Queue-ID|Sender):/im.test(b))) return true;
  if (/^Postfix SMTP server: errors from /i.test(msg.subject)) return true;
  return /^(?:Undelivered Mail Returned to Sender|Delayed Mail \(still being retried\)|Successful Mail Delivery Report|Mail Delivery Status Report)$/i.test(msg.subject.trim()) &&
    /mail delivery system|mailer-daemon/i.test(msg.from);
}

export const postfix: Lhost = {
  name: 'Postfix',
  decode(msg) {
    if (!isPostfix(msg)) return undefined;
    const host = INTRO.exec(msg.text)?.[1] ?? '';
    const out: RawRecord[] = [];
    for (const lines of entries(msg.text, /^<[^>\s]*@[^>\s]*>(?::| \(expanded from)/)) {
      const entry = squash(lines.join(' '));
      const recipient = address(entry);
      if (!recipient) continue;
      let diag = entry.replace(/^<[^>]*>(?:\s*\(expanded from [^)]*\))?\s*:?\s*/, '');
      const rec: RawRecord = { recipient, reportingMta: host };
      const said = /^host\s+([^\s[]+)(?:\[[^\]]*\])?\s+(?:said|refused to talk to me):\s*/i.exec(diag);
      if (said) {
        rec.remoteMta = said[1] ?? '';
        diag = diag.slice(said[0].length);
      }
      const cmd = /\s*\(in reply to (.{1,256}?) command\)[ \t]*$/i.exec(diag);
      if (cmd) {
        rec.command = cmd[1] ?? '';
        diag = diag.slice(0, cmd.index);
      }
      rec.diagnostic = diag;
      out.push(rec);
    }
    if (out.length === 0) out.push(...serverTranscript(msg.text));
    return out.length ? out : undefined;
  },
};

/**
 * The postmaster notice of Postfix's SMTP server ("Postfix SMTP server: errors from HOST"):
 * the session as " In: " (client) and " Out: " (server) lines; the failure is the last 4xx/5xx
 * "Out:" reply, the command the last "In:" before it, the recipients those of "RCPT TO".
 */
function serverTranscript(text: string): RawRecord[] {
  if (!/^[ \t]*Transcript of session follows\.?[ \t]*$/m.test(text) || !/^[ \t]*In:\s/m.test(text)) return [];
  const lines: Array<{ dir: 'in' | 'out'; text: string }> = [];
  for (const raw of text.split('\n')) {
    const m = /^[ \t]*(In|Out):\s+(.*)$/.exec(raw);
    if (m) lines.push({ dir: m[1] === 'In' ? 'in' : 'out', text: m[2] ?? '' });
    else if (/^\s{3,}\S/.test(raw) && lines.length > 0) lines[lines.length - 1]!.text += ` ${raw.trim()}`;
  }
  let fail = -1;
  lines.forEach((l, i) => {
    if (l.dir === 'out' && /^[45]\d\d\b/.test(l.text)) fail = i;
  });
  if (fail < 0) return [];
  const cmd = lines.slice(0, fail).reverse().find((l) => l.dir === 'in')?.text ?? '';
  const rcpts = lines.filter((l) => l.dir === 'in' && /^RCPT\s+TO:/i.test(l.text)).map((l) => address(l.text)).filter(Boolean);
  return rcpts.map((recipient) => ({ recipient, diagnostic: lines[fail]!.text, command: cmd.split(/\s/)[0] ?? '' }));
}
