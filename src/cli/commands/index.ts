/**
 * @module cli/commands
 * The command table. Each entry registers one subcommand (options only; the implementation
 * is imported when the command runs).
 */
import type { Command } from 'commander';
import { registerCauses } from './causes.js';
import { registerBounce } from './bounce.js';
import { registerSmtp } from './smtp.js';
import { registerAccount } from './account.js';
import { registerImap } from './imap.js';
import { registerPop3 } from './pop3.js';
import { registerDomain } from './domain.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerCauses, registerSmtp, registerImap, registerPop3, registerAccount, registerBounce, registerDomain];
