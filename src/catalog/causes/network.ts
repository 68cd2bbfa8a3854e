/** @module catalog/causes/network — name resolution and TCP connection failures. */
import type { CauseDef } from '../types.js';

export const networkCauses: CauseDef[] = [
  {
    id: 'dns-no-such-host',
    area: 'network',
    severity: 'error',
    title: 'The name {host|of the server} does not exist in DNS',
    explanation:
      'DNS answered that there is no such name (NXDOMAIN) or that it has no address. Usually a typo in the server name, a record that was removed, or a domain that expired.',
    remedies: [
      'Check the spelling of {host|the server name} against what your provider documents.',
      'Look the name up on the domain\'s authoritative servers (dig A {host|NAME}); if it is missing, add the A/AAAA record.',
      'If the domain itself no longer resolves, check that it has not expired.',
    ],
  },
  {
    id: 'dns-failure',
    area: 'dns',
    severity: 'error',
    title: 'DNS lookup of {name|the name} failed: {detail|no answer}',
    explanation:
      'The resolver could not give an answer (timeout, SERVFAIL, refused). This is not proof that the name does not exist: the resolver or the domain\'s name servers are failing, or DNSSEC validation failed.',
    remedies: [
      'Try the lookup again, and with another resolver (--dns), to tell a local resolver problem from a problem of the domain.',
      'If every resolver fails, check that the domain\'s name servers answer and that its DNSSEC chain (DS, DNSKEY, signatures) is valid.',
    ],
    temporary: true,
  },
  {
    id: 'connection-refused',
    area: 'network',
    severity: 'error',
    title: 'Connection to {host|the server} port {port|?} was refused',
    explanation:
      'The host answered, but nothing listens on that port (TCP reset). The service is stopped, listens on another port or only on localhost, or a firewall rejects the connection actively.',
    remedies: [
      'Check the port number: submission is usually 587 (STARTTLS) or 465 (TLS), IMAP 993/143, POP3 995/110.',
      'On the server, check that the service is running and listening on that address and port (ss -ltnp).',
      'If a firewall sits in front of the server, check that it allows this port.',
    ],
  },
  {
    id: 'connection-timeout',
    area: 'network',
    severity: 'error',
    title: 'No answer from {host|the server} port {port|?}: the connection attempt timed out',
    explanation:
      'The connection attempt got no answer at all: packets are silently dropped. This is the signature of a firewall, most often the sender\'s own network or cloud provider blocking outgoing ports such as 25, or a server firewall that drops instead of refusing. A wrong IP address does the same.',
    remedies: [
      'Try the same test from another network (for example a phone hotspot): if it works there, your network or provider blocks the port.',
      'Cloud and residential providers (AWS, Google Cloud, Azure, DigitalOcean, many ISPs) block outgoing port 25: use the submission port 587 or 465 with authentication, or ask the provider to lift the block.',
      'Check the server\'s firewall rules for this port and your address.',
      'Check that {host|the name} resolves to the right address.',
    ],
  },
  {
    id: 'network-unreachable',
    area: 'network',
    severity: 'error',
    title: 'There is no network route to {host|the server} ({address|address unknown})',
    explanation:
      'The operating system has no route to the address (ENETUNREACH/EHOSTUNREACH), for example an IPv6 address on a network without IPv6, a VPN that captures the route, or a router reporting the host unreachable.',
    remedies: [
      'If the address is IPv6 and your network has no IPv6, use IPv4 (the server\'s A record) or fix IPv6 routing.',
      'Check VPN and routing settings on this machine.',
      'Try from another network.',
    ],
  },
  {
    id: 'greeting-timeout',
    area: 'network',
    severity: 'error',
    title: '{host|The server} accepted the connection but sent no greeting within {timeout|the time limit}',
    explanation:
      'The TCP connection opened, but the server said nothing. A mail server normally greets at once. Silence means the port expects TLS first (not detected here), a tarpit or greet-pause delays suspicious clients, or the server is overloaded or hung.',
    remedies: [
      'Try again with a longer --timeout: RFC 5321 allows a server up to 5 minutes for its greeting, and some anti-spam tarpits wait 10 to 30 seconds.',
      'Ask the administrator whether a greet-pause or tarpit (postscreen, "spam repellent") is enabled and whether your address is on its list.',
      'Check the server\'s load and logs.',
    ],
  },
  {
    id: 'implicit-tls-expected',
    area: 'network',
    severity: 'error',
    title: 'Port {port|?} expects TLS from the first byte, but the client spoke plain text',
    explanation:
      'The server waits for a TLS handshake (implicit TLS, as on ports 465, 993 and 995) and sends no plain-text greeting. A client configured for plain text or STARTTLS on this port waits forever or gets a garbled reply.',
    remedies: [
      'Set the client\'s security to SSL/TLS ("implicit TLS", nodemailer secure: true) for port {port|this port}.',
      'Or use the STARTTLS port of this server (587 for submission, 143 for IMAP, 110 for POP3) with STARTTLS.',
    ],
    references: ['RFC 8314'],
  },
  {
    id: 'starttls-expected',
    area: 'network',
    severity: 'error',
    title: 'Port {port|?} speaks plain text first (STARTTLS), but the client started with a TLS handshake',
    explanation:
      'The server sent a plain-text greeting where the client expected a TLS handshake. TLS-on-connect on a STARTTLS port fails with errors such as "wrong version number".',
    remedies: [
      'Set the client\'s security to STARTTLS (nodemailer secure: false) for port {port|this port}.',
      'Or use the implicit-TLS port of this server (465 for submission, 993 for IMAP, 995 for POP3).',
    ],
    references: ['RFC 3207', 'RFC 8314'],
  },
  {
    id: 'not-smtp',
    area: 'network',
    severity: 'error',
    title: 'Port {port|?} on {host|the server} is not an SMTP server: it looks like {service|another service}',
    explanation:
      'The service that answered on this port does not speak SMTP. The port number is wrong, or the port is forwarded to another service.',
    remedies: [
      'Check the port: SMTP submission is 587 (STARTTLS) or 465 (TLS), server-to-server SMTP is 25.',
      'If the port should be SMTP, check the port forwarding or load balancer in front of the server.',
    ],
  },
];
