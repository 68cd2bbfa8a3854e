/**
 * @module cli/commands/bounce
 * `maildoctor bounce FILE|DIR|-`: explains every bounce in an .eml file, an mbox, a Maildir or
 * a directory of messages, one block (or one JSON line) per failed recipient.
 * Exit codes: 0 no failed recipient found, 1 at least one failed/delayed recipient or complaint,
 * 2 unreadable input.
 */
import type { Command } from 'commander';

export function registerBounce(program: Command): void {
  program
    .command('bounce')
    .description('explain bounce messages (DSN, non-delivery reports, feedback reports, auto-replies) per failed recipient')
    .argument('<path>', 'an .eml file, an mbox file, a Maildir or directory of messages, or - for standard input')
    .option('--json', 'one JSON object per line per recipient (a message that is not a bounce gives one line with reason "not-a-bounce")')
    .option('-v, --verbose', 'also show the rule that decided each reason and the original message headers')
    .action(async (path: string, opts: { json?: boolean; verbose?: boolean }) => {
      const { runBounce } = await import('../../bounce/run.js');
      process.exitCode = await runBounce(path, { json: Boolean(opts.json), verbose: Boolean(opts.verbose) });
    });
}
