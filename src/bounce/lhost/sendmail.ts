/**
 * @module bounce/lhost/sendmail
 * Sendmail returned-mail notices (savemail.c; V8 and the older V5 form): "The original message
 * was received at ...", "----- The following addresses had permanent fatal errors -----" with
 * "<addr>" and "(reason: ...)" lines, "----- Transcript of session follows -----" with the SMTP
 * dialogue (">>> RCPT To:<addr>", "<<< 550 ..."), and per-address summary lines
 * ("550 5.1.1 <addr>... User unknown"). Warnings ("Warning: could not send message for past
 * 4 hours") are delays.
 */
import type { BounceMessage } from '../message.js';
import type { Lhost, RawRecord } from '../types.js';
import { commandOf, exchangeBefore, exchangeFor, parseTranscript, summaryLines } from './transcript.js';
import { address, squash } from './util.js';

const MARKERS = /^[ \t]*-{3,} ?(?:The following addresses had (?:permanent fatal|transient non-fatal) errors|Transcript of session follows|Unsent message follows) ?-{3,}/im;

function isSendmail(msg: BounceMessage): boolean {
  if (MARKERS.test(msg.text)) return true;
  return /^(?:Returned mail:|Postmaster notify:|Warning: could not send message for past)/i.test(msg.subject) && /mail delivery subsystem|mailer-daemon/i.test(msg.from);
}

/** Addresses of the "had permanent fatal errors" list, with their "(reason: ...)" lines. */
function errorList(text: string): Array<{ recipient: string; reason: string }> {
  const out: Array<{ recipient: string; reason: string }> = [];
  const m = /^[ \t]*-{3,} ?The following addresses had (?:permanent fatal|transient non-fatal) errors ?-{3,}[ \t]*$/im.exec(text);
  if (!m) return out;
  const lines = text.slice(m.index + m[0].length).split('\n');
  let cur: { recipient: string; reason: string } | undefined;
  for (const line of lines) {
    const t = line.trim();
    if (/^-{3,}/.test(t)) break;
    if (t === '') {
      if (out.length > 0 && cur === undefined) break;
      cur = undefined;
      continue;
    }
    const reason = /^\(reason:\s*([\s\S]*?)\)?$/i.exec(t);
    if (reason && cur) {
      cur.reason = reason[1] ?? '';
      continue;
    }
    if (/^\(expanded from:/i.test(t)) continue;
    if (/^<?[^\s<>]+@[^\s<>]+>?(?:\s|$)/.test(t) || /^<[^>]+>/.test(t)) {
      const r = address(t);
      if (r) {
        cur = { recipient: r, reason: '' };
        out.push(cur);
      }
    } else if (cur && cur.reason) cur.reason += ` ${t}`;
  }
  return out;
}

/** The lines of "Transcript of session follows" that are not SMTP dialogue. */
function sessionText(text: string): string {
  const m = /^[ \t]*-{3,} ?Transcript of session follows ?-{3,}[ \t]*$/im.exec(text);
  if (!m) return '';
  const lines: string[] = [];
  for (const l of text.slice(m.index + m[0].length).split('\n')) {
    if (/^[ \t]*-{3,}/.test(l)) break;
    if (l.trim() && !/^[ \t]*(?:>>>|<<<|\.\.\. while talking)/i.test(l)) lines.push(l.trim());
  }
  return lines.join(' ');
}

export const sendmail: Lhost = {
  name: 'Sendmail',
  decode(msg) {
    if (!isSendmail(msg)) return undefined;
    const text = msg.text;
    const exchanges = parseTranscript(text);
    const summary = summaryLines(text);
    const listed = errorList(text);
    const recipients: string[] = listed.map((l) => l.recipient);
    for (const s of summary) if (!recipients.includes(s.recipient)) recipients.push(s.recipient);
    const delayed = /^Warning: could not send message/i.test(msg.subject) || /THIS IS A WARNING MESSAGE ONLY/.test(text);
    if (recipients.length === 0 && msg.original && sessionText(text)) {
      // V5-era notices may only quote the session ("421 host (smtp)... Deferred: ..."): the
      // recipients are those of the returned message.
      for (const piece of `${msg.original.get('to')},${msg.original.get('cc')}`.split(',')) {
        const a = address(piece);
        if (a && !recipients.includes(a)) recipients.push(a);
      }
    }
    const out: RawRecord[] = [];
    for (const recipient of recipients) {
      const rec: RawRecord = { recipient };
      let ex = exchangeFor(exchanges, recipient);
      const own = ex !== undefined && ex.sent.toLowerCase().includes(recipient.toLowerCase());
      const reason = listed.find((l) => l.recipient === recipient)?.reason ?? '';
      const sumLine = summary.find((s) => s.recipient === recipient);
      const sum = sumLine?.text ?? '';
      // Without its own RCPT exchange, an address's summary line goes with the dialogue printed
      // just before it ("<<< 550 Insecure Mail Relay" then "554 <a>... Remote protocol error").
      if (!own && !reason && sumLine) ex = exchangeBefore(exchanges, sumLine, summary);
      if (ex) {
        rec.command = commandOf(ex.sent);
        if (ex.host) rec.remoteMta = ex.host;
      }
      // A lone recipient without its own reason: the session lines say more than the summary
      // ("mail.local: unknown user: x" above "554 <x>... Service unavailable").
      const session = recipients.length === 1 && !ex ? sessionText(text) : '';
      rec.diagnostic = squash(reason || (ex ? `${ex.reply.join(' ')}${sum ? ` ${sum}` : ''}` : '') || session || sum);
      if (delayed) rec.action = 'delayed';
      out.push(rec);
    }
    return out.length ? out : undefined;
  },
};
