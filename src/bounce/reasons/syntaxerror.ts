/** @module bounce/reasons/syntaxerror: the sending server made an SMTP syntax error (soft). */
import { from, table } from './phrase.js';

export default table(
  'syntaxerror',
  from('RFC 5321 500/501/502/503/504 reply texts (Postfix, Sendmail, Exim)', [
    'syntax error', 'command not recognized', 'command unrecognized', 'unrecognized command', 'bad sequence of commands',
    'command not implemented', 'parameter not implemented', 'invalid command', 'line too long', 'unknown command', 'bad syntax',
  ]),
);
