/** @module bounce/reasons/filtered: refused by the recipient's own filter or settings (soft). */
import { from, table } from './phrase.js';

export default table(
  'filtered',
  from('Dovecot LDA/LMTP rejection notice (Pigeonhole Sieve "reject", RFC 5429); a quota rejection says "quota exceeded" (mailboxfull, checked first)', [
    'was automatically rejected:',
  ]),
  from('Sisimai 4.25.15 Reason/Filtered', [
    'because the recipient is only accepting mail from specific email addresses', 'bounced address',
    'due to extended inactivity new mail is not currently being accepted for this mailbox', 'has restricted sms e-mail',
    'is not accepting any mail', 'message rejected due to user rules', 'not found recipient account', 'refused due to recipient preferences',
    'resolver.rst.notauthorized', 'this account is protected by', 'user reject', 'you have been blocked by the recipient',
    'we failed to deliver mail because the following address recipient id refuse to receive mail',
  ]),
  from('Microsoft Exchange, Google Groups, mailing list managers', [
    'restricted to accept mail only from', 'isn\'t allowed to send to', 'is not allowed to send to this', 'does not accept mail from you',
    'only accepts mail from', 'rejected by recipient', 'message filtered', 'each of the following recipients was rejected by a remote mail server', 'recipient has blocked', 'blocked by the recipient', 'recipient is not accepting mail from',
    'sender is blocked by the recipient', 'delivery not authorized, message refused: sender blocked',
  ]),
);
