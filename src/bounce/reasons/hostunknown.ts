/** @module bounce/reasons/hostunknown: the recipient domain does not exist (hard bounce). */
import { from, table } from './phrase.js';

export default table(
  'hostunknown',
  from('Postfix smtp(8)/smtpd(8), Sendmail, Exim, qmail, Courier', [
    'host or domain name not found', 'domain not found', /host [^ ]+ not found/, 'name or service not known', 'no such domain',
    'unknown host', 'host unknown', 'unrouteable mail domain', 'domain does not exist', 'recipient domain must exist',
    'domain must exist', 'unknown domain', 'sorry, i couldn\'t find any host named', 'sorry, i couldn\'t find any host by that name',
    /all relevant mx records point to non-existent hosts/, 'no mx or a record for', 'domain name not found', 'unroutable address',
    'unrouteable address', 'mx lookup failed',
  ]),
  from('Sisimai 4.25.15 Reason/HostUnknown', [
    'domain is not reachable', 'host unreachable', 'mail domain mentioned in email address is unknown',
    'recipient address rejected: unknown domain name', 'the account or domain may not exist', /553 [^ ]+ does not exist/,
    'name server: .: host not found',
  ]),
  from('Microsoft Exchange / Office 365 NDR', ['smtpsend.dns.nonexistentdomain','dns query failed', 'the domain name in the email address is incorrect', 'resolver.adr.baddomain']),
  from('RFC 5321 4.2.3 wording used by many MTAs', ['bad destination system address']),
);
