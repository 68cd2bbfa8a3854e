/**
 * @module cli/commands/bounce
 * `maildoctor bounce FILE|DIR|-...`: explains every bounce in .eml files, mboxes, Maildirs or
 * directories of messages (several paths, e.g. a shell glob), one block (or one JSON line)
 * per failed recipient.
 * Exit codes: 0 no failed recipient found, 1 at least one failed/delayed recipient or complaint,
 * 2 unreadable input (or a file that is not mail: .msg, bzip2/xz/zstd, zip), 141 output closed.
 */
import { defineCommand } from '../args.js';
import { outputOptions } from '../options.js';
import { preferBatchJit } from '../jit.js';

export const bounceCommand = defineCommand<{ json?: boolean; verbose?: boolean }>({
  name: 'bounce',
  description: 'explain bounce messages (DSN, non-delivery reports, feedback reports, auto-replies) per failed recipient',
  argument: { name: 'path', required: true, variadic: true, description: 'an .eml file, an mbox file (either may be gzip-compressed), a Maildir (with its folders) or directory of messages, or - for standard input; several may be given (bounces/*.eml)' },
  options: outputOptions(
    'also show the rule that decided each reason and the original message headers',
    'one JSON object per line per recipient (a message that is not a bounce gives one line with reason "not-a-bounce")',
  ),
  async run(_path, opts, paths) {
    // a batch of thousands of messages in one short process: the faster-compiling tier
    preferBatchJit();
    const { runBounce } = await import('../../bounce/run.js');
    return runBounce(paths, { json: Boolean(opts.json), verbose: Boolean(opts.verbose) });
  },
});
