#!/usr/bin/env node
/**
 * @module cli/main
 * The `maildoctor` executable: runs the program (cli/program.ts) on this process's arguments.
 */
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
