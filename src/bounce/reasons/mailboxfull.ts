/** @module bounce/reasons/mailboxfull: the recipient mailbox is over quota (soft). */
import { from, table } from './phrase.js';

export default table(
  'mailboxfull',
  from('Postfix, Dovecot LDA/LMTP, Courier, Exim appendfile, qmail-toaster', [
    'mailbox full', 'mailbox is full', 'over quota', 'overquota', 'maildir over quota', 'mailbox over quota',
    'disk quota exceeded', 'disc quota exceeded', 'mailbox size limit exceeded', 'user over quota', 'is over quota',
    // a storage quota; not a sending quota ("daily message quota exceeded", Amazon SES and
    // Gmail's "daily user sending quota exceeded", Microsoft's "submission quota exceeded")
    /(?<!(?:sending|submission|message|recipient|relay|daily|hourly) )quota exceed/,
    'exceeded storage allocation',
    'maildir delivery failed: userdisk quota ', 'maildir delivery failed: domaindisk quota ', 'mailbox quota usage exceeded',
  ]),
  from('Sisimai 4.25.15 Reason/MailboxFull', [
    'account disabled temporarly for exceeding receiving limits', 'account is exceeding their quota', 'account is over quota',
    'account is temporarily over quota', 'boite du destinataire pleine', 'delivery failed: over quota', 'does not have enough space',
    'exceeding its mailbox quota', 'full mailbox', 'is over disk quota', 'is over quota temporarily',
    'mail file size exceeds the maximum size allowed for mail delivery', 'mail quota exceeded', 'mailbox exceeded the local limit',
    'mailbox has exceeded its disk space limit', 'mailfolder is full', 'not enough storage space in', 'over the allowed quota',
    'quota violation for', 'recipient reached disk quota', 'recipient rejected: mailbox would exceed maximum allowed storage',
    'the recipient mailbox has exceeded its disk space limit', 'the user\'s space has been used up',
    'the user you are trying to reach is over quota', 'too much mail data', 'user has exceeded quota, bouncing mail',
    'user has too many messages on the server', 'user is over quota', 'user is over the quota', 'user over quota. (#5.1.1)',
    'was automatically rejected: quota exceeded', 'would be over the allowed quota',
  ]),
  from('Amazon SES bounce subtypes (notification contents)', ['amazon ses bounce: transient/mailboxfull']),
  from('Google, Microsoft, Yahoo, Apple reply texts', [
    'the email account that you tried to reach is over quota', 'the recipient\'s mailbox is full', 'mailbox is over quota',
    'recipient\'s mailbox is full', 'the mailbox is full', 'out of storage', 'inbox is out of storage space', 'mailbox exceeds allowed size',
    'over the storage limit', 'storage quota',
  ]),
);
