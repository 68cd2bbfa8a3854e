/**
 * @module catalog/causes/smtp — SMTP dialogue failures, as real servers word them
 * (Postfix, Exim, Exchange/Office 365, Gmail). Classification lives in probes/smtp/classify.ts.
 */
import type { CauseDef } from '../types.js';

export const smtpCauses: CauseDef[] = [
  {
    id: 'service-unavailable',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} is not accepting connections now: {reply|421/554 at greeting}',
    explanation:
      'The server greeted with a refusal (421 or 554 without a block reason): it is shutting down, overloaded, in maintenance, or does not provide mail service to anyone on this port.',
    remedies: ['Try again later.', 'Ask the server\'s administrator whether the service is in maintenance or overloaded.'],
    temporary: true,
    references: ['RFC 5321 section 3.1'],
  },
  {
    id: 'too-many-connections',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} refuses more connections from this client: {reply|too many connections}',
    explanation:
      'The server limits concurrent connections per client address or account (Postfix anvil, Exchange Online "432 4.3.2 Concurrent connections limit exceeded"). Applications that open a connection per message, or scanners, hit this limit.',
    remedies: [
      'Reuse one connection for several messages (connection pooling) and cap concurrency per server.',
      'Wait a few minutes and retry with back-off.',
    ],
    temporary: true,
  },
  {
    id: 'client-blocked',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} blocks this client (address {clientIp|of this machine}): {reply|access denied}',
    explanation:
      'The server refuses this client\'s IP address: it is on a DNS blocklist (Spamhaus, Barracuda, ...), has no or a generic reverse DNS name, belongs to a dynamic or residential range, or is banned by the server\'s own policy.',
    remedies: [
      'Read the reply text: it usually names the blocklist or the rule (e.g. "blocked using zen.spamhaus.org").',
      'Look the address up on the named blocklist and follow its removal procedure after fixing the cause (compromised account, open relay, spam).',
      'Give the sending address a reverse DNS (PTR) name that resolves back to it.',
      'Send through your provider\'s authenticated submission server (587/465) instead of directly.',
    ],
  },
  {
    id: 'helo-rejected',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} rejected the EHLO/HELO name {ehlo|sent}: {reply|rejected}',
    explanation:
      'Servers reject greetings that are not a fully-qualified domain name, do not resolve, or claim to be the server itself (Postfix reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname).',
    remedies: [
      'Configure the client to greet with this machine\'s real fully-qualified host name (here: --ehlo NAME).',
      'Make that name resolve in DNS, ideally to the sending address.',
    ],
  },
  {
    id: 'sender-rejected',
    area: 'smtp',
    severity: 'error',
    title: 'The server refused the sender {from|address}: {reply|not allowed}',
    explanation:
      'The account may not send with this From/envelope address: the address is not owned by the logged-in user (Postfix reject_sender_login_mismatch "not owned by user"), requires login, or send-as permission is missing (Exchange SendAsDenied).',
    remedies: [
      'Send with the address of the account you log in with, or one of its aliases.',
      'Ask the administrator to grant send-as permission for {from|this address} to {user|your account}.',
      'Make sure the application authenticates before sending.',
    ],
  },
  {
    id: 'sender-address-invalid',
    area: 'smtp',
    severity: 'error',
    title: 'The sender address {from|given} is invalid or its domain does not exist: {reply|rejected}',
    explanation:
      'The server checked the envelope sender and refused it: malformed address, a domain without MX or A records (Postfix reject_unknown_sender_domain), or a domain with a null MX.',
    remedies: [
      'Check the sender address for typos.',
      'Make sure the sender domain exists in public DNS with an MX or A record.',
    ],
  },
  {
    id: 'relay-denied',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} will not relay mail to {rcpt|this recipient}: {reply|relay access denied}',
    explanation:
      'The server only accepts mail for its own domains from unauthenticated clients. You are not logged in (or the login is not recognised for relaying), or the domain\'s MX points to a server that does not host that domain.',
    remedies: [
      'Authenticate before sending (--user and a password); submission servers relay only for logged-in users.',
      'Use the submission port (587 or 465), not port 25.',
      'If this is the recipient domain\'s MX, check that the server lists the domain as local or relay domain (Postfix relay_domains/virtual_mailbox_domains; Exchange accepted domains).',
    ],
  },
  {
    id: 'recipient-unknown',
    area: 'smtp',
    severity: 'error',
    title: 'The recipient {rcpt|address} does not exist: {reply|user unknown}',
    explanation:
      'The receiving server has no mailbox for this address. Resending will not help.',
    remedies: [
      'Check the address for typos, and ask the recipient for the right one.',
      'Remove the address from mailing lists (it is a hard bounce).',
    ],
  },
  {
    id: 'mailbox-full',
    area: 'smtp',
    severity: 'error',
    title: 'The mailbox of {rcpt|the recipient} is full: {reply|over quota}',
    explanation: 'The recipient has used up their storage quota. Mail will be accepted again once they free space.',
    remedies: ['Contact the recipient by another channel so they free space.', 'Retry later.'],
    temporary: true,
  },
  {
    id: 'greylisted',
    area: 'smtp',
    severity: 'warning',
    title: 'Greylisted by {host|the server}: {reply|try again later}',
    explanation:
      'The server temporarily refuses mail from senders it has not seen before (greylisting). A correct sender retries after a few minutes and is then accepted; this is not an error in itself.',
    remedies: [
      'Nothing to fix: retry after 1 to 15 minutes; mail servers do so automatically.',
      'If mail is never accepted, make sure the sending application retries from the same IP with the same sender and recipient.',
    ],
    temporary: true,
  },
  {
    id: 'rate-limited',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} is rate-limiting this sender: {reply|too many messages}',
    explanation:
      'The account or client address sent more messages or recipients than the server allows per period (Gmail 4.7.28/5.4.5 daily limits, Exchange "5.2.2 submission quota exceeded", Postfix policy).',
    remedies: [
      'Slow down: spread sending over time and respect the provider\'s documented limits.',
      'For bulk mail, use a sending service made for it.',
      'If the account should not send that much, check it for compromise.',
    ],
    temporary: true,
  },
  {
    id: 'message-rejected',
    area: 'smtp',
    severity: 'error',
    title: 'The server refused the message content: {reply|rejected}',
    explanation:
      'After receiving the message the server rejected it: spam or virus filter, SPF/DKIM/DMARC authentication failure, or a content policy.',
    remedies: [
      'Read the reply text and enhanced status code: 5.7.x usually names the policy (DMARC, SPF, spam).',
      'Check the sending domain\'s SPF, DKIM and DMARC records (maildoctor domain DOMAIN).',
      'Remove suspicious content (URL shorteners, attachments types such as .exe) and try again.',
    ],
  },
  {
    id: 'message-too-large',
    area: 'smtp',
    severity: 'error',
    title: 'The message is larger than {host|the server} accepts{limit| }',
    explanation: 'The server\'s size limit (advertised with SIZE in its EHLO reply) is smaller than the message.',
    remedies: [
      'Send smaller attachments, or share large files by link.',
      'Server administrators: raise the size limit (Postfix message_size_limit) if appropriate.',
    ],
  },
  {
    id: 'smtp-temporary-failure',
    area: 'smtp',
    severity: 'error',
    title: '{host|The server} reported a temporary failure at {stage|this step}: {reply|4xx}',
    explanation:
      'The server could not handle the request right now (4xx reply) for a reason it did not specify further: local error, resource shortage, a lookup that timed out.',
    remedies: ['Try again later; mail servers retry such failures on their own.', 'If it persists, ask the administrator to check the server\'s logs.'],
    temporary: true,
  },
  {
    id: 'pipelining-violation',
    area: 'smtp',
    severity: 'error',
    title: 'The server reported a synchronisation (pipelining) error: {reply|synchronization error}',
    explanation:
      'The client sent commands before the server\'s reply (or before the greeting) on a server that does not allow it (Exim "SMTP synchronization error", Postfix "improper command pipelining").',
    remedies: ['Wait for each reply, or pipeline only when the server advertises PIPELINING (RFC 2920).'],
  },
];
