/** @module catalog/causes/tls — STARTTLS, TLS handshake and certificate problems (shared by every protocol). */
import type { CauseDef } from '../types.js';

const NEVER_DISABLE =
  'Do not switch certificate verification off in the client to "fix" this: that hides impostors too.';

export const tlsCauses: CauseDef[] = [
  {
    id: 'starttls-not-offered',
    area: 'tls',
    severity: 'error',
    title: '{host|The server} does not offer STARTTLS on port {port|?}',
    explanation:
      'The server\'s capability list has no STARTTLS, so the connection cannot be encrypted. Either TLS is not configured on the server, or a firewall or "SMTP inspection" device strips STARTTLS from the reply.',
    remedies: [
      'Use the implicit-TLS port instead (465 for submission, 993 for IMAP, 995 for POP3) if the server has one.',
      'Server administrators: configure a certificate and enable STARTTLS (Postfix smtpd_tls_security_level = may; Dovecot ssl = yes).',
      'If the server has TLS configured, disable SMTP/ESMTP inspection ("fixup") on firewalls between client and server.',
    ],
    references: ['RFC 3207', 'RFC 2595'],
  },
  {
    id: 'starttls-refused',
    area: 'tls',
    severity: 'error',
    title: '{host|The server} refused STARTTLS: {reply|no reason given}',
    explanation:
      'The server advertises STARTTLS but answered the command with an error, typically 454 "TLS not available due to temporary reason": its certificate or key cannot be read, or its TLS library failed.',
    remedies: [
      'Server administrators: check the TLS certificate and key paths and permissions, and the server\'s logs.',
      'Try again later if the reply is temporary (4xx).',
    ],
    references: ['RFC 3207'],
  },
  {
    id: 'tls-handshake-failed',
    area: 'tls',
    severity: 'error',
    title: 'The TLS handshake with {host|the server} failed: {detail|no detail}',
    explanation:
      'Client and server could not agree on a TLS session: no shared cipher or key-exchange group, a handshake alert from the server, or a middlebox interfering with TLS.',
    remedies: [
      'Update the client and server TLS libraries; old servers may offer only ciphers modern clients refuse.',
      'Server administrators: enable modern cipher suites (TLS 1.2 ECDHE with AES-GCM, TLS 1.3).',
      'Check for TLS-intercepting firewalls or antivirus software between client and server.',
    ],
  },
  {
    id: 'tls-version-mismatch',
    area: 'tls',
    severity: 'error',
    title: 'Client and {host|server} share no TLS version ({detail|protocol version alert})',
    explanation:
      'One side only supports TLS versions the other refuses: typically an old server limited to TLS 1.0/1.1 while modern clients (and Node.js) require TLS 1.2 or later, or a server that requires TLS 1.3 facing an old client.',
    remedies: [
      'Server administrators: enable TLS 1.2 and TLS 1.3.',
      'If the server cannot be upgraded and you own both ends, allow an older version on the client only as a temporary measure.',
    ],
    references: ['RFC 8996'],
  },
  {
    id: 'cert-expired',
    area: 'tls',
    severity: 'error',
    title: 'The certificate of {host|the server} expired on {validTo|an earlier date}',
    explanation:
      'The server presents a certificate whose validity has ended. Often the certificate was renewed on disk but the mail service was not reloaded, or one of several servers or addresses still serves the old one.',
    remedies: [
      'Renew the certificate and reload or restart every service that uses it (Postfix, Dovecot, ...).',
      'If the domain has several servers or addresses, check each one: one may still serve the old certificate.',
      NEVER_DISABLE,
    ],
  },
  {
    id: 'cert-not-yet-valid',
    area: 'tls',
    severity: 'error',
    title: 'The certificate of {host|the server} is not valid before {validFrom|a later date}',
    explanation:
      'The certificate\'s validity starts in the future. Either the server installed a certificate issued with a wrong date, or the clock of this machine (or of the server) is wrong.',
    remedies: [
      'Check the date and time of this machine and of the server (NTP).',
      'If the clocks are right, reissue the certificate.',
    ],
  },
  {
    id: 'cert-self-signed',
    area: 'tls',
    severity: 'error',
    title: '{host|The server} presents a self-signed certificate ({subject|no subject})',
    explanation:
      'The certificate is signed by itself, not by a certificate authority your system trusts, so a client cannot tell the real server from an impostor.',
    remedies: [
      'Install a certificate from a public CA (for example Let\'s Encrypt) on the server.',
      'If this self-signed certificate is intended (test or internal server), trust it explicitly in the client (here: --ca FILE).',
      NEVER_DISABLE,
    ],
  },
  {
    id: 'cert-untrusted',
    area: 'tls',
    severity: 'error',
    title: 'The certificate of {host|the server} is issued by an authority this system does not trust ({issuer|unknown issuer})',
    explanation:
      'The chain ends in a certificate authority that is not in the trust store: a private or corporate CA, or a TLS-intercepting antivirus or proxy (its name appears as the issuer).',
    remedies: [
      'If the issuer is your organisation\'s CA, give its certificate to the client (here: --ca FILE).',
      'If the issuer is an antivirus or proxy product, TLS is being intercepted: disable mail scanning in it or trust its CA knowingly.',
      'Otherwise, install a certificate from a public CA on the server.',
      NEVER_DISABLE,
    ],
  },
  {
    id: 'cert-chain-incomplete',
    area: 'tls',
    severity: 'error',
    title: '{host|The server} does not send the intermediate certificate(s) of its chain',
    explanation:
      'The server sends its own certificate but not the intermediate certificate that links it to a trusted authority. Browsers may fetch the missing piece; mail clients usually do not, and fail with "unable to verify the first certificate".',
    remedies: [
      'Configure the server with the full chain file (for Let\'s Encrypt: fullchain.pem, not cert.pem), then reload it.',
      'Postfix: smtpd_tls_chain_files or smtpd_tls_cert_file must contain leaf then intermediates; Dovecot: ssl_cert must contain the chain.',
    ],
  },
  {
    id: 'cert-hostname-mismatch',
    area: 'tls',
    severity: 'error',
    title: 'The certificate of {host|the server} is not valid for the name {name|you connected to}',
    explanation:
      'The certificate names other hosts ({names|none listed}). Common on shared hosting, where the certificate carries the provider\'s host name, and when connecting by IP address or with an old host name after a migration.',
    remedies: [
      'Configure the client with a host name that appears on the certificate ({names|see the certificate}).',
      'Or install a certificate that includes {name|this name} on the server.',
      'When connecting by IP address, give the expected name with --tls-name.',
      NEVER_DISABLE,
    ],
  },
  {
    id: 'cert-expiring-soon',
    area: 'tls',
    severity: 'warning',
    title: 'The certificate of {host|the server} expires in {days|a few} days ({validTo|soon})',
    explanation: 'When it expires, clients will refuse to connect.',
    remedies: ['Renew the certificate now, and check that automatic renewal reloads the mail services.'],
  },
  {
    id: 'encryption-required',
    area: 'tls',
    severity: 'error',
    title: '{host|The server} requires encryption before {command|this command}: {reply|must issue STARTTLS first}',
    explanation:
      'The server refuses mail transactions or login on an unencrypted connection (for example 530 5.7.0 "Must issue a STARTTLS command first").',
    remedies: [
      'Enable STARTTLS in the client for this port, or use implicit TLS on port 465 (993 for IMAP, 995 for POP3).',
    ],
    references: ['RFC 3207'],
  },
  {
    id: 'tls-not-used',
    area: 'tls',
    severity: 'warning',
    title: 'The connection to {host|the server} is not encrypted',
    explanation:
      'The session ran without TLS. Anyone on the path can read the messages and, if the client logs in, the password.',
    remedies: ['Use STARTTLS or implicit TLS (ports 465, 993, 995).'],
  },
];
