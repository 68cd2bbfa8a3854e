/**
 * @module probes/smtp/message
 * The message sent with --send: a small, clearly labelled test message (Date, Message-ID,
 * Subject "maildoctor test message", Auto-Submitted: auto-generated so that vacation
 * responders stay quiet, X-Mailer), or the user's own file with --data. Either way the
 * message is turned into DATA wire form: CRLF line ends (bare LF and bare CR normalised, as
 * Exchange refuses bare LF with 5.6.11), dot-stuffed (RFC 5321 4.5.2), ended by CRLF.CRLF.
 */
import { nodeCrypto } from '../../core/builtins.js';
import { hostname } from 'node:os';
import { VERSION } from '../../core/version.js';

export interface TestMessageInput {
  from: string;
  to: string[];
  /** host part of the Message-ID (default: the sender's domain) */
  idDomain?: string;
  date?: Date;
  server?: string;
}

/** RFC 5322 date-time in UTC ("Sun, 22 Nov 2026 15:04:05 +0000"). */
export function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

export function buildTestMessage(m: TestMessageInput): { text: string; messageId: string } {
  const domain = m.idDomain ?? (m.from.includes('@') ? m.from.slice(m.from.lastIndexOf('@') + 1) : hostname() || 'localhost');
  const messageId = `<maildoctor.${Date.now().toString(36)}.${nodeCrypto().randomBytes(6).toString('hex')}@${domain}>`;
  const date = m.date ?? new Date();
  const lines = [
    `Date: ${rfc5322Date(date)}`,
    `From: <${m.from}>`,
    `To: ${m.to.map((t) => `<${t}>`).join(', ')}`,
    `Message-ID: ${messageId}`,
    'Subject: maildoctor test message',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    'Auto-Submitted: auto-generated',
    `X-Mailer: maildoctor ${VERSION}`,
    '',
    'This is a test message sent by maildoctor, a mail diagnosis tool, to check that',
    `this account can send mail${m.server ? ` through ${m.server}` : ''}.`,
    '',
    'You can delete it. Nobody needs to reply.',
  ];
  return { text: `${lines.join('\r\n')}\r\n`, messageId };
}

/** Normalises line ends to CRLF and dot-stuffs, then appends the end-of-data marker. */
export function toDataWire(message: Buffer): Buffer {
  const text = message.toString('latin1'); // byte-preserving
  const normalised = text.replace(/\r\n|\r|\n/g, '\r\n');
  const withEnd = normalised.endsWith('\r\n') || normalised.length === 0 ? normalised : `${normalised}\r\n`;
  const stuffed = withEnd.replace(/^\./gm, '..');
  return Buffer.from(`${stuffed}.\r\n`, 'latin1');
}

/** Size of the message as the server will count it (CRLF line ends, before dot-stuffing). */
export function messageSize(message: Buffer): number {
  const text = message.toString('latin1');
  return Buffer.byteLength(text.replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}

/** The header block of a message (for the transcript), at most `max` lines. */
export function headerLines(message: Buffer, max = 30): string[] {
  const text = message.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  return head.split(/\r?\n/).slice(0, max);
}
