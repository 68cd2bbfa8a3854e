/**
 * @module cli/commands/account
 * `maildoctor account user@example.com`: find the account's settings the way mail clients
 * do (SRV, autoconfig, Autodiscover, guesses), test the incoming and outgoing servers found,
 * and compare with what the client is configured with. Options only; the implementation is
 * imported on use.
 */
import { Option, type Command } from 'commander';
import { PASSWORD_ENV } from '../../core/secrets.js';
import { durationArg, portArg } from '../options.js';

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

export function registerAccount(program: Command): void {
  program
    .command('account')
    .description('find a mail account\'s settings like mail clients do, test them, and compare with the client\'s settings')
    .argument('<address>', 'the e-mail address of the account, e.g. alice@example.com')
    .option('-u, --user <name>', 'login name (default: what the domain publishes, else the address)')
    .option('--password-file <file>', `read the password from this file (first line); or set ${PASSWORD_ENV}`)
    .option('--password <password>', 'password on the command line (visible to other users: prefer the file or env var)')
    .addOption(new Option('--auth-type <mechanism>', 'SASL mechanism to use instead of the best offered').choices(['PLAIN', 'LOGIN', 'XOAUTH2', 'plain', 'login', 'xoauth2']))
    .option('--allow-plaintext-auth', 'allow sending the password over an unencrypted connection')
    .option('--imap-host <host[:port]>', 'the IMAP server the mail client is configured with')
    .option('--pop3-host <host[:port]>', 'the POP3 server the mail client is configured with')
    .option('--smtp-host <host[:port]>', 'the SMTP server the mail client is configured with')
    .addOption(new Option('--incoming <protocol>', 'test this incoming protocol (default: IMAP, or POP3 with only --pop3-host)').choices(['imap', 'pop3']))
    .option('--ca <file>', 'also trust the CA certificate(s) in this PEM file (mail servers and settings URLs)')
    .option('--dns <server>', 'resolve names through this DNS server (HOST[:PORT])')
    .option('--https-port <port>', 'fetch autoconfig/Autodiscover URLs on this port instead of 443', portArg)
    .option('--allow-http', 'also fetch autoconfig over plain http:// (as Thunderbird does); flagged when it is the only source')
    .option('--http-port <port>', 'with --allow-http: port for http:// URLs instead of 80', portArg)
    .option('--discover-only', 'only discover the settings; do not connect to the mail servers')
    .option('--timeout <duration>', 'time limit for each step (DNS query, HTTP fetch, protocol step)', durationArg, 10_000)
    .option('--json', 'print the report as JSON')
    .option('-v, --verbose', 'also print the transcript')
    .addHelpText(
      'after',
      `
Discovery order: SRV records (RFC 6186/8314), autoconfig (autoconfig.<domain>, /.well-known/),
Autodiscover (<domain>, autodiscover.<domain>, _autodiscover._tcp SRV), then guesses (imap.,
mail., smtp., the MX host). Plain http is not fetched unless --allow-http.
Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the ${PASSWORD_ENV} environment variable, or a prompt; without one,
only connections and TLS are tested.
Examples:
  maildoctor account alice@example.com
  maildoctor account alice@example.com --imap-host mail.old-host.example --smtp-host mail.old-host.example:587
  maildoctor account alice@example.com --discover-only --json`,
    )
    .action(async (address: string, opts: AccountCliOptions) => {
      const { runAccountCommand } = await import('./account-run.js');
      process.exitCode = await runAccountCommand(address, opts);
    });
}
