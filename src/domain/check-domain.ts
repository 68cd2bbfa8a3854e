/**
 * @module domain/check-domain
 * `checkDomain`: the whole mail health of a domain in one report. The MX lookup goes first
 * (an NXDOMAIN there ends the diagnosis: nothing else can exist); then everything runs in
 * parallel: MX hosts (addresses, reverse DNS, SMTP probes), SPF, DKIM, DMARC, MTA-STS and
 * TLS-RPT, blocklists (once the MX addresses are known) and client settings. The SMTP
 * findings are re-read at the end with the MTA-STS mode (enforce turns TLS problems into
 * errors). Findings are ordered by section, so the verdict is the first error in the order
 * a delivery meets them: MX, the hosts, authentication, policies, reputation, clients.
 */
import { domainToASCII } from 'node:url';
import { ipVersion } from '../net/ip.js';
import type { Finding } from '../core/finding.js';
import { buildReport, type Report } from '../core/report.js';
import { Transcript } from '../core/transcript.js';
import { createLimiter } from '../dns/limit.js';
import { clientBackend, DnsSession } from '../dns/session.js';
import { finding, type CheckContext, type DomainCheckDeps, type DomainCheckOptions } from './context.js';
import { checkClientSettings, type ClientSettingsFacts } from './client-settings.js';
import { checkDkim, type DkimFacts } from './dkim.js';
import { checkDmarc, type DmarcFacts } from './dmarc.js';
import { checkMtaSts, checkTlsRpt, type MtaStsFacts, type TlsRptFacts } from './mta-sts.js';
import { checkMxAddresses, checkPtr, lookupMx, resolveMxHosts, unreachableFindings, type MxFacts, type PtrFacts } from './mx.js';
import { mxFindings } from './mx-probe.js';
import { checkReputation, type ReputationFacts, type ReputationTarget } from './reputation.js';
import { checkSpf, type SpfFacts } from './spf.js';

export type { DomainCheckOptions, DomainCheckDeps } from './context.js';

export interface DomainFacts {
  domain: string;
  /** --ip, with its reverse DNS */
  ip: (PtrFacts & { spf: string | null }) | null;
  mx: MxFacts;
  spf: SpfFacts | null;
  dkim: DkimFacts | null;
  dmarc: DmarcFacts | null;
  mtaSts: MtaStsFacts | null;
  tlsRpt: TlsRptFacts | null;
  reputation: ReputationFacts | null;
  clientSettings: ClientSettingsFacts | null;
  dns: {
    /** the server asked ("system" for the system's resolvers) */
    server: string;
    queries: number;
    /** every answer read: "name TYPE" -> records, or the error code */
    records: Record<string, string[] | string>;
  };
}

/** Normalises a domain name (lower case, no trailing dot, IDNA to ASCII); null when invalid. */
export function normalizeDomain(input: string): string | null {
  let d = input.trim().replace(/\.$/, '');
  if (!d || d.includes('@') || d.includes('/') || d.includes(' ') || ipVersion(d)) return null;
  if (/[^\u0020-\u007e]/.test(d)) {
    d = domainToASCII(d);
    if (!d) return null;
  }
  d = d.toLowerCase();
  if (d.length > 253) return null;
  const labels = d.split('.');
  if (labels.length < 2) return null;
  for (const l of labels) {
    if (!l || l.length > 63) return null;
    if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(l)) return null;
  }
  return d;
}

const SECTION_ORDER = ['dns', 'mx', 'ptr', 'smtp', 'spf', 'dkim', 'dmarc', 'mta-sts', 'tlsrpt', 'reputation', 'client-settings'] as const;

