/** @module bounce/reasons/suppressed: the address is on the sender service's suppression list (soft). */
import { from, table } from './phrase.js';

export default table(
  'suppressed',
  from('Amazon SES, SendGrid, Mailgun, Postmark suppression texts', [
    'suppression list', 'has suppressed sending to this address', 'address is suppressed', 'on the account-level suppression list',
    'recipient is suppressed', 'previously bounced', 'suppressed address', 'address is on the suppression', 'in the suppression list',
  ]),
  from('Amazon SES bounce subtypes (notification contents)', ['amazon ses bounce: permanent/suppressed', 'amazon ses bounce: permanent/onaccountsuppressionlist']),
);
