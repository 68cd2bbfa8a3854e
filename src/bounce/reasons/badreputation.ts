/** @module bounce/reasons/badreputation: the sending IP or domain has a poor reputation (soft). */
import { from, table } from './phrase.js';

export default table(
  'badreputation',
  from('Google (421/550 5.7.1 reputation texts)', [
    'likely suspicious due to the very low reputation', 'very low reputation of the sending', 'has been temporarily rate limited due to ip reputation',
    'low reputation of the sending domain', 'low reputation of the sending ip',
  ]),
  from('Microsoft, Yahoo, Cloudmark, Proofpoint, other receivers', [
    'ip/domain reputation problems', 'poor email reputation score', 'sending mta\'s poor reputation', 'poor reputation', 'bad reputation',
    'low reputation', 'reputation is too low', 'ip reputation', 'sender reputation', 'domain reputation', 'reputation score',
    'rejected due to reputation', 'senderscore', 'sender score', 'temporarily deferred due to unexpected volume or user complaints',
  ]),
);
