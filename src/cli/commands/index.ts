/**
 * @module cli/commands
 * The command table. Each entry registers one subcommand (options only; the implementation
 * is imported when the command runs).
 */
import type { Command } from 'commander';
import { registerCauses } from './causes.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerCauses];
