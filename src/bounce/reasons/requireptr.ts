/** @module bounce/reasons/requireptr: the sending IP has no valid reverse DNS (PTR) name (soft). */
import { from, table } from './phrase.js';

export default table(
  'requireptr',
  from('Postfix reject_unknown_client_hostname / reject_unknown_reverse_client_hostname', [
    'client host rejected: cannot find your hostname', 'client host rejected: cannot find your reverse hostname',
    'cannot find your hostname', 'cannot find your reverse hostname',
  ]),
  from('Exim, Sendmail, Courier reverse-DNS checks', [
    'reverse dns lookup failed', 'reverse lookup failed', 'no reverse dns', 'reverse dns failed', 'reverse dns required',
    'reverse dns lookup for host', 'failed reverse dns', 'reverse dns entry', 'does not have a reverse dns', 'no ptr record',
    'ptr record', 'rdns', 'reverse dns', 'reverse-dns', 'dns ptr', 'ip name lookup failed', 'unresolvable relay host name',
    'the corresponding forward dns entry does not point to the sending ip', 'your reverse dns', 'fcrdns', 'reverse hostname',
    'generic dns ptr-records', 'hosts with dynamic ip or generic dns', 'host name does not match', 'hostname does not match',
    'does not resolve to your ip', 'did not resolve to', 'reverse dns does not match', 'reverse mapping', 'reverse lookup',
  ]),
  from('Sisimai 4.25.15 Reason/Blocked (PTR phrases, moved to RequirePTR in Sisimai 5)', [
    'access denied. ip name lookup failed', 'all mail servers must have a ptr record with a valid reverse dns entry',
    'bad dns ptr resource record', 'fix reverse dns for', 'ips with missing ptr records', 'no ptr record found.',
    'please get a custom reverse dns name from your isp for your host', 'ptr record setup', 'sender ip reverse lookup rejected',
    /server access [^ ]+ forbidden by invalid rdns record of your mail server/,
    'this system will not accept messages from servers/devices with no reverse dns', /service permits \d+ unverifyable sending ips/,
    'we do not accept mail from hosts with dynamic ip or generic dns ptr-records',
  ]),
);
