/**
 * @module catalog/causes/dns
 * The domain's mail routing in DNS: does the domain exist, where do its MX records point, do
 * the mail hosts' addresses have forward-confirmed reverse DNS. (`dns-failure` lives in
 * causes/network.ts.)
 */
import type { CauseDef } from '../types.js';

export const dnsCauses: CauseDef[] = [
  {
    id: 'domain-invalid',
    area: 'dns',
    severity: 'error',
    title: '"{domain|the input}" is not a valid domain name',
    explanation:
      'The name cannot be looked up: it is empty, has an empty or over-long label (63 bytes) or is longer than 253 bytes, or contains characters that are not allowed in host names.',
    remedies: ['Check the spelling; give the domain only (example.com), not an address or a URL.'],
    references: ['RFC 1035 section 2.3.4', 'RFC 5890'],
  },
  {
    id: 'domain-not-found',
    area: 'dns',
    severity: 'error',
    title: 'The domain {domain|} does not exist in DNS (NXDOMAIN)',
    explanation:
      'DNS answered that the domain itself does not exist, so nobody can send mail to it and no SPF, DKIM or DMARC record can be found. The domain may be misspelt, expired, or its delegation from the parent zone (NS records at the registry) may be missing.',
    remedies: [
      'Check the spelling of {domain|the domain}.',
      'Check with the registrar that the domain is registered, not expired, and delegated to name servers that serve it (dig NS {domain|DOMAIN} +trace).',
    ],
    references: ['RFC 1035', 'RFC 8020'],
  },
  {
    id: 'mx-missing',
    area: 'dns',
    severity: 'error',
    title: '{domain|The domain} has no MX record',
    explanation:
      'Without an MX record, senders fall back to the domain\'s own A/AAAA address ("implicit MX", RFC 5321 section 5.1). If the domain has no address either, mail to it cannot be delivered at all; if it has one, mail goes to that host, which is usually a web server that does not accept mail.',
    remedies: [
      'Publish MX records naming the hosts that receive mail for {domain|the domain} (for example "{domain|example.com}. MX 10 mail.{domain|example.com}.").',
      'If the domain must not receive mail, publish a null MX instead ("MX 0 .", RFC 7505).',
    ],
    references: ['RFC 5321 section 5.1', 'RFC 7505'],
  },
  {
    id: 'mx-null',
    area: 'dns',
    severity: 'warning',
    title: '{domain|The domain} publishes a null MX: it accepts no mail',
    explanation:
      'A null MX ("MX 0 .") declares that the domain receives no mail at all; senders reject mail to it at once (556 5.1.10) and many receivers also refuse mail from it (550 5.7.27). That is right for domains that never use email, and the cause of "no email arrives" otherwise.',
    remedies: [
      'If the domain should receive mail, replace the null MX by MX records naming the mail hosts.',
      'If the domain never sends or receives mail, keep the null MX and also publish "v=spf1 -all" and a DMARC p=reject record.',
    ],
    references: ['RFC 7505'],
  },
  {
    id: 'mx-null-mixed',
    area: 'dns',
    severity: 'error',
    title: '{domain|The domain} publishes a null MX together with other MX records',
    explanation:
      'A null MX ("MX 0 .") must be the only MX record of a domain. Mixed with real MX records, senders behave differently: some refuse all mail, some try the other hosts.',
    remedies: ['Remove the null MX record if the domain receives mail; otherwise remove the other MX records.'],
    references: ['RFC 7505 section 3'],
  },
  {
    id: 'mx-target-cname',
    area: 'dns',
    severity: 'warning',
    title: 'MX host {host|} is an alias (CNAME) for {target|another name}',
    explanation:
      'An MX record must name a host that has its own A/AAAA records, not an alias (RFC 2181 section 10.3, RFC 5321 section 5.1). Most senders follow the alias anyway, but some refuse it, and certificate checks (MTA-STS, DANE) use the MX name, not the alias target.',
    remedies: ['Point the MX record directly at the canonical host name ({target|the CNAME target}).'],
    references: ['RFC 2181 section 10.3', 'RFC 5321 section 5.1'],
  },
  {
    id: 'mx-target-ip',
    area: 'dns',
    severity: 'error',
    title: 'MX record of {domain|the domain} points to an IP address ({host|}) instead of a host name',
    explanation:
      'The target of an MX record must be a host name. Senders look the value up as a name, find nothing, and cannot deliver to that MX.',
    remedies: ['Give the mail server a host name (mail.{domain|example.com} A {host|ADDRESS}) and point the MX record to that name.'],
    references: ['RFC 5321 section 5.1', 'RFC 1035 section 3.3.9'],
  },
  {
    id: 'mx-target-nxdomain',
    area: 'dns',
    severity: 'error',
    title: 'MX host {host|} does not exist in DNS',
    explanation:
      'The MX record names a host that DNS says does not exist (NXDOMAIN), so senders cannot deliver to it. If it is the only MX, no mail arrives; otherwise mail is delayed while senders try it first or skip it.',
    remedies: [
      'Add the A/AAAA record for {host|the MX host}, or correct the MX record to name an existing mail host.',
      'Watch for a missing trailing dot in zone files: "MX 10 mail.example.com" without the dot becomes mail.example.com.example.com.',
    ],
    references: ['RFC 5321 section 5.1'],
  },
  {
    id: 'mx-target-no-address',
    area: 'dns',
    severity: 'error',
    title: 'MX host {host|} has no A or AAAA record',
    explanation:
      'The name exists but has no address records, so senders cannot connect to it.',
    remedies: ['Add A (and AAAA, if the host has IPv6) records for {host|the MX host}, or point the MX at a host that has them.'],
    references: ['RFC 5321 section 5.1'],
  },
  {
    id: 'mx-unreachable',
    area: 'dns',
    severity: 'error',
    title: 'MX host {host|} does not accept SMTP connections on port {port|25}',
    explanation:
      'No address of this MX host accepted a connection and greeted on the SMTP port. Senders queue the mail and retry, then bounce it after some days; if every MX is unreachable, no mail arrives. Note that many networks (home, cloud) block outgoing port 25, which looks the same from here.',
    remedies: [
      'Check that the mail server runs and listens on port {port|25} on every address of {host|the host} (ss -ltnp).',
      'Check that the firewall in front of the server allows inbound connections to port {port|25} from the internet.',
      'Run this check from a network that allows outgoing port 25 (a server, not a home connection) before concluding the host is down.',
    ],
  },
  {
    id: 'ptr-missing',
    area: 'dns',
    severity: 'warning',
    title: 'Address {address|} ({host|the mail host}) has no reverse DNS (PTR) record',
    explanation:
      'Receivers look up the name of a connecting address. Without a PTR record many of them reject or score mail from that address (Gmail and Microsoft require one; RFC 7372 code 5.7.25). For an address that only receives mail this matters less, but mail hosts usually also send.',
    remedies: [
      'Ask whoever controls the address block (hosting or internet provider) to set the PTR of {address|the address} to the mail host\'s name ({host|mail.example.com}).',
      'Make sure that name also resolves back to {address|the address} (forward-confirmed reverse DNS).',
    ],
    references: ['RFC 1912 section 2.1', 'RFC 8499 (FCrDNS)', 'RFC 7372 section 3.3'],
  },
  {
    id: 'ptr-mismatch',
    area: 'dns',
    severity: 'warning',
    title: 'Reverse DNS of {address|the address} ({ptr|?}) does not resolve back to it',
    explanation:
      'The PTR name of the address does not have the address among its A/AAAA records, so the reverse DNS is not forward-confirmed (FCrDNS). Receivers that check FCrDNS treat the sender as having no valid reverse DNS.',
    remedies: [
      'Add an A/AAAA record for {ptr|the PTR name} pointing to {address|the address}, or change the PTR to a name that does.',
      'Use the same name in the PTR, in the server\'s HELO/EHLO and in its certificate.',
    ],
    references: ['RFC 8499 (FCrDNS)', 'RFC 7372 section 3.3'],
  },
];
