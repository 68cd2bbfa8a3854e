/**
 * @module cli/program
 * The `maildoctor` program: its command table and `main`, which parses a command line, runs
 * the command and maps errors to exit codes: 0 healthy, 1 a problem was diagnosed, 2 bad
 * usage or unreadable input, 70 a bug, 74 the output could not be written, 141 the output was
 * closed by its reader. Each subcommand declares its options in
 * cli/commands/<cmd>.ts (parsed by cli/args.ts) and loads its implementation with a dynamic
 * import when it runs, so that start-up stays short.
 */
import { VERSION } from '../core/version.js';
import { EXIT, OutputError } from '../core/errors.js';
import { ArgError, parseCommandLine, programHelp, type ProgramDef } from './args.js';
import { COMMANDS } from './commands/index.js';

export const PROGRAM: ProgramDef = {
  name: 'maildoctor',
  description: 'Diagnose email delivery: what failed, at which step, why, and what to do.',
  version: VERSION,
  commands: COMMANDS,
};

let outputErrorReported = false;

/**
 * Says once that standard output failed (nothing for a closed pipe: its reader is gone on
 * purpose) and returns the exit code. Both the command that meets the failure and the stream's
 * 'error' event that follows it report it (see cli/main.ts).
 */
export function reportOutputError(err: OutputError): number {
  if (!outputErrorReported && err.code !== 'EPIPE') process.stderr.write(`maildoctor: ${err.message}\n`);
  outputErrorReported = true;
  return err.exitCode;
}

/** Runs the CLI on `argv` (without the node and script paths); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseCommandLine(PROGRAM, argv);
    if (parsed.kind === 'print') {
      process.stdout.write(parsed.text);
      return parsed.code;
    }
    return await parsed.command.run(parsed.arg, parsed.opts, parsed.args);
  } catch (err) {
    const e = err as Error & { exitCode?: number };
    if (err instanceof ArgError) {
      process.stderr.write(`maildoctor: ${e.message}\n`);
      if (argv.length === 0) process.stderr.write(programHelp(PROGRAM));
      else process.stderr.write(`(run 'maildoctor ${err.helpFor ? `${err.helpFor} ` : ''}--help' for usage)\n`);
      return EXIT.usage;
    }
    if (err instanceof OutputError) return reportOutputError(err);
    if (e && (e.name === 'UsageError' || e.name === 'InputError')) {
      process.stderr.write(`maildoctor: ${e.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`maildoctor: internal error: ${e?.stack ?? String(e)}\n`);
    process.stderr.write('This is a bug in maildoctor; please report it with the command you ran (without passwords).\n');
    return 70;
  }
}
