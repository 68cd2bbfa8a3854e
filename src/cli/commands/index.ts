/**
 * @module cli/commands
 * The command table. Each entry declares one subcommand: its argument, options and help
 * (cli/args.ts); its implementation is imported only when the command runs.
 */
import type { CommandDef } from '../args.js';
import { causesCommand } from './causes.js';
import { bounceCommand } from './bounce.js';
import { smtpCommand } from './smtp.js';
import { accountCommand } from './account.js';
import { imapCommand } from './imap.js';
import { pop3Command } from './pop3.js';
import { domainCommand } from './domain.js';

export const COMMANDS: readonly CommandDef[] = [causesCommand, smtpCommand, imapCommand, pop3Command, accountCommand, bounceCommand, domainCommand];
