/**
 * @module cli/commands/incoming-run
 * The actions of `maildoctor imap` and `maildoctor pop3` (loaded on use so that --help
 * stays fast): read the password and CA file, run the probe, print the report.
 */
import { UsageError } from '../../core/errors.js';
import type { Report } from '../../core/report.js';
import { DnsClient } from '../../dns/client.js';
import type { CommonProbeOptions } from '../../probes/common/types.js';
import { probeImap, renderImapFacts, type ImapFacts } from '../../probes/imap/index.js';
import { probePop3, renderPop3Facts, type Pop3Facts } from '../../probes/pop3/index.js';
import { parseDnsServer, parseHostPort, readCaFile, readPasswordFor, type ConnectionCliOptions } from '../options.js';
import { emitReport, warn } from '../output.js';
import type { ImapCliOptions } from './imap.js';

async function commonOptions(target: string, opts: ConnectionCliOptions): Promise<CommonProbeOptions> {
  const hp = parseHostPort(target);
  const ca = await readCaFile(opts.ca);
  const dnsServer = parseDnsServer(opts.dns);
  let password: string | undefined;
  if (opts.user) {
    const secret = await readPasswordFor(opts);
    if (!secret) {
      throw new UsageError(`no password for ${opts.user}: use --password-file FILE or MAILDOCTOR_PASSWORD (or run on a terminal to be prompted)`);
    }
    for (const w of secret.warnings) warn(w);
    password = secret.value;
  } else if (opts.password !== undefined || opts.passwordFile !== undefined) {
    throw new UsageError('a password was given without --user');
  }
  return {
    host: hp.host,
    port: hp.port,
    security: opts.security ?? 'auto',
    user: opts.user,
    password,
    authType: opts.authType?.toUpperCase(),
    allowPlaintextAuth: opts.allowPlaintextAuth,
    timeoutMs: opts.timeout,
    ca,
    tlsName: opts.tlsName,
    dns: new DnsClient({ server: dnsServer, timeoutMs: opts.timeout }),
  };
}

export async function runImapCommand(target: string, opts: ImapCliOptions): Promise<number> {
  const report = await probeImap({ ...(await commonOptions(target, opts)), folders: opts.folders });
  return emitReport(report, { json: opts.json, verbose: opts.verbose, renderFacts: (r: Report<ImapFacts>) => renderImapFacts(r) });
}

export async function runPop3Command(target: string, opts: ConnectionCliOptions): Promise<number> {
  const report = await probePop3(await commonOptions(target, opts));
  return emitReport(report, { json: opts.json, verbose: opts.verbose, renderFacts: (r: Report<Pop3Facts>) => renderPop3Facts(r) });
}
