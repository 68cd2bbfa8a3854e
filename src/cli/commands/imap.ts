/**
 * @module cli/commands/imap
 * `maildoctor imap HOST[:PORT]`: diagnose an IMAP account (connection, TLS, login, folders,
 * INBOX). Read-only. Options only; the probe is imported on use.
 */
import { Option, type Command } from 'commander';
import { addConnectionOptions, type ConnectionCliOptions } from '../options.js';

export interface ImapCliOptions extends ConnectionCliOptions {
  folders?: boolean;
}

export function registerImap(program: Command): void {
  const cmd = program
    .command('imap')
    .description('diagnose an IMAP server and account: connection, TLS, login, folders with their roles, INBOX counts (read-only)')
    .argument('<host[:port]>', 'server name or address, with an optional port (no port: try 993 with TLS, then 143 with STARTTLS)');
  addConnectionOptions(cmd, { timeoutMs: 10_000 });
  cmd
    .addOption(
      new Option('--auth-type <mechanism>', 'login method: LOGIN (the LOGIN command), PLAIN or XOAUTH2 (AUTHENTICATE; the password is the access token)').choices([
        'LOGIN',
        'PLAIN',
        'XOAUTH2',
        'login',
        'plain',
        'xoauth2',
      ]),
    )
    .option('--folders', 'also count the messages of every folder (STATUS MESSAGES UNSEEN)')
    .addHelpText(
      'after',
      `
Exit codes: 0 healthy, 1 problem diagnosed, 2 bad usage.
Password: --password-file FILE, the MAILDOCTOR_PASSWORD environment variable, or a prompt.
The probe never changes the mailbox: it opens INBOX with EXAMINE (read-only).
Examples:
  maildoctor imap imap.example.com --user alice@example.com
  maildoctor imap mail.example.com:143 --security starttls --user alice --folders
  maildoctor imap outlook.office365.com --user alice@example.com --auth-type XOAUTH2 --password-file token.txt --json`,
    )
    .action(async (target: string, opts: ImapCliOptions) => {
      const { runImapCommand } = await import('./incoming-run.js');
      process.exitCode = await runImapCommand(target, opts);
    });
}
