/**
 * @module cli/commands/domain-run
 * The action of `maildoctor domain` (loaded on use): validates the options, then checks one
 * domain and prints its report, or runs the batch over --file.
 */
import { access } from 'node:fs/promises';
import { ipVersion } from '../../net/ip.js';
import { EXIT, InputError, UsageError } from '../../core/errors.js';
import type { Report } from '../../core/report.js';
import { DnsClient } from '../../dns/client.js';
import { DEFAULT_DNSBL_ZONES } from '../../dns/dnsbl.js';
import { runDomainBatch } from '../../domain/batch.js';
import { checkDomain, type DomainCheckOptions, type DomainFacts } from '../../domain/check-domain.js';
import { renderDomainFacts } from '../../domain/render.js';
import { parseDnsServer, readCaFile } from '../options.js';
import { emitReport } from '../output.js';
import type { DomainCliOptions } from './domain.js';

export async function runDomainCommand(domain: string | undefined, opts: DomainCliOptions): Promise<number> {
  if (domain && opts.file) throw new UsageError('give either a domain or --file, not both');
  if (!domain && !opts.file) throw new UsageError('give a domain to check, or --file LIST');
  if (opts.ip && ipVersion(opts.ip) === 0) throw new UsageError(`--ip ${opts.ip} is not an IP address`);
  const dnsbl = opts.dnsbl === false ? [] : opts.dnsbl?.length ? opts.dnsbl : DEFAULT_DNSBL_ZONES;
  for (const z of dnsbl) if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i.test(z)) throw new UsageError(`--dnsbl ${z} is not a DNS zone name`);
  const ca = await readCaFile(opts.ca);
  const check: DomainCheckOptions = {
    ip: opts.ip,
    dkimSelectors: opts.dkimSelector,
    probeDkimSelectors: opts.dkimProbe,
    dnsbl,
    smtp: opts.smtp,
    smtpPort: opts.smtpPort,
    httpsPort: opts.httpsPort,
    ca,
    timeoutMs: opts.timeout,
    ehloName: opts.ehlo,
  };
  const dns = new DnsClient({ server: parseDnsServer(opts.dns), timeoutMs: opts.timeout });
  if (opts.file) {
    if (opts.file !== '-') {
      try {
        await access(opts.file);
      } catch (e) {
        throw new InputError(`cannot read --file ${opts.file}: ${(e as Error).message}`);
      }
    }
    const s = await runDomainBatch({ file: opts.file, concurrency: opts.concurrency, json: Boolean(opts.json), check, deps: { dns } });
    return s.problems || s.internalErrors ? EXIT.problem : EXIT.healthy;
  }
  const report = await checkDomain(domain as string, check, { dns });
  if (report.cause === 'domain-invalid') throw new UsageError(`"${domain as string}" is not a valid domain name`);
  return emitReport(report, {
    json: opts.json,
    verbose: opts.verbose,
    renderFacts: ((r: Report<DomainFacts>) => renderDomainFacts(r, Boolean(opts.verbose))),
  });
}
