/**
 * @module bounce/smtp-text
 * Reading SMTP facts out of free text: the enhanced status code (RFC 3463), the reply code
 * (RFC 5321), the command the reply answered, and addresses.
 */
import { isAscii } from './mime/charset.js';

/** X.Y.Z with class 2, 4 or 5, not part of an IP address or version number. */
const STATUS_RE = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;

/** The enhanced status code in a text; the one right after a reply code wins. */
export function findStatus(text: string): string {
  const after = /(?<![\d.])[245]\d\d[ -]#?([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/.exec(text);
  if (after) return after[1] ?? '';
  STATUS_RE.lastIndex = 0;
  const m = STATUS_RE.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : '';
}

/**
 * A multi-line reply joined into one line keeps the code of each line ("550-5.1.1 The email
 * account ... Please try 550-5.1.1 double-checking ..."): the repeats after the first are
 * dropped, so that phrases spanning two lines match and quotes read as one sentence ("... at a
 * rate that 450-4.2.1 prevents ..." becomes "... at a rate that prevents ...").
 */
export function unfoldReply(text: string): string {
  // a reply starts the text or follows a colon ("host x said: 550-5.1.1 ..."), not "200-300 ms"
  const first = /(?:^|[:;(<]\s*)([2-5]\d\d)-(?:[245]\.\d{1,3}\.\d{1,3}\s)?/.exec(text);
  if (!first) return text;
  const after = first.index + first[0].length;
  const repeat = new RegExp(`\\s+${first[1]}[- ](?:[245]\\.\\d{1,3}\\.\\d{1,3}(?=\\s))?\\s*`, 'g');
  return text.slice(0, after) + text.slice(after).replace(repeat, ' ');
}

/** A reply code followed by an enhanced status code ("550 5.1.1", "550-5.1.1", "421 #4.4.2"). */
const CODE_AND_STATUS = /(?<![\d.])([245][0-5]\d)[ -]#?[245]\.\d{1,3}\.\d{1,3}(?![\d]|\.\d)/g;
/** The first of them (the same expression without the g flag: no lastIndex to reset). */
const FIRST_CODE_AND_STATUS = new RegExp(CODE_AND_STATUS.source);
/** A failure code standing before a word, a quote or a colon. */
const LOOSE_FAILURE = /(?:^|[\s:;([])([45][0-5]\d)[ -]:?\s?(?=[A-Za-z<#'"])/;

/**
 * The reply code of a diagnostic: at the start of the text, after "said:" (or a field such as
 * "ERROR_CODE :"), or before an enhanced status code; else a failure code (4xx, 5xx) standing
 * before a word ("... size limit 200 of server" is not a reply). When replies are nested, the
 * remote's own comes last, as its status code does (see analyze's lastStatus): "554 4.4.7
 * Message expired ... <421 4.4.2 Connection timed out>" is 421, "554 550 Host unknown" 550,
 * and a 2xx greeting before a refusal ("220-laposte 421 4.2.1 Service refuse") is not the reply.
 */
export function findReplyCode(text: string): string {
  const code = firstReplyCode(text);
  const doubled = /^[ \t]*[245][0-5]\d[ -]([45][0-5]\d)[ :-]/.exec(text);
  if (doubled) return doubled[1] ?? code;
  let last = '';
  let pairs = 0;
  CODE_AND_STATUS.lastIndex = 0;
  for (let m = CODE_AND_STATUS.exec(text); m; m = CODE_AND_STATUS.exec(text)) {
    pairs++;
    last = m[1] ?? '';
  }
  if (pairs > 1 && last !== code && !last.startsWith('2')) return last;
  if (!code.startsWith('2')) return code;
  const failure = (last.startsWith('2') ? undefined : last) || LOOSE_FAILURE.exec(text)?.[1];
  return failure || code;
}

function firstReplyCode(text: string): string {
  const m =
    /^[ \t]*(?:<[^>]*>:?\s*)?([245][0-5]\d)(?:[ :-]|$)/.exec(text) ??
    /(?:said|reply|replied|response|responded|error|returned|answered|with|code)\s*:?\s*(?:\(?)([245][0-5]\d)(?:[ ,-]|\)|$)/i.exec(text) ??
    FIRST_CODE_AND_STATUS.exec(text) ??
    LOOSE_FAILURE.exec(text);
  return m ? (m[1] ?? '') : '';
}

const COMMANDS: Array<[RegExp, string]> = [
  [/\b(?:in reply to|after|while sending|during|at|for|on|to|with)\s+(?:the\s+)?(?:end of data|end of message|end of body|message body)\b/i, 'DATA'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?(?:rcpt(?: to)?|recipient)\b/i, 'RCPT'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?(?:mail(?: from)?|sender)\b/i, 'MAIL'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?data\b/i, 'DATA'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?bdat\b/i, 'BDAT'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?ehlo\b/i, 'EHLO'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?helo\b/i, 'HELO'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?starttls\b/i, 'STARTTLS'],
  [/\b(?:in reply to|after|while sending|during|for|on)\s+(?:the\s+)?auth\b/i, 'AUTH'],
  [/\bafter (?:the )?initial connection\b|\bwhile connecting\b|\bat connect(?:ion)? time\b|\bin reply to (?:the )?greeting\b|\bafter connect\b/i, 'CONN'],
  [/>>> ?RCPT TO/i, 'RCPT'],
  [/>>> ?MAIL FROM/i, 'MAIL'],
  [/>>> ?DATA/i, 'DATA'],
  [/>>> ?(?:EHLO|HELO)/i, 'EHLO'],
];

/** All command patterns as one expression (one group each), tried in one scan. */
const COMMAND_ANY = new RegExp(COMMANDS.map(([re]) => `(${re.source})`).join('|'), 'i');
const COMMAND_FIRST = /\b(?:in reply to|after|while|during|for|on|to|with|at)\b|>>>/i;

/**
 * A case-insensitive pattern as a case-sensitive one for lower-case text: for ASCII text the
 * same matches, and the engine compares characters directly instead of case-folding each one
 * (a third of the instructions for the command patterns over the corpus's diagnostics).
 * Patterns whose escapes have an upper-case letter (\S, \W, \D, \B) are refused.
 */
function lowerCased(re: RegExp): RegExp {
  if (/\\[A-Z]/.test(re.source)) throw new Error(`lowerCased: unsupported ${re.source}`);
  return new RegExp(re.source.toLowerCase(), re.flags.replace('i', ''));
}
const COMMANDS_LC: Array<[RegExp, string]> = COMMANDS.map(([re, cmd]) => [lowerCased(re), cmd]);
const COMMAND_ANY_LC = lowerCased(COMMAND_ANY);
const COMMAND_FIRST_LC = lowerCased(COMMAND_FIRST);

/** The SMTP command a failure answered, named in the text ("in reply to RCPT TO command"). */
export function findCommand(text: string): string {
  // ASCII text (nearly all diagnostics) lower-cased meets the lower-cased patterns
  const ascii = isAscii(text);
  const t = ascii ? text.toLowerCase() : text;
  if (!(ascii ? COMMAND_FIRST_LC : COMMAND_FIRST).test(t) || !(ascii ? COMMAND_ANY_LC : COMMAND_ANY).test(t)) return '';
  // several patterns may match: the table order decides, as before
  for (const [re, cmd] of ascii ? COMMANDS_LC : COMMANDS) if (re.test(t)) return cmd;
  return '';
}

/** Normalises a command word found in a decoder's field ("RCPT TO" -> RCPT). */
export function normaliseCommand(word: string): string {
  const w = word.toUpperCase().replace(/[^A-Z]/g, ' ').trim();
  if (/^RCPT|^RECIPIENT/.test(w)) return 'RCPT';
  if (/^MAIL|^SENDER/.test(w)) return 'MAIL';
  if (/END OF DATA|^DATA|MESSAGE/.test(w)) return 'DATA';
  if (/^BDAT/.test(w)) return 'BDAT';
  if (/^EHLO/.test(w)) return 'EHLO';
  if (/^HELO/.test(w)) return 'HELO';
  if (/^STARTTLS/.test(w)) return 'STARTTLS';
  if (/^AUTH/.test(w)) return 'AUTH';
  if (/^CONN|GREETING|INITIAL/.test(w)) return 'CONN';
  return '';
}

/** 1 for the characters of a local part (ASCII letters, digits and !#$%&'*+/=?^_`{|}~.-), by code. */
const LOCAL_CHARS = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~.-") LOCAL_CHARS[c.charCodeAt(0)] = 1;
const DOMAIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/;

/**
 * Email addresses in a text, in order, found from each "@" outwards: linear in the text length
 * (a regular expression starting at every character is quadratic on long runs of word characters).
 */
export function findAddresses(text: string, max = 50): string[] {
  const out: string[] = [];
  for (let at = text.indexOf('@'); at >= 0 && out.length < max; at = text.indexOf('@', at + 1)) {
    let start = at;
    // (a table lookup per character: a regular-expression test per character cost ~200 instructions)
    while (start > 0 && at - start < 256 && LOCAL_CHARS[text.charCodeAt(start - 1)] === 1) start--;
    if (start === at) continue;
    const dom = DOMAIN_RE.exec(text.slice(at + 1, at + 256));
    if (!dom) continue;
    out.push(text.slice(start, at + 1 + dom[0].length));
  }
  return out;
}

/** The first email address in a text (angle brackets, quotes and mailto: removed), or ''. */
export function findAddress(text: string): string {
  const a = findAddresses(text, 1)[0];
  return a ? cleanAddress(a) : '';
}

/** Lower-cases the domain, strips brackets, quotes and trailing dots. */
export function cleanAddress(a: string): string {
  let s = a.trim().replace(/^(?:rfc822;|mailto:)/i, '').replace(/^[<"'([]+|[>"')\].,;:]+$/g, '').trim();
  const at = s.lastIndexOf('@');
  if (at > 0) s = `${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`;
  return s;
}

/** True for a plausible mailbox address. */
export function isAddress(s: string): boolean {
  return /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(s);
}
