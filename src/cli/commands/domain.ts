/**
 * @module cli/commands/domain
 * `maildoctor domain DOMAIN` / `maildoctor domain --file LIST`: the mail health of a domain
 * (MX, MX hosts and their TLS, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, blocklists, client
 * settings). Options only; the implementation is imported on use.
 */
import type { Command } from 'commander';
import { collect, durationArg, portArg, positiveIntArg } from '../options.js';

export interface DomainCliOptions {
  file?: string;
  ip?: string;
  dkimSelector?: string[];
  dkimProbe: boolean;
  dns?: string;
  /** undefined: the default zones; false: --no-dnsbl */
  dnsbl?: string[] | false;
  smtp: boolean;
  ca?: string;
  smtpPort: number;
  httpsPort: number;
  ehlo?: string;
  timeout: number;
  concurrency: number;
  json?: boolean;
  verbose?: boolean;
}

export function registerDomain(program: Command): void {
  program
    .command('domain')
    .description('check the mail health of a domain: MX and its hosts (reverse DNS, SMTP, TLS), SPF, DKIM, DMARC, MTA-STS, TLS-RPT, blocklists, client settings')
    .argument('[domain]', 'the domain to check (or --file for many)')
    .option('--file <file>', 'check every domain listed in FILE (one per line, # comments; "-" for stdin), one result line each')
    .option('--ip <address>', 'a sending IP address: its SPF result, reverse DNS and blocklist listings')
    .option('--dkim-selector <selector>', 'DKIM selector to check (repeatable); common names are probed as well', collect)
    .option('--no-dkim-probe', 'do not probe common DKIM selector names')
    .option('--dns <server>', 'ask this DNS server (HOST[:PORT]) instead of the system resolvers')
    .option('--dnsbl <zone>', 'DNS blocklist zone to look addresses up in (repeatable; default: zen.spamhaus.org, bl.spamcop.net, b.barracudacentral.org, psbl.surriel.com, bl.mailspike.net)', collect)
    .option('--no-dnsbl', 'skip the blocklist lookups')
    .option('--no-smtp', 'do not connect to the MX hosts (nor to the client-settings hosts): DNS and the MTA-STS policy only')
    .option('--ca <file>', 'also trust the CA certificate(s) in this PEM file (MX certificates, HTTPS policy and autoconfig)')
    .option('--smtp-port <port>', 'port to probe the MX hosts on', portArg, 25)
    .option('--https-port <port>', 'port to fetch the MTA-STS policy and autoconfig file from', portArg, 443)
    .option('--ehlo <name>', 'name to greet the MX hosts with (default: this machine\'s FQDN or address literal)')
    .option('--timeout <duration>', 'time limit of each step (a DNS query, an SMTP step, an HTTPS fetch)', durationArg, 10_000)
    .option('--concurrency <n>', 'with --file: domains checked at the same time', positiveIntArg, 10)
    .option('--json', 'print the report as JSON (with --file: one JSON report per line)')
    .option('-v, --verbose', 'also print the SPF lookup tree and the transcript')
    .addHelpText(
      'after',
      `
Exit codes: 0 healthy (warnings allowed), 1 a problem was found (for --file: in any domain), 2 bad usage.
With --file and --json, each line of stdout is one report and the summary goes to stderr;
without --json, each domain is one line and the summary is the last line.
Examples:
  maildoctor domain example.com
  maildoctor domain example.com --ip 192.0.2.10 --dkim-selector s1 --json
  maildoctor domain --file domains.txt --json --no-smtp --concurrency 20 > results.jsonl`,
    )
    .action(async (domain: string | undefined, opts: DomainCliOptions) => {
      const { runDomainCommand } = await import('./domain-run.js');
      process.exitCode = await runDomainCommand(domain, opts);
    });
}
