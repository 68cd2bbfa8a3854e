/**
 * @module cli/commands/smtp
 * `maildoctor smtp HOST[:PORT]`: diagnose an SMTP server end to end (connection, TLS,
 * login, envelope, optional test message). Options only; the probe is imported on use.
 */
import { Option, type Command } from 'commander';
import { addConnectionOptions, collect, type ConnectionCliOptions } from '../options.js';

export interface SmtpCliOptions extends ConnectionCliOptions {
  from?: string;
  to?: string[];
  send?: boolean;
  data?: string;
  ehlo?: string;
  mode?: 'submission' | 'mx';
}

export function registerSmtp(program: Command): void {
  const cmd = program
    .command('smtp')
    .description('diagnose an SMTP server: connection, TLS, login, sender, recipients, and optionally send a test message')
    .argument('<host[:port]>', 'server name or address, with an optional port (no port: try 587, 465 and 25)');
  addConnectionOptions(cmd, { timeoutMs: 10_000 });
  cmd
    .addOption(new Option('--auth-type <mechanism>', 'SASL mechanism to use instead of the best offered').choices(['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2', 'plain', 'login', 'cram-md5', 'xoauth2']))
    .option('--from <address>', 'envelope sender (MAIL FROM); default: --user when it is an address')
    .option('--to <address>', 'envelope recipient (RCPT TO); repeatable', collect)
    .option('--send', 'send a small, clearly labelled test message after RCPT TO (needs --from and --to)')
    .option('--data <file>', 'with --send: send this RFC 5322 message instead of the test message')
    .option('--ehlo <name>', 'name to greet with in EHLO/HELO (default: this machine\'s FQDN or address literal)')
    .addOption(new Option('--mode <mode>', 'submission (a client sending through its server) or mx (a server delivering to port 25, no login)').choices(['submission', 'mx']).default('submission'))
    .addHelpText(
      'after',
      `
Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the MAILDOCTOR_PASSWORD environment variable, or a prompt.
Examples:
  maildoctor smtp smtp.example.com --user alice@example.com
  maildoctor smtp mail.example.com:587 --user alice@example.com --from alice@example.com --to bob@example.org --send
  maildoctor smtp mx1.example.org --mode mx --json`,
    )
    .action(async (target: string, opts: SmtpCliOptions) => {
      const { runSmtpCommand } = await import('./smtp-run.js');
      process.exitCode = await runSmtpCommand(target, opts);
    });
}
