/** @module bounce/reasons/notcompliantrfc: the message violates RFC 5322 (soft). */
import { from, table } from './phrase.js';

export default table(
  'notcompliantrfc',
  from('fml mailing list manager loop alerts', ['duplicated message-id']),
  from('Google 5.7.1 "not RFC 5322 compliant", Microsoft, Yahoo, Postfix/Exim header checks (RFC 5322 3.6)', [
    'rfc 5322', 'rfc5322', 'rfc 2822', 'rfc2822', 'rfc 822', 'rfc822 compliant', 'not rfc compliant', 'not rfc-compliant', 'rfc compliance',
    'is not compliant with', 'non-compliant', 'noncompliant', 'duplicate header', 'multiple from headers', 'multiple subject headers',
    'multiple date headers', 'multiple message-id', 'multiple to headers', 'more than one from', 'missing a valid address in from',
    'missing from header', 'no from header', 'missing date header', 'missing message-id', 'malformed header', 'invalid header',
    'header is malformed', 'bad header', 'header syntax', 'header contains', 'header line', 'messages with multiple addresses',
    'from: header', 'from header', 'header field',
  ]),
);
