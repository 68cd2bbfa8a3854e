/**
 * @module bounce/lhost/generic
 * Reading per-recipient failures out of free-form notices, shared by the template decoders
 * (lhost/templates.ts) and used as the last-resort decoder for bounces of unknown MTAs.
 *
 * Within the part of the text that holds the failures, each line naming an address opens an
 * entry; the following lines without an address (up to a blank line) continue it. An entry's
 * diagnostic is its text without the address. When entries carry no words of their own
 * ("kijitora@example.org" alone under "was not delivered to:"), the reason is the paragraph
 * after a reason label ("because:", "Reason:", "Technical details:", "Remote host said:"...),
 * or else the lines around the address list.
 */
import type { BounceMessage } from '../message.js';
import type { RawRecord } from '../types.js';
import { cleanAddress, findAddresses, isAddress } from '../smtp-text.js';
import { squash } from './util.js';
import { escapeRegExp } from '../../core/regexp.js';

/** Labels that introduce the reason in many notices. */
const REASON_LABEL = /^[ \t]*(?:-+\s*)?(?:because(?: of)?:?|(?:[a-z]+ )?reason\b:?|the reason(?: is)?:?|for the following reason:?|delivery failed for the following reason:?|technical details:?|non-delivered information|failure reasons|could not be delivered because of|remote host said:|the error (?:that the other server returned|message) was:?|error:|-+ ?server message|diagnostic(?:-code| code)?:|details?:|the response (?:from the remote server )?was:?)\s*-*\s*(.*)$/im;

export interface GenericOptions {
  /** the failures start after the first line matching this */
  begin?: RegExp;
  /** and end at the first line matching this */
  end?: RegExp;
  /** SMTP command per sentence of the template */
  commands?: Array<[RegExp, string]>;
  /** the notice is a delay warning */
  delayed?: boolean;
  /** text kept when an entry has no words of its own (overrides the REASON_LABEL search) */
  sharedReason?: string;
  /** an entry continues across blank lines, up to the next address (notices that put the
   *  details in a paragraph below the sentence naming the recipient) */
  spanBlank?: boolean;
  /** template sentences removed from entries ("There was an error delivering your mail to") */
  boilerplate?: RegExp;
  /** more text in which `commands` are looked for (the delivery-status part) */
  commandText?: string;
}

/** The message whose excluded addresses were computed last (templates ask again per entry reader). */
let excludedFor: BounceMessage | undefined;
let excludedLast = new Set<string>();

/** Addresses that are not recipients: the bounce's own and the original sender's. */
export function excludedAddresses(msg: BounceMessage): Set<string> {
  if (msg === excludedFor) return excludedLast;
  const out = new Set<string>();
  excludedFor = msg;
  excludedLast = out;
  const add = (v: string): void => {
    for (const a of findAddresses(v)) out.add(cleanAddress(a).toLowerCase());
  };
  for (const h of ['from', 'to', 'return-path', 'reply-to', 'sender', 'errors-to', 'cc']) add(msg.headers.get(h));
  if (msg.original) for (const h of ['from', 'return-path', 'reply-to', 'sender']) add(msg.original.get(h));
  return out;
}

/** Words that say nothing of a failure by themselves (template wording around addresses). */
const FILLER_WORDS = /\b(?:on|at|to|for|the|rfc822|smtp|address|addresses|recipient|recipients|failed|error|errors)\b/gi;
/** Two runs of three letters or more on one line, or a reply code. */
const TWO_WORDS = /[A-Za-z\u00c0-\uffff]{3,}.*[A-Za-z\u00c0-\uffff]{3,}|\b[245]\d\d\b/;

/**
 * True when an entry's text says something beyond its address and filler words: two words of
 * three letters or more, or a reply code. Punctuation separates words: "_" is the only
 * punctuation character that is a word character for \b, so it alone is blanked (blanking all
 * punctuation, as this once did, built a new string per entry, with one replacement per
 * character of punctuation, for the same verdict: the letter runs and the other \b positions
 * are the same).
 */
function hasWords(s: string): boolean {
  return TWO_WORDS.test((s.includes('_') ? s.replace(/_/g, ' ') : s).replace(FILLER_WORDS, ' '));
}

/** A returned message quoted without a marker line: its header block ends the failures. */
const QUOTED_HEADERS = /^(?:From [^\s@]+@\S+ +\w{3} |(?:Received|Return-Path|DKIM-Signature|Message-I[Dd]|X-Mailer|MIME-Version): ?\S)/m;

function section(text: string, begin?: RegExp, end?: RegExp): string {
  let s = text;
  if (begin) {
    const m = begin.exec(s);
    if (m) s = s.slice(m.index);
  }
  const stop = end ? end.exec(s.slice(1)) : null;
  if (stop) s = s.slice(0, stop.index + 1);
  const quoted = QUOTED_HEADERS.exec(s.slice(1));
  if (quoted) s = s.slice(0, quoted.index + 1);
  return s;
}

