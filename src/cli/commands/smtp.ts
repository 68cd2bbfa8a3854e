/**
 * @module cli/commands/smtp
 * `maildoctor smtp HOST[:PORT]`: diagnose an SMTP server end to end (connection, TLS,
 * login, envelope, optional test message). Options only; the probe is imported on use.
 */
import { defineCommand } from '../args.js';
import { connectionOptions, type ConnectionCliOptions } from '../options.js';

export interface SmtpCliOptions extends ConnectionCliOptions {
  from?: string;
  to?: string[];
  send?: boolean;
  data?: string;
  ehlo?: string;
  mode?: 'submission' | 'mx';
}

export const smtpCommand = defineCommand<SmtpCliOptions>({
  name: 'smtp',
  description: 'diagnose an SMTP server: connection, TLS, login, sender, recipients, and optionally send a test message',
  argument: { name: 'host[:port]', required: true, description: 'server name or address, with an optional port (no port: try 587, 465 and 25)' },
  options: [
    ...connectionOptions({ timeoutMs: 10_000 }),
    { flags: '--auth-type <mechanism>', description: 'SASL mechanism to use instead of the best offered', choices: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2', 'plain', 'login', 'cram-md5', 'xoauth2'] },
    { flags: '--from <address>', description: 'envelope sender (MAIL FROM); default: --user when it is an address' },
    { flags: '--to <address>', description: 'envelope recipient (RCPT TO); repeatable', repeatable: true },
    { flags: '--send', description: 'send a small, clearly labelled test message after RCPT TO (needs --from and --to)' },
    { flags: '--data <file>', description: 'with --send: send this RFC 5322 message instead of the test message' },
    { flags: '--ehlo <name>', description: "name to greet with in EHLO/HELO (default: this machine's FQDN or address literal)" },
    { flags: '--mode <mode>', description: 'submission (a client sending through its server) or mx (a server delivering to port 25, no login)', choices: ['submission', 'mx'], default: 'submission' },
  ],
  helpAfter: `Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the MAILDOCTOR_PASSWORD environment variable, or a prompt.
Examples:
  maildoctor smtp smtp.example.com --user alice@example.com
  maildoctor smtp mail.example.com:587 --user alice@example.com --from alice@example.com --to bob@example.org --send
  maildoctor smtp mx1.example.org --mode mx --json`,
  async run(target, opts) {
    const { runSmtpCommand } = await import('./smtp-run.js');
    return runSmtpCommand(target as string, opts);
  },
});
