/**
 * @module cli/commands/pop3
 * `maildoctor pop3 HOST[:PORT]`: diagnose a POP3 account (connection, TLS, login, STAT).
 * It never downloads or deletes mail. Options only; the probe is imported on use.
 */
import { defineCommand } from '../args.js';
import { connectionOptions, type ConnectionCliOptions } from '../options.js';

export const pop3Command = defineCommand<ConnectionCliOptions>({
  name: 'pop3',
  description: 'diagnose a POP3 server and account: connection, TLS, login, message count (never downloads or deletes)',
  argument: { name: 'host[:port]', required: true, description: 'server name or address, with an optional port (no port: try 995 with TLS, then 110 with STLS)' },
  options: [
    ...connectionOptions({ timeoutMs: 10_000 }),
    {
      flags: '--auth-type <mechanism>',
      description: 'login method: USER (USER/PASS), PLAIN, XOAUTH2 (the password is the access token) or APOP',
      choices: ['USER', 'PLAIN', 'XOAUTH2', 'APOP', 'user', 'plain', 'xoauth2', 'apop'],
    },
  ],
  helpAfter: `Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the MAILDOCTOR_PASSWORD environment variable, or a prompt.
The probe sends only CAPA, STLS, the login, STAT and QUIT: never RETR, TOP or DELE.
Examples:
  maildoctor pop3 pop.example.com --user alice@example.com
  maildoctor pop3 mail.example.com:110 --security starttls --user alice --json`,
  async run(target, opts) {
    const { runPop3Command } = await import('./incoming-run.js');
    return runPop3Command(target as string, opts);
  },
});
