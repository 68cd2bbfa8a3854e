/** @module bounce/reasons/authfailure: SPF, DKIM or DMARC check of the sender failed (soft). */
import { from, table } from './phrase.js';

export default table(
  'authfailure',
  from('RFC 7208 (SPF) / RFC 6376 (DKIM) / RFC 7489 (DMARC) failures as worded by Postfix policyd-spf, Exim, Sendmail milters', [
    'spf check failed', 'spf validation failed', 'spf fail', 'spf check: fail', 'spf: fail', 'failed spf', 'spf record',
    'sender policy framework', 'is not designated to send', 'not permitted by domain', 'is not permitted to send', 'is not allowed to send mail from',
    'is not allowed to send from', 'not authorized to send on behalf of', 'spf violation', 'spf softfail', 'spf hardfail',
    'dkim signature', 'dkim verification', 'dkim validation', 'failed dkim', 'dkim check failed', 'dkim fail', 'no valid dkim',
    'dmarc policy', 'dmarc check', 'dmarc fail', 'failed dmarc', 'dmarc validation', 'due to dmarc', 'dmarc reject', 'dmarc rejection',
    'doesn\'t pass dmarc', 'does not pass dmarc', 'unauthenticated email', 'sender authentication failed', 'authentication checks failed',
    'failed authentication checks', 'sender not authenticated', 'could not be authenticated', 'email authentication',
    /domain [^ ]+ mismatches client ip/, 'spf.pobox.com/why.html', 'please inspect your spf settings',
    /is not allowed to send (?:mail from|from <[^ ]+> per it's spf record)/, /spf: [^ ]+ is not allowed to send mail\. [a-z0-9]_401/,
    'spf (sender policy framework) domain authentication fail', 'rejected because the sending mta or the sender has not passed validation',
  ]),
  from('Google 5.7.26 / Microsoft 5.7.509 / Yahoo texts', [
    'unauthenticated email from', 'this message does not have authentication information', 'does not pass authentication checks',
    'fails to pass authentication checks', 'has a dmarc policy', 'access denied, sending domain', 'does not pass dmarc verification',
    'sender is unauthenticated',
  ]),
);
