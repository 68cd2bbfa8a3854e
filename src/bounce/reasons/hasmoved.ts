/** @module bounce/reasons/hasmoved: the recipient moved and left a forwarding hint (hard). */
import { from, table } from './phrase.js';

export default table(
  'hasmoved',
  from('Sisimai 4.25.15 Reason/HasMoved; qmail-send ("has been replaced by")', [' has been replaced by ']),
  from('Sendmail 251/551 user not local texts', [/user has moved to/, /has moved to [^ ]+@/, 'please try <', 'address has changed', /mailbox has moved/]),
);
