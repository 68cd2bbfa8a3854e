/**
 * @module cli/commands/imap
 * `maildoctor imap HOST[:PORT]`: diagnose an IMAP account (connection, TLS, login, folders,
 * INBOX). Read-only. Options only; the probe is imported on use.
 */
import { defineCommand } from '../args.js';
import { connectionOptions, type ConnectionCliOptions } from '../options.js';

export interface ImapCliOptions extends ConnectionCliOptions {
  folders?: boolean;
}

export const imapCommand = defineCommand<ImapCliOptions>({
  name: 'imap',
  description: 'diagnose an IMAP server and account: connection, TLS, login, folders with their roles, INBOX counts (read-only)',
  argument: { name: 'host[:port]', required: true, description: 'server name or address, with an optional port (no port: try 993 with TLS, then 143 with STARTTLS)' },
  options: [
    ...connectionOptions({ timeoutMs: 10_000 }),
    {
      flags: '--auth-type <mechanism>',
      description: 'login method: LOGIN (the LOGIN command), PLAIN or XOAUTH2 (AUTHENTICATE; the password is the access token)',
      choices: ['LOGIN', 'PLAIN', 'XOAUTH2', 'login', 'plain', 'xoauth2'],
    },
    { flags: '--folders', description: 'also count the messages of every folder (STATUS MESSAGES UNSEEN)' },
  ],
  helpAfter: `Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the MAILDOCTOR_PASSWORD environment variable, or a prompt.
The probe never changes the mailbox: it opens INBOX with EXAMINE (read-only).
Examples:
  maildoctor imap imap.example.com --user alice@example.com
  maildoctor imap mail.example.com:143 --security starttls --user alice --folders
  maildoctor imap outlook.office365.com --user alice@example.com --auth-type XOAUTH2 --password-file token.txt --json`,
  async run(target, opts) {
    const { runImapCommand } = await import('./incoming-run.js');
    return runImapCommand(target as string, opts);
  },
});
