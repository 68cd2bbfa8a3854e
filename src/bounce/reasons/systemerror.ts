/** @module bounce/reasons/systemerror: the receiving system had an error or is misconfigured (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'systemerror',
  from('Sisimai 4.25.15 Reason/SystemError', [
    'aliasing/forwarding loop broken', 'can\'t create user output file', 'could not load drd for domain', 'internal error reading data',
    'internal server error: operation now in progress', 'interrupted system call', 'it encountered an error while being processed',
    'it would create a mail loop', 'local configuration error', 'local error in processing', 'loop was found in the mail exchanger',
    'loops back to myself', 'queue file write error', 'mail system configuration error', 'remote server is misconfigured',
    'server configuration error', 'service currently unavailable', 'system config error', 'temporary local problem',
    'timeout waiting for input', 'transaction failed',
  ]),
  from('Postfix, Exim, Dovecot, Exchange internal-error texts', [
    'resolver.adr.badprimary', 'resolver.adr.invalidinsmtp', 'resolver.adr.ambiguous', 'internal error', 'internal server error', 'system error', 'configuration error', 'server error', 'temporary server error',
    'insufficient system resources',
    'cannot process', 'unable to process', 'misconfigured', 'mail system problem', 'local problem', 'unexpected error',
  ]),
  weak('generic wording', ['temporary failure', 'try again later', 'resources temporarily unavailable']),
);
