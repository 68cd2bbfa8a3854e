/**
 * @module bounce/lhost/transcript
 * SMTP session transcripts quoted in bounces (Sendmail's "Transcript of session follows",
 * Bigfoot, Notes, others): "... while talking to HOST:", ">>> COMMAND", "<<< reply" lines, and
 * Sendmail's per-address summary lines "550 5.1.1 <addr>... User unknown".
 */
import { cleanAddress, isAddress } from '../smtp-text.js';

export interface Exchange {
  host: string;
  /** line number of the command in the text */
  line: number;
  /** the command line as sent (">>> " removed) */
  sent: string;
  /** reply lines ("<<< " removed) */
  reply: string[];
}

export function parseTranscript(text: string): Exchange[] {
  const out: Exchange[] = [];
  let host = '';
  let cur: Exchange | undefined;
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = (all[i] ?? '').trim();
    const talk = /^(?:\.\.\.\s*)?while talking to ([^\s:]+?)\.?:[ \t]*$/i.exec(line);
    if (talk) {
      host = talk[1] ?? '';
      cur = undefined;
      continue;
    }
    if (line.startsWith('>>>')) {
      cur = { host, line: i, sent: line.slice(3).trim(), reply: [] };
      out.push(cur);
      continue;
    }
    if (line.startsWith('<<<') && cur) cur.reply.push(line.slice(3).trim());
    else if (line.startsWith('<<<')) {
      cur = { host, line: i, sent: '', reply: [line.slice(3).trim()] };
      out.push(cur);
    }
  }
  return out;
}

/** The SMTP command word of a sent line: "RCPT To:<a>" -> RCPT. */
export function commandOf(sent: string): string {
  // A reply read before any command was sent answers the connection (the greeting).
  if (sent.trim() === '') return 'CONN';
  const w = /^([A-Za-z]+)/.exec(sent)?.[1]?.toUpperCase() ?? '';
  return w === 'EHLO' || w === 'HELO' || w === 'MAIL' || w === 'RCPT' || w === 'DATA' || w === 'BDAT' || w === 'STARTTLS' || w === 'AUTH' || w === 'QUIT' ? w : '';
}

/**
 * The failed exchange right before a summary line (same session, no other summary line in
 * between): Sendmail prints the dialogue, then what it concluded for the address.
 */
export function exchangeBefore(list: Exchange[], summary: SummaryLine, all: SummaryLine[]): Exchange | undefined {
  const prev = all.filter((s) => s.line < summary.line).map((s) => s.line);
  const floor = prev.length ? Math.max(...prev) : -1;
  const failed = list.filter((e) => e.line < summary.line && e.line > floor && e.reply.some((r) => /^[45]\d\d/.test(r)));
  return failed[failed.length - 1];
}

/** The failed exchange concerning a recipient: its RCPT TO, else a failure not tied to one recipient. */
export function exchangeFor(list: Exchange[], recipient: string): Exchange | undefined {
  const failed = list.filter((e) => e.reply.some((r) => /^[45]\d\d/.test(r)));
  const r = recipient.toLowerCase();
  return (
    failed.find((e) => e.sent.toLowerCase().includes(r)) ??
    failed.find((e) => commandOf(e.sent) !== 'RCPT' && commandOf(e.sent) !== 'QUIT') ??
    (failed.length === 1 ? failed[0] : undefined)
  );
}

export interface SummaryLine {
  recipient: string;
  text: string;
  /** line number in the text */
  line: number;
}

/** Sendmail's "550 5.1.1 <addr>... User unknown" lines. */
export function summaryLines(text: string): SummaryLine[] {
  const out: SummaryLine[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    const m = /^[ \t]*(?:([245]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?\s+)?<?([^\s<>]+@[^\s<>]+?)>?\.\.\.\s*(.*)$/.exec(l);
    if (!m) return;
    const rcpt = cleanAddress(m[3] ?? '');
    if (isAddress(rcpt)) out.push({ recipient: rcpt, line: i, text: `${m[1] ?? ''}${m[2] ? ` ${m[2]}` : ''} ${m[4] ?? ''}`.trim() });
  });
  return out;
}
