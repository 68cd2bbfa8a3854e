/**
 * @module cli/commands/account
 * `maildoctor account user@example.com`: find the account's settings the way mail clients
 * do (SRV, autoconfig, Autodiscover, guesses), test the incoming and outgoing servers found,
 * and compare with what the client is configured with. Options only; the implementation is
 * imported on use.
 */
import { defineCommand } from '../args.js';
import { PASSWORD_ENV } from '../../core/secrets.js';
import { durationArg, outputOptions, portArg } from '../options.js';

export interface AccountCliOptions {
  user?: string;
  password?: string;
  passwordFile?: string;
  authType?: string;
  allowPlaintextAuth?: boolean;
  imapHost?: string;
  pop3Host?: string;
  smtpHost?: string;
  incoming?: 'imap' | 'pop3';
  ca?: string;
  dns?: string;
  httpsPort?: number;
  httpPort?: number;
  allowHttp?: boolean;
  discoverOnly?: boolean;
  timeout: number;
  json?: boolean;
  verbose?: boolean;
}

export const accountCommand = defineCommand<AccountCliOptions>({
  name: 'account',
  description: 'find a mail account\'s settings like mail clients do, test them, and compare with the client\'s settings',
  argument: { name: 'address', required: true, description: 'the e-mail address of the account, e.g. alice@example.com' },
  options: [
    { flags: '-u, --user <name>', description: 'login name (default: what the domain publishes, else the address)' },
    { flags: '--password-file <file>', description: `read the password from this file (first line); or set ${PASSWORD_ENV}` },
    { flags: '--password <password>', description: 'password on the command line (visible to other users: prefer the file or env var)' },
    { flags: '--auth-type <mechanism>', description: 'SASL mechanism to use instead of the best offered', choices: ['PLAIN', 'LOGIN', 'XOAUTH2', 'plain', 'login', 'xoauth2'] },
    { flags: '--allow-plaintext-auth', description: 'allow sending the password over an unencrypted connection' },
    { flags: '--imap-host <host[:port]>', description: 'the IMAP server the mail client is configured with' },
    { flags: '--pop3-host <host[:port]>', description: 'the POP3 server the mail client is configured with' },
    { flags: '--smtp-host <host[:port]>', description: 'the SMTP server the mail client is configured with' },
    { flags: '--incoming <protocol>', description: 'test this incoming protocol (default: IMAP, or POP3 with only --pop3-host)', choices: ['imap', 'pop3'] },
    { flags: '--ca <file>', description: 'also trust the CA certificate(s) in this PEM file (mail servers and settings URLs)' },
    { flags: '--dns <server>', description: 'resolve names through this DNS server (HOST[:PORT])' },
    { flags: '--https-port <port>', description: 'fetch autoconfig/Autodiscover URLs on this port instead of 443', parse: portArg },
    { flags: '--allow-http', description: 'also fetch autoconfig over plain http:// (as Thunderbird does); flagged when it is the only source' },
    { flags: '--http-port <port>', description: 'with --allow-http: port for http:// URLs instead of 80', parse: portArg },
    { flags: '--discover-only', description: 'only discover the settings; do not connect to the mail servers' },
    { flags: '--timeout <duration>', description: 'time limit for each step (DNS query, HTTP fetch, protocol step)', parse: durationArg, default: 10_000, defaultText: '10s' },
    ...outputOptions('also print the transcript', 'print the report as JSON'),
  ],
  helpAfter: `Discovery order: SRV records (RFC 6186/8314), autoconfig (autoconfig.<domain>, /.well-known/),
Autodiscover (<domain>, autodiscover.<domain>, _autodiscover._tcp SRV), then guesses (imap.,
mail., smtp., the MX host). Plain http is not fetched unless --allow-http.
Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the ${PASSWORD_ENV} environment variable, or a prompt; without one,
only connections and TLS are tested.
Examples:
  maildoctor account alice@example.com
  maildoctor account alice@example.com --imap-host mail.old-host.example --smtp-host mail.old-host.example:587
  maildoctor account alice@example.com --discover-only --json`,
  async run(address, opts) {
    const { runAccountCommand } = await import('./account-run.js');
    return runAccountCommand(address as string, opts);
  },
});
