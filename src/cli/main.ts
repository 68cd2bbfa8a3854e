#!/usr/bin/env node
/**
 * @module cli/main
 * The `maildoctor` executable: runs the program (cli/program.ts) on this process's arguments.
 */
import { OutputError } from '../core/errors.js';
import { main, reportOutputError } from './program.js';

// Standard output that fails (a reader that stopped reading closes the pipe: EPIPE) reports it
// as an 'error' event, which would otherwise end the process with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  process.exit(reportOutputError(new OutputError(err.code, err.message)));
});

process.exitCode = await main(process.argv.slice(2));
