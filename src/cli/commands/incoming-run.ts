/**
 * @module cli/commands/incoming-run
 * The actions of `maildoctor imap` and `maildoctor pop3` (loaded on use so that --help
 * stays fast): read the password and CA file, run the probe, print the report.
 */
import type { Report } from '../../core/report.js';
import { probeImap, renderImapFacts, type ImapFacts } from '../../probes/imap/index.js';
import { probePop3, renderPop3Facts, type Pop3Facts } from '../../probes/pop3/index.js';
import type { ConnectionCliOptions } from '../options.js';
import { probeOptionsFromCli } from '../probe-options.js';
import { emitReport } from '../output.js';
import type { ImapCliOptions } from './imap.js';

export async function runImapCommand(target: string, opts: ImapCliOptions): Promise<number> {
  const report = await probeImap({ ...(await probeOptionsFromCli(target, opts)), folders: opts.folders });
  return emitReport(report, { json: opts.json, verbose: opts.verbose, renderFacts: (r: Report<ImapFacts>) => renderImapFacts(r) });
}

export async function runPop3Command(target: string, opts: ConnectionCliOptions): Promise<number> {
  const report = await probePop3(await probeOptionsFromCli(target, opts));
  return emitReport(report, { json: opts.json, verbose: opts.verbose, renderFacts: (r: Report<Pop3Facts>) => renderPop3Facts(r) });
}