/** The paragraph after a reason label, if any. */
export function labelledReason(text: string): string {
  const m = REASON_LABEL.exec(text);
  if (!m) return '';
  const rest = text.slice(m.index + m[0].length).split('\n');
  const lines: string[] = [m[1] ?? ''];
  for (const l of rest) {
    if (l.trim() === '') {
      if (lines.some((x) => x.trim() !== '')) break;
      continue;
    }
    if (/^[ \t]*-{3,}|^[ \t]*={3,}|^[ \t]*\*{3,}/.test(l)) {
      if (lines.some((x) => x.trim() !== '')) break;
      continue;
    }
    lines.push(l);
    if (lines.length > 12) break;
  }
  return squash(lines.join(' '));
}

/**
 * `text` with the first mention of `addr` (any letter case, with its angle brackets) replaced
 * by a blank: the same as replacing the first match of /<?ADDR>?/i, without compiling an
 * expression per address. An ASCII address is looked for by hand; case-insensitive matching
 * (without the u flag) never pairs a non-ASCII character with an ASCII one.
 */
export function blankAddress(text: string, addr: string): string {
  if (addr === '' || /[\u0080-\uffff]/.test(addr)) {
    return text.replace(new RegExp(`<?${escapeRegExp(addr)}>?`, 'i'), ' ');
  }
  const at = indexOfAscii(text, addr.toLowerCase());
  if (at < 0) return text;
  const start = at > 0 && text.charCodeAt(at - 1) === 60 ? at - 1 : at;
  const after = at + addr.length;
  const end = after < text.length && text.charCodeAt(after) === 62 ? after + 1 : after;
  return `${text.slice(0, start)} ${text.slice(end)}`;
}

/** Index of the first occurrence of `needle` (lower-case ASCII) in `text`, ignoring ASCII letter case. */
function indexOfAscii(text: string, needle: string): number {
  const n = needle.length;
  outer: for (let i = 0; i + n <= text.length; i++) {
    for (let k = 0; k < n; k++) {
      let c = text.charCodeAt(i + k);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== needle.charCodeAt(k)) continue outer;
    }
    return i;
  }
  return -1;
}

/** A line with something else than blanks (a test, where trim() === '' copied each line). */
const NOT_BLANK = /\S/;

export function decodeGeneric(msg: BounceMessage, opts: GenericOptions = {}): RawRecord[] {
  const text = section(msg.text, opts.begin, opts.end);
  const excluded = excludedAddresses(msg);
  const entries: Array<{ rcpt: string; lines: string[] }> = [];
  let cur: { rcpt: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (!NOT_BLANK.test(line)) {
      if (!opts.spanBlank) cur = undefined;
      continue;
    }
    // the first address of the line that is a recipient's
    let first = '';
    if (line.includes('@')) {
      for (const a of findAddresses(line)) {
        const c = cleanAddress(a);
        if (isAddress(c) && !excluded.has(c.toLowerCase())) {
          first = c;
          break;
        }
      }
    }
    if (first && !/https?:\/\//i.test(line.slice(0, line.indexOf(first)))) {
      const known = entries.find((e) => e.rcpt.toLowerCase() === first.toLowerCase());
      if (known && cur === known) {
        known.lines.push(line);
        continue;
      }
      if (known) {
        cur = known;
        known.lines.push(line);
        continue;
      }
      cur = { rcpt: first, lines: [line] };
      entries.push(cur);
      continue;
    }
    if (cur) cur.lines.push(line);
  }
  if (entries.length === 0) return [];
  const shared = opts.sharedReason ?? labelledReason(text);
  const out: RawRecord[] = [];
  for (const e of entries) {
    const body = squash(e.lines.join(' '));
    // The address is removed where it names the entry, not inside the quoted SMTP reply.
    const own = blankAddress(opts.boilerplate ? body.replace(opts.boilerplate, ' ') : body, e.rcpt);
    let diagnostic = hasWords(own) ? squash(own.replace(/^[\s:*>-]+/, '')) : '';
    if (shared && (!diagnostic || !/\b[245]\d\d\b|[245]\.\d\.\d/.test(diagnostic))) diagnostic = squash(`${diagnostic} ${shared}`);
    const rec: RawRecord = { recipient: e.rcpt, diagnostic };
    for (const [re, cmd] of opts.commands ?? []) {
      if (re.test(body) || re.test(text) || (opts.commandText !== undefined && re.test(opts.commandText))) {
        rec.command = cmd;
        break;
      }
    }
    if (opts.delayed) rec.action = 'delayed';
    out.push(rec);
  }
  return out;
}
