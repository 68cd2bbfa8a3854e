/** @module bounce/reasons/securityerror: a security requirement failed (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'securityerror',
  from('Sisimai 4.25.15 Reason/SecurityError', [
    'account not subscribed to ses', 'authentication credentials invalid', 'authentication failure', /authentication failed; server [^ ]+ said:/,
    'authentication required', 'authentication turned on in your email client', /authentification requise.+[0-9a-z_]+402/,
    /codes? d'? *authentification invalide.+[0-9a-z_]+305/, /domain [^ ]+ is a dead domain/, 'executable files are not allowed in compressed files',
    'sorry, you don\'t authenticate or the domain isn\'t in my list of allowed rcpthosts', 'unauthenticated senders not allowed',
    /user [^ ]+ is not authorized to perform ses:sendrawemail on resource/, 'you are not authorized to send mail, authentication is required',
    'verification failure',
  ]),
  from('Amazon SES bounce subtypes (notification contents)', ['amazon ses bounce: transient/attachmentrejected']),
  from('SMTP AUTH failures (RFC 4954 5.7.8, 5.7.0) as worded by Postfix, Exchange, Gmail', [
    'authentication failed', 'authentication unsuccessful', 'smtp auth', 'sasl authentication', 'must authenticate', 'authentication is required',
    'username and password not accepted', 'invalid credentials', 'not authenticated', 'resolver.rst.authrequired',
  ]),
  weak('generic wording', ['not authorized', 'unauthorized', 'permission denied']),
);
