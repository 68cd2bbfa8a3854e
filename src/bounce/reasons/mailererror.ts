/** @module bounce/reasons/mailererror: the local delivery program failed (soft). */
import { from, table } from './phrase.js';

export default table(
  'mailererror',
  from('Sisimai 4.25.15 Reason/MailerError; Postfix pipe(8)/local(8) "Command output", Sendmail prog mailer, Exim pipe transport', [
    /^procmail: /, /bin\/(?:procmail|maildrop)/, 'command failed: ', /command died with status \d+/, 'command output:', /exit \d+/, 'mailer error',
    /pipe to \|\/[^ ]+/, /x-unix; \d+/, 'unknown mailer error', 'mail delivery agent', 'local delivery failed', 'delivery program',
    'child process', 'exited with', 'returned exit status', 'service unavailable. command output',
  ]),
);
