/**
 * @module cli/commands/smtp-run
 * The action of `maildoctor smtp` (loaded on use so that --help stays fast): validates the
 * options, reads the password and the --data file, runs the probe and prints the report.
 */
import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from '../../core/errors.js';
import { DnsClient } from '../../dns/client.js';
import { probeSmtp } from '../../probes/smtp/index.js';
import { renderSmtpFacts } from '../../probes/smtp/render.js';
import type { SmtpFacts } from '../../probes/smtp/types.js';
import type { Report } from '../../core/report.js';
import { parseDnsServer, parseHostPort, readCaFile, readPasswordFor } from '../options.js';
import { emitReport, warn } from '../output.js';
import type { SmtpCliOptions } from './smtp.js';

export async function runSmtpCommand(target: string, opts: SmtpCliOptions): Promise<number> {
  const hp = parseHostPort(target);
  const mode = opts.mode ?? 'submission';
  if (opts.send && (!opts.to?.length || !(opts.from || opts.user?.includes('@')))) {
    throw new UsageError('--send needs --from (or a --user that is an address) and at least one --to');
  }
  if (opts.data && !opts.send) throw new UsageError('--data is only used with --send');
  if (mode === 'mx' && opts.user) throw new UsageError('--mode mx does not log in: drop --user (or use --mode submission)');
  let data: Buffer | undefined;
  if (opts.data) {
    try {
      data = await readFile(opts.data);
    } catch (e) {
      throw new InputError(`cannot read --data file ${opts.data}: ${(e as Error).message}`);
    }
  }
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
  }
  const report = await probeSmtp({
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
