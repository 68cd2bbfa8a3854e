/**
 * @module core/stage
 * The one list of steps every diagnosis is made of. A finding names the stage it belongs to;
 * a report's verdict names the stage that failed. Protocols share the connection stages
 * (resolve, connect, greeting, starttls, tls, auth) and add their own.
 */
export const STAGES = [
  // input and set-up
  'input',
  'discovery',
  // network
  'resolve',
  'connect',
  'greeting',
  // SMTP dialogue
  'ehlo',
  'starttls',
  'tls',
  'auth',
  'mail-from',
  'rcpt-to',
  'data',
  'quit',
  // IMAP / POP3 / ManageSieve dialogue
  'capability',
  'list',
  'select',
  'stat',
  'logout',
  // DNS and domain checks
  'dns',
  'mx',
  'ptr',
  'spf',
  'dkim',
  'dmarc',
  'mta-sts',
  'tlsrpt',
  'reputation',
  'client-settings',
  // messages, mailboxes, rules, queue
  'message',
  'bounce',
  'mailbox',
  'sieve',
  'queue',
] as const;

export type Stage = (typeof STAGES)[number];

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}