export async function checkDomain(input: string, opts: DomainCheckOptions, deps: DomainCheckDeps): Promise<Report<DomainFacts>> {
  const startedAt = new Date();
  const transcript = new Transcript();
  const domain = normalizeDomain(input);
  const server = deps.dns.server ? `${deps.dns.server.host}:${deps.dns.server.port}` : 'system';
  const target: Record<string, unknown> = { domain: domain ?? input };
  if (opts.ip) target.ip = opts.ip;
  if (opts.dkimSelectors?.length) target.dkimSelectors = opts.dkimSelectors;
  const session = new DnsSession({ backend: deps.backend ?? clientBackend(deps.dns), cache: deps.cache, limiter: deps.limiter ?? createLimiter(32), transcript });
  const facts: DomainFacts = {
    domain: domain ?? input,
    ip: null,
    mx: { records: [], nullMx: false, implicit: false, hosts: [] },
    spf: null,
    dkim: null,
    dmarc: null,
    mtaSts: null,
    tlsRpt: null,
    reputation: null,
    clientSettings: null,
    dns: { server, queries: 0, records: {} },
  };
  const done = (findings: Finding[], healthy: string): Report<DomainFacts> => {
    facts.dns.queries = session.queries;
    facts.dns.records = session.recordsRead();
    return buildReport({ kind: 'domain', target, startedAt, findings, facts, transcript, healthySummary: healthy });
  };
  if (!domain) {
    const ctx0 = { domain: input, opts, deps, session, transcript } satisfies CheckContext;
    return done([finding(ctx0, 'domain-invalid', 'input', { evidence: [{ kind: 'config', excerpt: JSON.stringify(input) }] })], '');
  }
  const ctx: CheckContext = { domain, opts, deps, session, transcript };
  const sections = new Map<(typeof SECTION_ORDER)[number], Finding[]>();
  const add = (s: (typeof SECTION_ORDER)[number], f: Finding[]): void => {
    sections.set(s, [...(sections.get(s) ?? []), ...f]);
  };

  const mx = await lookupMx(ctx);
  add('mx', mx.findings);
  facts.mx = mx.facts;
  if (mx.domainMissing) return done(mx.findings, '');

  const mxHostsP = resolveMxHosts(ctx, mx).then((f) => add('mx', f));
  const addressesP = mxHostsP.then(() => checkMxAddresses(ctx, mx));
  const mxNames = mx.facts.implicit ? [] : mx.facts.hosts.map((h) => h.host);
  const stsP = checkMtaSts(ctx, mxNames);
  const tasks: Promise<void>[] = [
    checkSpf(ctx).then((r) => {
      facts.spf = r.facts;
      add('spf', r.findings);
    }),
    checkDkim(ctx).then((r) => {
      facts.dkim = r.facts;
      add('dkim', r.findings);
    }),
    checkDmarc(ctx).then((r) => {
      facts.dmarc = r.facts;
      add('dmarc', r.findings);
    }),
    stsP.then(async (r) => {
      facts.mtaSts = r.facts;
      add('mta-sts', r.findings);
      const t = await checkTlsRpt(ctx, r.facts.record !== null);
      facts.tlsRpt = t.facts;
      add('tlsrpt', t.findings);
    }),
    checkClientSettings(ctx).then((r) => {
      facts.clientSettings = r.facts;
      add('client-settings', r.findings);
    }),
  ];
  if (opts.ip) {
    tasks.push(
      checkPtr(ctx, opts.ip, { host: `--ip ${opts.ip}`, severity: 'error', attempt: `--ip ${opts.ip}` }).then((r) => {
        facts.ip = { ...r.facts, spf: null };
        add('ptr', r.findings);
      }),
    );
  }
  if (opts.dnsbl.length) {
    tasks.push(
      mxHostsP.then(async () => {
        const targets: ReputationTarget[] = [];
        if (opts.ip) targets.push({ address: opts.ip, role: '--ip', sending: true });
        for (const h of mx.facts.hosts) for (const a of h.addresses.slice(0, 4)) targets.push({ address: a.address, role: `MX ${h.host}`, sending: false });
        const r = await checkReputation(ctx, targets);
        facts.reputation = r.facts;
        add('reputation', r.findings);
      }),
    );
  }
  const [addrs] = await Promise.all([addressesP, ...tasks]);
  add('ptr', addrs.ptr);

  // SMTP findings, read with the MTA-STS mode
  const stsMode = facts.mtaSts?.mode ?? null;
  add('mx', unreachableFindings(ctx, mx));
  for (const h of mx.facts.hosts) {
    for (const a of h.addresses) {
      const attempt = `${h.host} ${a.address}`;
      const raw = addrs.smtp.get(attempt);
      if (!raw) continue;
      const list = mxFindings(raw, { mxHost: h.host, address: a.address, port: opts.smtpPort, stsMode, starttls: a.smtp?.starttls ?? null, ehlo: a.smtp?.ehlo ?? [] });
      if (h.reachable === false) {
        // a host that did not answer is reported once, by mx-unreachable; its connect failures stay as detail
        add('smtp', list.map((f) => ({ ...f, severity: 'info' as const })));
      } else if (a.smtp && !a.smtp.reachable) {
        // one address down while another answers: senders move on to the next address, so this
        // is degraded, not down; no route from here (typically IPv6) says more about this network
        add('smtp', list.map((f) => (f.severity === 'error' || f.severity === 'critical' ? { ...f, severity: f.cause === 'network-unreachable' ? ('info' as const) : ('warning' as const) } : f)));
      } else add('smtp', list);
    }
  }
  if (facts.ip && facts.spf?.result) facts.ip.spf = facts.spf.result.result;

  const findings = mergeDnsFailures(SECTION_ORDER.flatMap((s) => sections.get(s) ?? []));
  const problems = findings.filter((f) => f.severity === 'warning').length;
  const healthy = `${domain}: mail DNS${opts.smtp ? ', MX hosts' : ''} and policies look healthy${problems ? ` (${problems} warning${problems > 1 ? 's' : ''})` : ''}`;
  return done(findings, healthy);
}

/**
 * One dns-failure per stage and failure code: when a resolver is down, every lookup of a
 * section fails the same way, and 22 identical DKIM findings would hide the point. The
 * merged finding names every lookup that failed and keeps the first few answers as evidence.
 */
export function mergeDnsFailures(findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.cause !== 'dns-failure') {
      out.push(f);
      continue;
    }
    const key = `${f.stage} ${f.slots.detail ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else {
      groups.set(key, [f]);
      out.push(f);
    }
  }
  return out.map((f) => {
    const g = f.cause === 'dns-failure' ? groups.get(`${f.stage} ${f.slots.detail ?? ''}`) : undefined;
    if (!g || g.length === 1) return f;
    const names = g.map((x) => x.slots.name ?? '?');
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
    const severity = g.some((x) => x.severity === 'error') ? 'error' : f.severity;
    return {
      ...f,
      severity,
      slots: { ...f.slots, name: shown },
      summary: `${g.length} DNS lookups failed with ${f.slots.detail ?? 'an error'}: ${shown}`,
      evidence: g.slice(0, 8).flatMap((x) => x.evidence),
    };
  });
}
