/** @module bounce/reasons/expired: delivery retried until the queue lifetime ran out (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'expired',
  from('Sisimai 4.25.15 Reason/Expired', [
    'connection timed out', 'could not find a gateway for', 'delivery attempts will continue to be', 'delivery time expired',
    'failed to deliver to domain ', 'giving up on', 'have been failing for a long time', 'has been delayed', 'it has not been collected after',
    'message expired after sitting in queue for', 'message expired, connection refulsed', 'message timed out',
    'retry time not reached for any host after a long failure period', 'server did not respond', 'this message has been in the queue too long',
    'unable to deliver message after multiple retries', 'was not reachable within the allowed queue period',
    'your message could not be delivered for more than',
  ]),
  from('Postfix maximal_queue_lifetime, Exim retry timeout, Sendmail Timeout.queuereturn, qmail queuelifetime, Exchange texts', [
    'message expired', 'retry timeout exceeded', 'retry time not reached', 'queue lifetime', 'too long in queue', 'in the queue too long',
    'could not be delivered within', 'cannot be delivered within', 'delivery has been delayed', 'delivery is delayed', 'delayed mail',
    'has not yet been delivered', 'not yet been delivered', 'still trying', 'will keep trying', 'will continue trying',
    'delivery expired', 'message has expired', 'expired after', 'timeout expired', 'time limit exceeded', 'no answer from host',
    'was not delivered within', 'i\'m not going to try again; this message has been in the queue too long', 'deferred for too long',
    'queued too long', 'warning: message still undelivered', 'envelope expired', 'host not reachable', 'queue.expired', /could not deliver for the last \d+ seconds/,
  ]),
  weak('generic wording', ['timed out', 'have been unable to deliver', 'timeout']),
);
