/**
 * @module cli/commands/smtp-run
 * The action of `maildoctor smtp` (loaded on use so that --help stays fast): validates the
 * options, reads the password and the --data file, runs the probe and prints the report.
 */
import { nodeFs } from '../../core/builtins.js';
import { InputError, UsageError } from '../../core/errors.js';
import { probeSmtp } from '../../probes/smtp/index.js';
import { renderSmtpFacts } from '../../probes/smtp/render.js';
import type { SmtpFacts } from '../../probes/smtp/types.js';
import type { Report } from '../../core/report.js';
import { parseHostPort } from '../options.js';
import { probeOptionsFromCli } from '../probe-options.js';
import { emitReport } from '../output.js';
import type { SmtpCliOptions } from './smtp.js';

export async function runSmtpCommand(target: string, opts: SmtpCliOptions): Promise<number> {
  parseHostPort(target); // a malformed target is a usage error before anything else
  const mode = opts.mode ?? 'submission';
  if (opts.send && (!opts.to?.length || !(opts.from || opts.user?.includes('@')))) {
    throw new UsageError('--send needs --from (or a --user that is an address) and at least one --to');
  }
  if (opts.data && !opts.send) throw new UsageError('--data is only used with --send');
  if (mode === 'mx' && opts.user) throw new UsageError('--mode mx does not log in: drop --user (or use --mode submission)');
  let data: Buffer | undefined;
  if (opts.data) {
    try {
      data = nodeFs().readFileSync(opts.data); // before any connection; nothing else to overlap with
    } catch (e) {
      throw new InputError(`cannot read --data file ${opts.data}: ${(e as Error).message}`);
    }
  }
  const report = await probeSmtp({
    ...(await probeOptionsFromCli(target, opts)),
    mode,
    from: opts.from,
    to: opts.to,
    send: opts.send,
    data,
    ehloName: opts.ehlo,
  });
  return emitReport(report, {
    json: opts.json,
    verbose: opts.verbose,
    renderFacts: (r: Report<SmtpFacts>) => renderSmtpFacts(r),
  });
}
