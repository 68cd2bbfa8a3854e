/** @module catalog/causes/auth — authentication failures (SMTP AUTH, IMAP LOGIN/AUTHENTICATE, POP3 USER/PASS). */
import type { CauseDef } from '../types.js';

export const authCauses: CauseDef[] = [
  {
    id: 'auth-not-offered',
    area: 'auth',
    severity: 'error',
    title: '{host|The server} does not offer authentication on port {port|?}',
    explanation:
      'The capability list has no AUTH mechanisms, so no login is possible here. Port 25 of most servers is meant for server-to-server mail and offers no login; submission ports 587 and 465 do.',
    remedies: [
      'Use the submission port (587 with STARTTLS or 465 with TLS) to send with a login.',
      'Server administrators: enable SASL authentication on the submission service (Postfix smtpd_sasl_auth_enable = yes).',
    ],
    references: ['RFC 4954'],
  },
  {
    id: 'auth-requires-tls',
    area: 'auth',
    severity: 'error',
    title: '{host|The server} offers login only after STARTTLS',
    explanation:
      'Before encryption the server advertises no login mechanisms (Postfix smtpd_tls_auth_only = yes); after STARTTLS it would. The client tried to log in without encryption.',
    remedies: ['Enable STARTTLS in the client (or use implicit TLS on port 465/993/995) so that login happens encrypted.'],
  },
  {
    id: 'auth-mechanism-unsupported',
    area: 'auth',
    severity: 'error',
    title: 'The login method {mechanism|requested} is not supported by {host|the server} (offered: {offered|none})',
    explanation:
      'The client insisted on a SASL mechanism the server does not offer or refused it (504 5.5.4 / 5.7.4 "Unrecognized authentication type"). OAuth2 (XOAUTH2) needs a token; LOGIN and PLAIN need a password.',
    remedies: [
      'Pick one of the mechanisms the server offers ({offered|see the capability list}), or let maildoctor choose (omit --auth-type).',
      'For OAuth-only providers (Microsoft 365, Gmail with basic auth disabled), use XOAUTH2 with a valid access token.',
    ],
    references: ['RFC 4954'],
  },
  {
    id: 'auth-bad-credentials',
    area: 'auth',
    severity: 'error',
    title: 'The server rejected the user name or password for {user|the account}: {reply|authentication failed}',
    explanation:
      'The credentials were refused (535 5.7.8, IMAP [AUTHENTICATIONFAILED], POP3 -ERR [AUTH]). Wrong password, wrong user name format (many providers want the full e-mail address), an expired password, or a locked account. Some providers give the same answer when password logins are disabled for the account.',
    remedies: [
      'Check the password by logging in to webmail with exactly the same user name.',
      'Use the full e-mail address as user name if the provider expects it.',
      'If the password was changed or expired recently, update it in the client.',
      'If webmail works but this fails, the provider may require an app password or OAuth2 for mail clients.',
    ],
    references: ['RFC 4954', 'RFC 5530'],
  },
  {
    id: 'auth-app-password-required',
    area: 'auth',
    severity: 'error',
    title: 'The provider refuses the normal password: an app password or OAuth2 is required ({reply|application-specific password required})',
    explanation:
      'The account has two-step verification or basic authentication disabled (Gmail 534 5.7.9 "Application-specific password required"; Microsoft 365 535 5.7.139 "SmtpClientAuthentication is disabled", "basic authentication is disabled").',
    remedies: [
      'Create an app password in the account\'s security settings and use it instead of the normal password.',
      'Or switch the client to OAuth2 (XOAUTH2).',
      'Microsoft 365 administrators: enable authenticated SMTP for this mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false), or use OAuth2.',
    ],
  },
  {
    id: 'auth-temporary-failure',
    area: 'auth',
    severity: 'error',
    title: 'Login failed for a temporary reason on {host|the server}: {reply|temporary authentication failure}',
    explanation:
      'The server could not check the credentials (454 4.7.0 "Temporary authentication failure", IMAP [UNAVAILABLE]): its authentication back-end (LDAP, SQL, Dovecot auth) is down or slow.',
    remedies: ['Try again in a few minutes.', 'Server administrators: check the authentication service and its logs.'],
    temporary: true,
  },
  {
    id: 'auth-required',
    area: 'auth',
    severity: 'error',
    title: '{host|The server} requires login before sending: {reply|authentication required}',
    explanation:
      'The server refuses mail from clients that have not logged in (530 5.7.0 "Authentication required", Exchange Online 5.7.57 "Client was not authenticated to send anonymous mail").',
    remedies: ['Configure the client to log in (here: --user and a password).', 'Check that the client uses the submission port (587/465).'],
  },
  {
    id: 'plaintext-auth-refused',
    area: 'auth',
    severity: 'error',
    title: 'maildoctor did not send the password: the connection to {host|the server} is not encrypted',
    explanation:
      'Sending a password without TLS exposes it to anyone on the network path. maildoctor refuses to do it unless you explicitly allow it with --allow-plaintext-auth.',
    remedies: [
      'Use STARTTLS (--security starttls) or implicit TLS (--security tls) if the server supports it.',
      'Only on a trusted network and for a test, allow it with --allow-plaintext-auth.',
    ],
  },
  {
    id: 'plaintext-auth-used',
    area: 'auth',
    severity: 'warning',
    title: 'The password was sent to {host|the server} without encryption (allowed by --allow-plaintext-auth)',
    explanation: 'Anyone on the network path could read the password. Change it if the network is not trusted.',
    remedies: ['Enable TLS on the server and in the client.', 'Change the password if this network is not fully trusted.'],
  },
  {
    id: 'account-disabled',
    area: 'auth',
    severity: 'error',
    title: 'The account {user|} is disabled or blocked: {reply|account disabled}',
    explanation:
      'The credentials may be right, but the account may not log in or send: it is disabled, locked after too many failures, or blocked for sending spam (RFC 5248 5.7.13 "User account disabled", Exchange "5.1.8 Access denied, bad outbound sender", IMAP [CONTACTADMIN]).',
    remedies: [
      'Ask the administrator or provider why the account is blocked; if it sent spam, change its password and check for compromise first.',
    ],
  },
  {
    id: 'password-expired',
    area: 'auth',
    severity: 'error',
    title: 'The password of {user|the account} has expired: {reply|expired}',
    explanation: 'The server says the password is valid but expired (IMAP [EXPIRED], RFC 5530).',
    remedies: ['Change the password (usually in webmail or the account portal), then update the client.'],
  },
  {
    id: 'credentials-missing',
    area: 'auth',
    severity: 'info',
    title: 'Login was not tested: no user name was given',
    explanation: 'Without --user maildoctor stops before authentication. The connection and TLS checks above still apply.',
    remedies: ['Run again with --user and a password (MAILDOCTOR_PASSWORD, --password-file or the prompt) to test the login.'],
  },
];
