/** @module bounce/reasons/systemfull: the receiving system's disk or queue is full (soft). */
import { from, table } from './phrase.js';

export default table(
  'systemfull',
  from('Sisimai 4.25.15 Reason/SystemFull; Postfix "insufficient system storage"; Sendmail "Insufficient disk space"', [
    'mail system full', 'requested mail action aborted: exceeded storage allocation', 'insufficient system storage',
    'insufficient system resources', 'system storage', 'not enough system storage', 'mail queue full', 'queue is full', 'disk full',
    'file system full', 'no space left on device', 'insufficient disk space', 'not enough disk space',
  ]),
);
