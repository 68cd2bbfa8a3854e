/** @module bounce/reasons/vacation: an automatic reply (soft, not a failure). */
import { from, table } from './phrase.js';

export default table(
  'vacation',
  from('Sisimai 4.25.15 Reason/Vacation; vacation(1), Sieve vacation (RFC 5230), Exchange OOF texts', [
    'i am away on vacation', 'i am away until', 'i am out of the office', 'i will be traveling for work on', 'out of office', 'out of the office',
    'on vacation', 'on holiday', 'on leave', 'away from the office', 'automatic reply', 'auto-reply', 'autoreply', 'i am currently away',
    'i\'m currently away', 'i will be out', 'i\'ll be out', 'limited access to email', 'i am out', 'i\'m out', 'abwesend', 'absence',
  ]),
);
