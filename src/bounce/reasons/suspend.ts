/** @module bounce/reasons/suspend: the mailbox exists but is disabled or suspended (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'suspend',
  from('Sisimai 4.25.15 Reason/Suspend', [
    ' is currently suspended', ' temporary locked', 'boite du destinataire archivee', 'email account that you tried to reach is disabled',
    'has been suspended', 'invalid/inactive user', 'is a deactivated mailbox', 'mailbox currently suspended', 'mailbox is frozen',
    'mailbox unavailable or access denied', 'recipient rejected: temporarily inactive', 'recipient suspend the service',
    'this account has been disabled or discontinued', 'this mailbox is disabled', 'user suspended', 'vdelivermail: account is locked email bounced',
  ]),
  from('Google, Yahoo, Microsoft, Zoho, QQ, mail.ru reply texts', [
    'the email account that you tried to reach is disabled', 'account is disabled', 'account has been disabled', 'mailbox disabled',
    'account disabled', 'user account disabled', 'account is inactive', 'account inactive', 'inactive account', 'mailbox is inactive',
    'mailbox inactive', 'account has been suspended', 'account suspended', 'account is suspended', 'this account has been blocked',
    'account is locked', 'account locked', 'mailbox is locked', 'recipient account is disabled',
    'user account is expired', 'this mailbox has been blocked due to inactivity', 'account has been temporarily frozen',
    'not an active address', 'dormant account', 'is no longer active', 'account expired', 'account is expired',
    'mailbox has been deactivated', 'this user is inactive', 'the user(s) account is disabled', 'no longer in use',
  ]),
  weak('generic wording', ['is disabled', 'has been disabled', 'is not active', 'inactive']),
);
