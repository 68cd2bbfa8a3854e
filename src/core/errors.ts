/**
 * @module core/errors
 * Exceptions are for bad usage and bugs only. Network and protocol outcomes are never thrown:
 * they become findings in a report.
 */

/** The user asked for something impossible or malformed (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** An input file or stream could not be read (exit code 2). */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
}

/**
 * Standard output could not be written. EPIPE: its reader went away (`maildoctor bounce DIR |
 * head`), so the run stops quietly, since nobody reads what follows (exit code 141); any other
 * code (disk full, I/O error) is reported (exit code 74). See EXIT.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly exitCode: number;
  constructor(readonly code: string | undefined, detail: string) {
    super(`cannot write the output: ${detail}`);
    this.exitCode = code === 'EPIPE' ? EXIT.outputClosed : EXIT.outputError;
  }
}

/**
 * Exit codes shared by every command. `outputClosed` is 128 + SIGPIPE, the status of a program
 * that the closed pipe killed (what `set -o pipefail` sees of `git log | head`); `outputError`
 * is sysexits' EX_IOERR (the output could not be written: disk full, I/O error).
 */
export const EXIT = { healthy: 0, problem: 1, usage: 2, outputClosed: 141, outputError: 74 } as const;
