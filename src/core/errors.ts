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

/** Exit codes shared by every command. */
export const EXIT = { healthy: 0, problem: 1, usage: 2 } as const;
