/**
 * @module bounce/message
 * The view of a message that bounce decoders work on: top-level headers, the human-readable
 * text (every text part, decoded, in order), the delivery-status and feedback-report blocks,
 * and the headers of the returned original message (a MIME part, or inline after a marker line
 * such as qmail's "--- Below this line is a copy of the message.").
 */
import { Headers, decodeWords, parseHeaders } from './mime/headers.js';
import { parseMessage, partBytes, partText, splitHeadBody, type MimePart } from './mime/parse.js';
import { decodeBytes } from './mime/charset.js';

/**
 * Text kept from one message for analysis. A notice is short (the longest of the 457 corpus
 * messages has 6.5 KB of text): 64 KB keeps ten times that, and bounds what any reader can cost
 * on hostile input. Some decoder expressions are quadratic when a phrase they start with repeats
 * without what ends it (each known one is capped, e.g. Exim's "(generated from ...)" at 256
 * characters); over 512 KB such a text took 8-18 s, over 64 KB it would take a sixtieth of that.
 */
const MAX_TEXT = 64 * 1024;
/** Fields of the returned message that records report or decoders consult. */
const ORIGINAL_FIELDS: ReadonlySet<string> = new Set(['message-id', 'from', 'to', 'cc', 'subject', 'date', 'return-path', 'reply-to', 'sender']);
/** True when a line is 2048 characters or longer (a linear scan; a regular expression is not). */
function hasLongLine(text: string): boolean {
  let start = 0;
  for (let nl = text.indexOf('\n'); ; nl = text.indexOf('\n', start)) {
    const end = nl < 0 ? text.length : nl;
    if (end - start >= 2048) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}
/** Bytes of an attached message kept, in case it is itself a bounce. */
const MAX_ATTACHED = 1024 * 1024;
/** Lines that introduce a message forwarded inline by a mail client. */
const FORWARDED_LINES = ['^(?:Begin forwarded message:|-{3,} ?Forwarded message ?-{3,}|-{3,} ?Original Message ?-{3,})[ \\t]*$'];

/**
 * Alternatives written for the m flag (each starting with ^, possibly ending with $) as one
 * expression to run over "\n" + text: each alternative starts with a newline instead of ^, and
 * ends before a newline instead of $. The engine then skips from newline to newline, where
 * a ^ of the m flag made it try every alternative at every position (2-3 times faster on the
 * corpus). Only LF ends a line (with the m flag, so did CR, U+2028 and U+2029). Match positions
 * in the text are those in the prefixed string (see lineMatch).
 */
function atLineStarts(sources: string[], flags: string): RegExp {
  const alts = sources.map((s) => {
    const endAnchor = s.endsWith('$');
    const body = s.slice(1, endAnchor ? -1 : undefined);
    if (!s.startsWith('^') || body.includes('$') || /(?:^|[^[\\])\^/.test(body)) throw new Error(`atLineStarts: unsupported ${s}`);
    return `(?:${body}${endAnchor ? '(?=\\n|$)' : ''})`;
  });
  return new RegExp(`\\n(?:${alts.join('|')})`, flags);
}

/** The first match of an atLineStarts expression in a text: where its line starts and where the match ends. */
function lineMatch(re: RegExp, text: string): { at: number; end: number } | undefined {
  const m = re.exec(`\n${text}`);
  return m ? { at: m.index, end: m.index + m[0].length - 1 } : undefined;
}

const FORWARDED = atLineStarts(FORWARDED_LINES, 'i');

export interface BounceMessage {
  headers: Headers;
  /** decoded Subject */
  subject: string;
  /** From, as written */
  from: string;
  /** human-readable text of the notification, decoded, LF line ends; original message cut off */
  text: string;
  /** the first 4 KB of `text`, where format markers are looked for */
  head: string;
  /** `head`, From and X-Mailer together: where template anchors are looked for */
  signature: string;
  /** message/delivery-status (and global-delivery-status) part bodies */
  statusBlocks: string[];
  /** message/feedback-report part bodies */
  feedbackBlocks: string[];
  /** headers of the returned original message, when included */
  original?: Headers;
  /** the first attached message (message/rfc822), undecoded, capped: it may itself be a bounce */
  attached?: string;
  /** a message forwarded inline ("Begin forwarded message:", "> " quoting removed) */
  forwarded?: string;
  /** content types met, in order (for format detection) */
  types: string[];
  /** top-level Content-Type parameter report-type, lower case */
  reportType: string;
  truncated: boolean;
  /** the multipart boundary was missing or wrong and was guessed */
  brokenMime: boolean;
}

/**
 * Lines that introduce a returned message quoted inline in a plain-text bounce. Sources: the
 * bounce templates of each MTA (qmail qmail-send.c, Exim's bounce_message_file, Sendmail
 * savemail.c, Courier, Postfix bounce.cf, Microsoft Exchange, Lotus Notes); also read by
 * Sisimai's lhost modules.
 */
const INLINE_ORIGINAL = [
  /^--- Below this line is a copy of the message\./m, // qmail
  /^--- Enclosed (?:are the original headers of the message|is a copy of the message)\./m, // qmail variants
  /^-{3,} This is a copy of the message, including all the headers\. -{3,}/m, // Exim
  /^-{3,} The header of the original message is following\. -{3,}/m, // Exim (ja)
  /^-{3,} This is a copy of the message's headers\. -{3,}/m, // Exim
  /^[ \t]*-{3,} ?(?:Original message follows|Unsent message follows|Returned message|Original message)\.? ?-{3,}/im, // Sendmail, various
  /^[ \t]*-{3,} ?(?:The )?original message (?:header|headers) (?:follow|follows|is below)\.? ?-{2,}/im,
  /^[ \t]*-{3,} ?Message (?:header|headers) follows? ?-{3,}/im,
  /^-{3,}\s*Original Message\s*-{3,}/im, // Outlook / Exchange quoting
  /^Original message (?:header|headers)?:?[ \t]*$/im,
  /^[ \t]*-{2,} ?Below (?:is|are) (?:a copy of |the )?(?:the )?original (?:message|headers)/im,
  /^[ \t]*Below is a copy of the original message:?[ \t]*$/im, // OpenSMTPD
  /^Message headers follow\.[ \t]*$/m, // DragonFly Mail Agent
  /^[ \t]*Included is a copy of the message header:?[ \t]*$/im, // MXLogic
  /^-{3} Original message follows\.[ \t]*$/m, // X2 (Yahoo-era qmail variant)
  /^Original message follows\.[ \t]*$/m, // IMail
  /^-{5,}original (?:message|mail info)[ \t]*$/m, // m-FILTER
  /^Original mail as follows:[ \t]*$/m, // fml
  /^-{5} Original message -{5}[ \t]*$/m, // Gmail
  /^Original Message:[ \t]*$/m, // Verizon MMSC
  /^(?:Original message headers|En-t.tes de message d'origine|Intestazioni originali del messaggio):[ \t]*$/m, // Exchange 2007+
];

export function readBounce(raw: Buffer | string): BounceMessage {
  const parsed = parseMessage(raw);
  const root = parsed.root;
  const out: BounceMessage = {
    headers: parsed.headers,
    subject: decodeWords(parsed.headers.get('subject')),
    from: decodeWords(parsed.headers.get('from')),
    text: '',
    head: '',
    signature: '',
    statusBlocks: [],
    feedbackBlocks: [],
    types: [],
    reportType: (root.params['report-type'] ?? '').toLowerCase(),
    truncated: parsed.truncated,
    brokenMime: false,
    // set below when found; present from the start so that every message has one shape
    // (decoders then read its fields through monomorphic property accesses)
    original: undefined,
    attached: undefined,
    forwarded: undefined,
  };
  const texts: string[] = [];
  walk(root, out, texts, 0);
  let text = texts.join('\n');
  const fwd = lineMatch(FORWARDED, text);
  if (fwd) {
    const body = text.slice(fwd.end).replace(/^\n+/, '');
    out.forwarded = body.replace(/^> ?/gm, '').replace(/^(\S[^:\n]*):[ \t]*\n/, '$1:\n');
  }
  if (!out.original) {
    const cut = findInlineOriginal(text);
    if (cut) {
      out.original = cut.headers;
      text = text.slice(0, cut.at);
    }
  }
  if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
  // No line of a notice is this long; capping lines keeps every line-based reader linear.
  if (hasLongLine(text)) text = text.replace(/[^\n]{2048,}/g, (l) => l.slice(0, 2048));
  out.text = text;
  out.head = out.text.length > 4096 ? out.text.slice(0, 4096) : out.text;
  out.signature = `${out.head}\n${out.from}\n${out.headers.get('x-mailer')}\n${out.headers.get('x-mlserver')}`;
  return out;
}

function walk(part: MimePart, out: BounceMessage, texts: string[], depth: number): void {
  out.types.push(part.type);
  if (part.guessedBoundary) out.brokenMime = true;
  const t = part.type;
  if (t.startsWith('multipart/')) {
    if (part.parts.length === 0) {
      // No usable boundary: the body is read as text.
      texts.push(decodeBytes(part.raw, ''));
      out.brokenMime = true;
      return;
    }
    if (t === 'multipart/alternative') {
      const plain = part.parts.find((p) => p.type === 'text/plain');
      const pick = plain ?? part.parts[0];
      if (pick) walk(pick, out, texts, depth + 1);
      return;
    }
    for (const p of part.parts) walk(p, out, texts, depth + 1);
    return;
  }
  if (t === 'message/delivery-status' || t === 'message/global-delivery-status') {
    out.statusBlocks.push(partText(part));
    return;
  }
  if (t === 'message/feedback-report') {
    out.feedbackBlocks.push(partText(part));
    return;
  }
  if (t === 'message/rfc822' || t === 'message/global' || t === 'message/partial') {
    if (!out.original) {
      const bytes = partBytes(part);
      out.original = parseHeaders(splitHeadBody(bytes).head, ORIGINAL_FIELDS);
      out.attached = bytes.length > MAX_ATTACHED ? bytes.slice(0, MAX_ATTACHED) : bytes;
    }
    return;
  }
  if (t === 'text/rfc822-headers' || t === 'message/global-headers' || t === 'text/rfc822-header') {
    if (!out.original) out.original = parseHeaders(splitHeadBody(`${partBytes(part)}\n\n`).head, ORIGINAL_FIELDS);
    return;
  }
  if (t.startsWith('text/') || (depth === 0 && !t.startsWith('image/') && !t.startsWith('audio/') && !t.startsWith('video/'))) {
    texts.push(partText(part));
  }
}

/** The markers as one expression (case-insensitive): one scan of the text finds the first of them. */
const INLINE_ANY = atLineStarts(INLINE_ORIGINAL.map((r) => r.source), 'i');

/** Words every marker contains one of: a cheap screen before the anchored expression. */
const INLINE_WORDS = /riginal|copy of|nsent message|eturned message|header|follow|Original Message|Below is/i;

function findInlineOriginal(text: string): { at: number; headers: Headers } | undefined {
  if (!INLINE_WORDS.test(text)) return undefined;
  const best = lineMatch(INLINE_ANY, text);
  if (!best) return undefined;
  const rest = text.slice(best.end).replace(/^[ \t]*\n+/, '').replace(/^\n+/, '');
  // Header lines quoted with an indent lose it. Only the header block is rewritten: removing
  // indents never moves where splitHeadBody ends it (a blank line, or the first line that is
  // neither a field nor a continuation, and an indented field line is either).
  const { head } = splitHeadBody(rest);
  return { at: best.at, headers: parseHeaders(head.replace(/^(?:[ \t]+(?=[!-9;-~]+:))/gm, ''), ORIGINAL_FIELDS) };
}
