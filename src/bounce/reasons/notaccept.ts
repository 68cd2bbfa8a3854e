/** @module bounce/reasons/notaccept: the recipient domain accepts no mail (hard when permanent). */
import { from, table } from './phrase.js';

export default table(
  'notaccept',
  from('Sisimai 4.25.15 Reason/NotAccept', [
    'does not accept mail (nullmx)', 'host/domain does not accept mail', 'host does not accept mail',
    'no mx record found for domain=', 'no route for current request',
  ]),
  from('RFC 7505 null MX texts (Postfix "nullmx", Exim, Google), domains without mail service', [
    'null mx', 'nullmx', 'does not accept mail', 'does not accept email', 'accepts no mail', 'not accepting mail', 'no mail service',
    'domain does not receive mail', 'domain does not accept', 'not configured to accept mail', 'mail is not accepted', 'mx record points to',
    'has no mx record', 'no mx record', 'no mx host', 'no valid mx', 'mx records are not valid', 'this domain does not send or receive',
    'an mx or srv record indicated no smtp service', 'no mx found for domain', 'i couldn\'t find a mail exchanger or ip address',
  ]),
);
