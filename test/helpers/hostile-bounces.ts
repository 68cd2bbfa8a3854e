/**
 * @module test/helpers/hostile-bounces
 * Bounces built to make a decoder's expression do the most work: a phrase it starts with,
 * repeated without what ends it, after the opening of the notice that decoder reads. Each names
 * one recipient, u@example.com. Read by src/bounce/fuzz.test.ts (the recipient is still found)
 * and timed by bench/bounce-hostile.ts (each under 1 s).
 */

/** `unit` repeated over `bytes`, in lines of at most 2,000 characters (readBounce cuts at 2,048). */
export function lines(unit: string, bytes: number): string {
  const line = `${unit.repeat(Math.max(1, Math.floor(2000 / unit.length)))}\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

const EXIM = 'From: Mail Delivery System <Mailer-Daemon@example.org>\nSubject: Mail delivery failed\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  u@example.com\n';
/** The opening of a Postfix notice, up to its recipient's "<u@example.com>: ". */
export const POSTFIX_OPENING = 'From: MAILER-DAEMON@example.org (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.org.\n\n<u@example.com>: ';

/** The decoder phrases whose expressions were quadratic (before session 7): name, opening, phrase. */
export const REPEATED_PHRASES: ReadonlyArray<{ name: string; opening: string; phrase: string }> = [
  { name: 'Exim, "(generated from" without ")"', opening: EXIM, phrase: '(generated from ' },
  { name: 'Exim, "host a[" without "]"', opening: EXIM, phrase: 'host a[' },
  { name: 'InterScan, "Unable to deliver message to <" without ">"', opening: 'From: postmaster@example.org\nSubject: Mail could not be delivered\n\nMessage from InterScan Messaging Security Suite\n\nu@example.com\n', phrase: 'Unable to deliver message to <' },
  { name: 'Postfix, "(in reply to" without " command)"', opening: POSTFIX_OPENING, phrase: '(in reply to ' },
];
