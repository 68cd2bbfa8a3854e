/**
 * @module catalog/causes/mailbox — incoming mail: IMAP and POP3 dialogue failures, with the
 * response codes of RFC 5530 (IMAP), RFC 2449 and RFC 3206 (POP3). Which server wording maps
 * to which cause is the table in probes/incoming/classify.ts.
 */
import type { CauseDef } from '../types.js';

export const mailboxCauses: CauseDef[] = [
  {
    id: 'not-imap',
    area: 'imap',
    severity: 'error',
    title: 'Port {port|?} on {host|the server} is not an IMAP server: it looks like {service|another service}',
    explanation:
      'The service that answered on this port does not speak IMAP (an IMAP server greets with "* OK", "* PREAUTH" or "* BYE"). The port number is wrong, or the port is forwarded to another service.',
    remedies: [
      'Check the port: IMAP is 993 (implicit TLS) or 143 (STARTTLS); POP3 is 995 or 110; SMTP submission is 587 or 465.',
      'If the port should be IMAP, check the port forwarding or load balancer in front of the server.',
    ],
    references: ['RFC 9051 section 7.1', 'RFC 3501 section 7.1'],
  },
  {
    id: 'not-pop3',
    area: 'pop3',
    severity: 'error',
    title: 'Port {port|?} on {host|the server} is not a POP3 server: it looks like {service|another service}',
    explanation:
      'The service that answered on this port does not speak POP3 (a POP3 server greets with "+OK"). The port number is wrong, or the port is forwarded to another service.',
    remedies: [
      'Check the port: POP3 is 995 (implicit TLS) or 110 (STLS); IMAP is 993 or 143.',
      'If the port should be POP3, check the port forwarding or load balancer in front of the server.',
    ],
    references: ['RFC 1939 section 4'],
  },
  {
    id: 'login-disabled-plaintext',
    area: 'imap',
    severity: 'error',
    title: '{host|The server} does not allow logging in without encryption on port {port|?}: {reply|LOGINDISABLED}',
    explanation:
      'The server refuses passwords on an unencrypted connection: IMAP advertises LOGINDISABLED (RFC 3501 section 6.2.3) or answers [PRIVACYREQUIRED]; a POP3 server omits USER from CAPA or answers "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections" (Dovecot disable_plaintext_auth). This is the server protecting the password, not a wrong password.',
    remedies: [
      'Set the client\'s security to STARTTLS on this port ({port|143/110}), or to SSL/TLS on the implicit-TLS port (993 for IMAP, 995 for POP3).',
      'Run maildoctor with --security starttls or --security tls (or omit --security to let it find the working setting).',
    ],
    references: ['RFC 3501 section 6.2.3', 'RFC 2595 section 3.2', 'RFC 5530 section 3', 'RFC 8314'],
  },
  {
    id: 'mailbox-locked',
    area: 'pop3',
    severity: 'error',
    title: 'The mailbox of {user|the account} is locked by another session: {reply|[IN-USE]}',
    explanation:
      'POP3 gives one session exclusive access to a maildrop (RFC 1939). Another client (a phone, a second computer, a fetchmail job) is connected, or a crashed session left a stale lock that expires after some minutes. IMAP servers say the same with [INUSE] (RFC 5530).',
    remedies: [
      'Close the other mail clients that check this account with POP3, or make them check less often.',
      'Wait a few minutes for a stale lock to expire, then try again.',
      'Server administrators: look for a hung POP3 process of this user and end it.',
    ],
    temporary: true,
    references: ['RFC 2449 section 8.1.1', 'RFC 5530 section 3'],
  },
  {
    id: 'mailbox-unavailable',
    area: 'imap',
    severity: 'error',
    title: 'The mailbox {mailbox|INBOX} of {user|the account} cannot be opened: {reply|no reason given}',
    explanation:
      'The login worked, but the server refuses to open the mailbox ([NONEXISTENT], [NOPERM], [CORRUPTION] or a plain NO on SELECT/EXAMINE/STAT). The mail store is missing, damaged, has wrong file permissions, or is on a storage back-end that is down.',
    remedies: [
      'Log in to webmail: if the inbox does not open there either, the problem is on the server.',
      'Server administrators: check the server log for the time of the test (Dovecot: "Error:" lines naming the mailbox; permissions and ownership of the mail directory; quota and disk space).',
    ],
    references: ['RFC 5530 section 3', 'RFC 9051 section 6.3.2'],
  },
  {
    id: 'server-busy',
    area: 'imap',
    severity: 'error',
    title: '{host|The server} is unavailable or overloaded now: {reply|[UNAVAILABLE]}',
    explanation:
      'The server says it cannot serve the session for now: a back-end it needs is down ([UNAVAILABLE], RFC 5530; [SYS/TEMP], RFC 3206), it has too many connections, or it is shutting down (an IMAP "* BYE" instead of a greeting).',
    remedies: ['Try again in a few minutes.', 'Server administrators: check the service\'s process and connection limits and its back-ends (storage, authentication, proxy).'],
    temporary: true,
    references: ['RFC 5530 section 3', 'RFC 3206 section 4', 'RFC 9051 section 7.1.5'],
  },
  {
    id: 'too-many-sessions',
    area: 'imap',
    severity: 'error',
    title: '{user|The account} has too many open sessions with {host|the server}: {reply|connection limit reached}',
    explanation:
      'The server limits how many connections one user may have at a time (Dovecot mail_max_userip_connections, default 10 per user and address; Gmail 15 IMAP connections per account; [LIMIT] in RFC 5530). Several devices or a client that opens a connection per folder reach the limit, and further logins are refused.',
    remedies: [
      'Close mail clients that are not needed, or lower the number of connections per account in the client settings.',
      'Server administrators: raise the limit (Dovecot: mail_max_userip_connections in protocol imap { }) if many devices are normal.',
    ],
    temporary: true,
    references: ['RFC 5530 section 3'],
  },
  {
    id: 'authorization-failed',
    area: 'imap',
    severity: 'error',
    title: '{user|The account}\'s credentials are valid but it may not use this mailbox: {reply|[AUTHORIZATIONFAILED]}',
    explanation:
      'The server accepted the authentication but refused the authorization (RFC 5530 [AUTHORIZATIONFAILED]): the account may not access the requested mailbox, for example a shared mailbox it has no rights on, or a master user / authorization identity it may not assume.',
    remedies: ['Check which mailbox the user name should open (shared mailbox formats such as "user@domain\\shared@domain" differ by provider).', 'Administrators: grant the account access to the mailbox.'],
    references: ['RFC 5530 section 3', 'RFC 4616'],
  },
  {
    id: 'protocol-disabled',
    area: 'imap',
    severity: 'error',
    title: '{protocol|IMAP} access is not enabled for {user|the account}: {reply|access disabled}',
    explanation:
      'The credentials are fine but the account may not use {protocol|this protocol}: the provider has it switched off per account (Gmail: "Your account is not enabled for IMAP use", "not enabled for POP access"; Exchange Online answers "User is authenticated but not connected" when IMAP/POP is disabled for the mailbox or the mailbox is not reachable for the signed-in identity).',
    remedies: [
      'Enable {protocol|IMAP} access in the account\'s web settings (Gmail: Settings > Forwarding and POP/IMAP).',
      'Microsoft 365 administrators: Set-CASMailbox -ImapEnabled $true / -PopEnabled $true for the mailbox, and check that the signed-in identity has access to it.',
    ],
  },
  {
    id: 'web-login-required',
    area: 'auth',
    severity: 'error',
    title: 'The provider wants {user|the account} to sign in through the web first: {reply|web login required}',
    explanation:
      'The provider blocked this login as suspicious or unverified and asks for an interactive web sign-in (Gmail "[ALERT] Please log in via your web browser", "[WEBALERT ...] Web login required"): a new location, a captcha to solve, or an account security check. The password may be right.',
    remedies: [
      'Sign in to webmail from a browser, complete the security check, then try again.',
      'If the account has two-step verification, create an app password or use OAuth2 for the mail client.',
    ],
  },
  {
    id: 'over-quota',
    area: 'imap',
    severity: 'error',
    title: 'The mailbox of {user|the account} is over its quota: {reply|[OVERQUOTA]}',
    explanation: 'The account has used up its storage (RFC 5530 [OVERQUOTA]); some servers then refuse sessions or new mail until space is freed.',
    remedies: ['Delete or archive old mail (empty Trash and Junk) in webmail.', 'Ask the provider or administrator for more storage.'],
    references: ['RFC 5530 section 3', 'RFC 9208'],
  },
  {
    id: 'login-delay',
    area: 'pop3',
    severity: 'error',
    title: '{host|The server} refuses logins this soon after the previous one: {reply|[LOGIN-DELAY]}',
    explanation:
      'The server allows a POP3 login only every so many seconds or minutes per account (RFC 2449 LOGIN-DELAY; the CAPA line "LOGIN-DELAY n" tells the minimum). A client polling too often, or two clients on the same account, hit it.',
    remedies: ['Set the client\'s check interval above the server\'s LOGIN-DELAY ({delay|see CAPA}).', 'Make sure only one client polls this account.'],
    temporary: true,
    references: ['RFC 2449 section 8.1.2'],
  },
  {
    id: 'server-error',
    area: 'imap',
    severity: 'error',
    title: '{host|The server} reports an internal failure: {reply|[SERVERBUG]}',
    explanation:
      'The server failed on its side ([SERVERBUG], RFC 5530; [SYS/PERM], RFC 3206): a bug, a broken mail store or a configuration error. Nothing in the client can fix it.',
    remedies: ['Server administrators: look at the server log for the time of the test (Dovecot writes the details it hides from the client there).', 'Users: report the exact reply and time to the provider.'],
    references: ['RFC 5530 section 3', 'RFC 3206 section 4'],
  },
  {
    id: 'reply-timeout',
    area: 'general',
    severity: 'error',
    title: '{host|The server} stopped answering: no reply to {command|the command} within {timeout|the time limit}',
    explanation:
      'The connection stayed open but the server did not answer in time. It is overloaded, its back-end (storage, authentication) hangs, or a firewall dropped the connection silently.',
    remedies: ['Try again with a longer --timeout.', 'Server administrators: check the server\'s load and the back-ends it waits for (authentication, storage).'],
    temporary: true,
  },
  {
    id: 'starttls-injection',
    area: 'tls',
    severity: 'warning',
    title: '{host|The server} sent data after accepting STARTTLS and before the TLS handshake ({bytes|some} bytes, discarded)',
    explanation:
      'After "OK Begin TLS" (or "+OK" to STLS) nothing may come before the handshake. Bytes there were sent by a buggy server or injected by someone on the path; a client that kept them would treat them as protected replies (the STARTTLS response-injection flaws, "NO STARTTLS" 2021; CVE-2011-0411 for the command side). maildoctor discarded them.',
    remedies: [
      'Server administrators: update the server; check load balancers or proxies that speak the protocol in front of it.',
      'Prefer implicit TLS (993 for IMAP, 995 for POP3), which has no plain-text phase to inject into (RFC 8314).',
    ],
    references: ['RFC 3207 section 4.2', 'RFC 2595 section 3.1', 'RFC 8314'],
  },
];
