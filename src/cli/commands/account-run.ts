/**
 * @module cli/commands/account-run
 * The action of `maildoctor account` (loaded on use so that --help stays fast): validates
 * the options, reads the password, runs the account check and prints the report.
 */
import { UsageError } from '../../core/errors.js';
import { DnsClient } from '../../dns/client.js';
import { checkAccount, type HostPortInput } from '../../account/check.js';
import { splitAddress } from '../../account/autoconfig-xml.js';
import { renderAccountFacts } from '../../account/render.js';
import type { AccountFacts } from '../../account/facts.js';
import type { MailProtocol } from '../../account/types.js';
import type { Report } from '../../core/report.js';
import { parseDnsServer, parseHostPort, readCaFile } from '../options.js';
import { loginPassword } from '../probe-options.js';
import { emitReport } from '../output.js';
import type { AccountCliOptions } from './account.js';

export async function runAccountCommand(address: string, opts: AccountCliOptions): Promise<number> {
  const a = splitAddress(address);
  if (!a) throw new UsageError(`"${address}" is not an e-mail address (expected user@domain)`);
  if (opts.httpPort && !opts.allowHttp) throw new UsageError('--http-port is only used with --allow-http');
  const client: Partial<Record<MailProtocol, HostPortInput>> = {};
  if (opts.imapHost) client.imap = parseHostPort(opts.imapHost);
  if (opts.pop3Host) client.pop3 = parseHostPort(opts.pop3Host);
  if (opts.smtpHost) client.smtp = parseHostPort(opts.smtpHost);
  const ca = await readCaFile(opts.ca);
  const dnsServer = parseDnsServer(opts.dns);

  // the login defaults to the address, whose password is optional: without one only
  // connections and TLS are tested; a login name given with --user needs its password
  const password = opts.discoverOnly ? undefined : await loginPassword(opts.user ?? a.address, opts, opts.user !== undefined);
  const report = await checkAccount({
    address: a.address,
    user: opts.user,
    password,
    authType: opts.authType?.toUpperCase(),
    allowPlaintextAuth: opts.allowPlaintextAuth,
    timeoutMs: opts.timeout,
    ca,
    dns: new DnsClient({ server: dnsServer, timeoutMs: opts.timeout }),
    httpsPort: opts.httpsPort,
    httpPort: opts.httpPort,
    allowHttp: opts.allowHttp,
    client,
    incomingProtocol: opts.incoming,
    discoverOnly: opts.discoverOnly,
  });
  return emitReport(report, {
    json: opts.json,
    verbose: opts.verbose,
    renderFacts: (r: Report<AccountFacts>) => renderAccountFacts(r),
  });
}
