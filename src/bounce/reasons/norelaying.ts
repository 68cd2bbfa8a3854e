/** @module bounce/reasons/norelaying: relaying was refused (soft). */
import { from, table } from './phrase.js';

export default table(
  'norelaying',
  from('Postfix ("Relay access denied"), Sendmail ("Relaying denied"), Exim ("relay not permitted"), qmail rcpthosts', [
    'relay access denied', 'relaying denied', 'relay not permitted', 'relay denied', 'relaying not allowed', 'relaying mail to ',
    'unable to relay', 'not permitted to relay', 'we do not relay', 'relay prohibited', 'no relaying', 'relay not allowed',
    'relaying is prohibited', 'not allowed to relay', 'relaying disallowed', 'relay access is denied',
  ]),
  from('Sisimai 4.25.15 Reason/NoRelaying', [
    'as a relay', 'insecure mail relay', 'is not permitted to relay through this server without authentication',
    'mail server requires authentication when attempting to send to a non-local e-mail address', 'not a gateway',
    'not allowed to relay through this machine', 'not an open relay, so get lost', 'not local host',
    'that domain isn\'t in my list of allowed rcpthost', 'this system is not configured to relay mail', 'unable to relay for',
    'we don\'t handle mail for',
  ]),
  from('Amazon SES: the relay refuses identities not verified in the account', [
    'message rejected: email address is not verified', 'email address is not verified. the following identities failed the check',
  ]),
);
