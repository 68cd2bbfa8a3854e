#!/usr/bin/env node
/**
 * @module cli/main
 * The `maildoctor` command. Each subcommand declares its options in cli/commands/<cmd>.ts
 * and loads its implementation with a dynamic import when it runs, so `--help` stays fast.
 * Exit codes: 0 healthy, 1 a problem was diagnosed, 2 bad usage or unreadable input.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/version.js';
import { EXIT } from '../core/errors.js';
import { COMMANDS } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('maildoctor')
    .description('Diagnose email delivery: what failed, at which step, why, and what to do.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.healthy;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version succeed; help shown because no command was given is bad usage
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.healthy;
      return EXIT.usage;
    }
    const e = err as Error & { exitCode?: number };
    if (e && (e.name === 'UsageError' || e.name === 'InputError')) {
      process.stderr.write(`maildoctor: ${e.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`maildoctor: internal error: ${e?.stack ?? String(e)}\n`);
    process.stderr.write('This is a bug in maildoctor; please report it with the command you ran (without passwords).\n');
    return 70;
  }
}

const code = await main(process.argv);
process.exitCode = code;
