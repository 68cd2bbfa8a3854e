/**
 * @module cli/commands/domain
 * `maildoctor domain DOMAIN` / `maildoctor domain --file LIST`: the mail health of a domain
 * (MX, MX hosts and their TLS, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, blocklists, client
 * settings). Options only; the implementation is imported on use.
 */
import { defineCommand } from '../args.js';
import { durationArg, outputOptions, portArg, positiveIntArg } from '../options.js';

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

export const domainCommand = defineCommand<DomainCliOptions>({
  name: 'domain',
  description: 'check the mail health of a domain: MX and its hosts (reverse DNS, SMTP, TLS), SPF, DKIM, DMARC, MTA-STS, TLS-RPT, blocklists, client settings',
  argument: { name: 'domain', required: false, description: 'the domain to check (or --file for many)' },
  options: [
    { flags: '--file <file>', description: 'check every domain listed in FILE (one per line, # comments; "-" for stdin), one result line each' },
    { flags: '--ip <address>', description: 'a sending IP address: its SPF result, reverse DNS and blocklist listings' },
    { flags: '--dkim-selector <selector>', description: 'DKIM selector to check (repeatable); common names are probed as well', repeatable: true },
    { flags: '--no-dkim-probe', description: 'do not probe common DKIM selector names' },
    { flags: '--dns <server>', description: 'ask this DNS server (HOST[:PORT]) instead of the system resolvers' },
    { flags: '--dnsbl <zone>', description: 'DNS blocklist zone to look addresses up in (repeatable; default: zen.spamhaus.org, bl.spamcop.net, b.barracudacentral.org, psbl.surriel.com, bl.mailspike.net)', repeatable: true },
    { flags: '--no-dnsbl', description: 'skip the blocklist lookups' },
    { flags: '--no-smtp', description: 'do not connect to the MX hosts (nor to the client-settings hosts): DNS and the MTA-STS policy only' },
    { flags: '--ca <file>', description: 'also trust the CA certificate(s) in this PEM file (MX certificates, HTTPS policy and autoconfig)' },
    { flags: '--smtp-port <port>', description: 'port to probe the MX hosts on', parse: portArg, default: 25 },
    { flags: '--https-port <port>', description: 'port to fetch the MTA-STS policy and autoconfig file from', parse: portArg, default: 443 },
    { flags: '--ehlo <name>', description: 'name to greet the MX hosts with (default: this machine\'s FQDN or address literal)' },
    { flags: '--timeout <duration>', description: 'time limit of each step (a DNS query, an SMTP step, an HTTPS fetch)', parse: durationArg, default: 10_000, defaultText: '10s' },
    { flags: '--concurrency <n>', description: 'with --file: domains checked at the same time', parse: positiveIntArg, default: 10 },
    ...outputOptions('also print the SPF lookup tree and the transcript', 'print the report as JSON (with --file: one JSON report per line)'),
  ],
  helpAfter: `Exit codes: 0 healthy (warnings allowed), 1 a problem was found (for --file: in any domain), 2 bad usage.
With --file and --json, each line of stdout is one report and the summary goes to stderr;
without --json, each domain is one line and the summary is the last line.
Examples:
  maildoctor domain example.com
  maildoctor domain example.com --ip 192.0.2.10 --dkim-selector s1 --json
  maildoctor domain --file domains.txt --json --no-smtp --concurrency 20 > results.jsonl`,
  async run(domain, opts) {
    const { runDomainCommand } = await import('./domain-run.js');
    return runDomainCommand(domain, opts);
  },
});
