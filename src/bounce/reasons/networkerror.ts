/** @module bounce/reasons/networkerror: DNS, network or routing error, or a mail loop (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'networkerror',
  from('Sisimai 4.25.15 Reason/NetworkError', [
    'could not connect and send the mail to', 'dns records for the destination computer could not be found', 'hop count exceeded - possible mail loop',
    'host is unreachable', 'host name lookup failure', 'host not found, try again', 'mail forwarding loop for ', 'malformed name server reply',
    'malformed or unexpected name server reply', 'maximum forwarding loop count exceeded', 'message looping', 'message probably in a routing loop',
    'no route to host', 'too many hops', 'unable to resolve route ', 'unrouteable mail domain',
  ]),
  from('Postfix, Exim, Sendmail, Exchange network and DNS texts', [
    'mail loop', 'loop detected', 'routing loop', 'too many received', 'loops back to', 'temporary failure in name resolution',
    'name server timeout', 'network is unreachable', 'no route', 'network error', 'smtpsend.dns.mxloopback', 'wasn\'t able to establish an smtp connection',
  ]),
  weak('generic network wording', [
    'dns lookup failure', 'dns error', 'dns failure', 'lookup failed', 'connection reset', 'lost connection', 'conversation with',
    'connection closed', 'broken pipe', 'could not connect', 'unable to connect', 'failed to connect', 'connect to ',
    'unreachable',
  ]),
);
