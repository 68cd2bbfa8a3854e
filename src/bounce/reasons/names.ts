/**
 * @module bounce/reasons/names
 * The reason vocabulary: Sisimai's 34 reason names (v5), so results compare with the tool the
 * field knows, each with its catalog cause and its hard/soft rule.
 *
 * Hard bounce (resending can never work): userunknown, hostunknown, hasmoved always; notaccept
 * when permanent (5.x.x: a null MX or a domain without mail service), not when temporary.
 * Everything else is soft: the same message may be delivered after the sender, the recipient or
 * an administrator acts, or later. This follows Sisimai's hardbounce rule.
 */

export const REASON_NAMES = [
  'authfailure', 'badreputation', 'blocked', 'contenterror', 'delivered', 'emailtoolarge',
  'expired', 'failedstarttls', 'feedback', 'filtered', 'hasmoved', 'hostunknown', 'mailboxfull',
  'mailererror', 'networkerror', 'norelaying', 'notaccept', 'notcompliantrfc', 'onhold',
  'policyviolation', 'ratelimited', 'rejected', 'requireptr', 'securityerror', 'spamdetected',
  'suppressed', 'suspend', 'syntaxerror', 'systemerror', 'systemfull', 'undefined',
  'userunknown', 'vacation', 'virusdetected',
] as const;

export type ReasonName = (typeof REASON_NAMES)[number];

export interface ReasonInfo {
  /** catalog cause id */
  cause: string;
  /** 'always' | 'never' | 'permanent' (hard only when the status class is 5) */
  hard: 'always' | 'never' | 'permanent';
  /** one line, for docs and --help */
  summary: string;
}

export const REASONS: Record<ReasonName, ReasonInfo> = {
  authfailure: { cause: 'sender-authentication-failed', hard: 'never', summary: 'SPF, DKIM or DMARC check of the sender failed' },
  badreputation: { cause: 'sender-reputation-bad', hard: 'never', summary: 'the sending IP or domain has a poor reputation at the receiver' },
  blocked: { cause: 'client-blocked', hard: 'never', summary: 'the sending server (its IP address) is blocked or blocklisted' },
  contenterror: { cause: 'content-error', hard: 'never', summary: 'the message content or format was refused (media, encoding, header)' },
  delivered: { cause: 'delivery-succeeded', hard: 'never', summary: 'delivered (positive delivery status notification)' },
  emailtoolarge: { cause: 'message-too-large', hard: 'never', summary: 'the message exceeds a size limit' },
  expired: { cause: 'delivery-expired', hard: 'never', summary: 'delivery was retried until the queue lifetime expired' },
  failedstarttls: { cause: 'delivery-tls-failed', hard: 'never', summary: 'STARTTLS was required or failed between the servers' },
  feedback: { cause: 'feedback-report', hard: 'never', summary: 'a feedback (ARF) report: a recipient complained or an auth failure was reported' },
  filtered: { cause: 'recipient-filtered', hard: 'never', summary: 'refused by the recipient\'s own filter or settings' },
  hasmoved: { cause: 'recipient-moved', hard: 'always', summary: 'the recipient has moved; the address no longer exists' },
  hostunknown: { cause: 'recipient-domain-unknown', hard: 'always', summary: 'the recipient domain does not exist or has no mail server' },
  mailboxfull: { cause: 'mailbox-full', hard: 'never', summary: 'the recipient mailbox is full' },
  mailererror: { cause: 'mailer-error', hard: 'never', summary: 'the local delivery program on the receiving side failed' },
  networkerror: { cause: 'delivery-network-error', hard: 'never', summary: 'a DNS or network error, or a mail loop, between the servers' },
  norelaying: { cause: 'relay-denied', hard: 'never', summary: 'relaying was refused' },
  notaccept: { cause: 'domain-not-accepting-mail', hard: 'permanent', summary: 'the recipient domain accepts no mail (null MX, no mail service)' },
  notcompliantrfc: { cause: 'message-not-compliant', hard: 'never', summary: 'the message violates the message format RFCs (duplicate or malformed headers)' },
  onhold: { cause: 'delivery-on-hold', hard: 'never', summary: 'the failure could not be classified with certainty' },
  policyviolation: { cause: 'policy-violation', hard: 'never', summary: 'refused by a policy of the receiving organisation' },
  ratelimited: { cause: 'rate-limited', hard: 'never', summary: 'too many connections or messages: rate limited' },
  rejected: { cause: 'sender-rejected', hard: 'never', summary: 'the envelope sender (MAIL FROM) was rejected' },
  requireptr: { cause: 'reverse-dns-required', hard: 'never', summary: 'the sending IP address has no valid reverse DNS (PTR) name' },
  securityerror: { cause: 'security-error', hard: 'never', summary: 'a security requirement failed (authentication, encryption, credentials)' },
  spamdetected: { cause: 'spam-detected', hard: 'never', summary: 'the message was judged to be spam' },
  suppressed: { cause: 'recipient-suppressed', hard: 'never', summary: 'the address is on the sending service\'s suppression list' },
  suspend: { cause: 'recipient-suspended', hard: 'never', summary: 'the recipient mailbox is suspended or disabled' },
  syntaxerror: { cause: 'smtp-syntax-error', hard: 'never', summary: 'the sending server made an SMTP syntax error' },
  systemerror: { cause: 'remote-system-error', hard: 'never', summary: 'the receiving system had an error or is misconfigured' },
  systemfull: { cause: 'remote-system-full', hard: 'never', summary: 'the receiving system\'s disk or queue is full' },
  undefined: { cause: 'bounce-reason-unknown', hard: 'never', summary: 'a bounce without any usable reason' },
  userunknown: { cause: 'recipient-unknown', hard: 'always', summary: 'the recipient address does not exist' },
  vacation: { cause: 'auto-reply', hard: 'never', summary: 'an automatic reply (vacation, out of office)' },
  virusdetected: { cause: 'virus-detected', hard: 'never', summary: 'a virus or malware was found in the message' },
};

export function isReasonName(s: string): s is ReasonName {
  return (REASON_NAMES as readonly string[]).includes(s);
}
