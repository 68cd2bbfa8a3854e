/**
 * @module domain/mx
 * Where mail for the domain goes: the MX records (null MX, implicit MX when absent), each MX
 * host's name (IP literal, alias, NXDOMAIN, no address), its addresses, their reverse DNS
 * (PTR, forward-confirmed), and an SMTP probe of every address in parallel.
 */
import { ipVersion } from '../net/ip.js';
import type { Finding } from '../core/finding.js';
import { expandIpv6, reverseName, type DnsResult, type MxRecord } from '../dns/client.js';
import { createLimiter } from '../dns/limit.js';
import { dnsEvidence, isNegative, normName } from '../dns/session.js';
import { dnsFailure, finding, type CheckContext } from './context.js';
import { probeMxWithSmtp, type MxSmtpFacts } from './mx-probe.js';

export interface PtrFacts {
  address: string;
  /** PTR names (empty when none) */
  ptr: string[];
  /** a PTR name resolves back to the address; null when not checkable (no PTR, lookup failure) */
  fcrdns: boolean | null;
}

export interface MxAddressFacts extends PtrFacts {
  smtp?: MxSmtpFacts;
}

export interface MxHostFacts {
  host: string;
  /** null for the implicit MX (the domain's own address) */
  priority: number | null;
  status: 'ok' | 'ip-literal' | 'nxdomain' | 'no-address' | 'dns-failure' | 'not-checked';
  /** the alias target when the MX name is a CNAME */
  cname?: string;
  addresses: MxAddressFacts[];
  /** some address accepted an SMTP connection; null when not probed */
  reachable: boolean | null;
}

export interface MxFacts {
  records: MxRecord[];
  /** the domain publishes a null MX (RFC 7505) */
  nullMx: boolean;
  /** no MX: mail goes to the domain's own A/AAAA (RFC 5321 section 5.1) */
  implicit: boolean;
  hosts: MxHostFacts[];
}

export interface MxOutcome {
  facts: MxFacts;
  findings: Finding[];
  /** the MX lookup said the domain does not exist: nothing else is worth checking */
  domainMissing: boolean;
}

/** Raw MX findings and hosts, before probes. */
export interface MxLookup {
  res: DnsResult<'MX'>;
  facts: MxFacts;
  findings: Finding[];
  domainMissing: boolean;
}

function isNullMx(r: MxRecord): boolean {
  return r.exchange === '' || r.exchange === '.';
}

/** Step 1: the MX records (one query, asked first). */
export async function lookupMx(ctx: CheckContext): Promise<MxLookup> {
  const res = await ctx.session.query(ctx.domain, 'MX');
  const facts: MxFacts = { records: [], nullMx: false, implicit: false, hosts: [] };
  const findings: Finding[] = [];
  if (!res.ok) {
    if (res.code === 'NXDOMAIN') {
      findings.push(finding(ctx, 'domain-not-found', 'dns', { evidence: dnsEvidence(res) }));
      return { res, facts, findings, domainMissing: true };
    }
    if (!isNegative(res.code)) {
      findings.push(dnsFailure(ctx, 'mx', res, 'error', dnsEvidence(res)));
      return { res, facts, findings, domainMissing: false };
    }
    // NODATA: implicit MX
    facts.implicit = true;
    const addr = await ctx.session.addresses(ctx.domain);
    const ev = dnsEvidence(res, addr.a, addr.aaaa);
    if (addr.addresses.length) {
      findings.push(
        finding(ctx, 'mx-missing', 'mx', {
          severity: 'warning',
          summary: `${ctx.domain} has no MX record; senders deliver to its own address (${addr.addresses.join(', ')}) instead`,
          evidence: ev,
        }),
      );
      facts.hosts.push({ host: ctx.domain, priority: null, status: 'ok', addresses: addr.addresses.map((a) => ({ address: a, ptr: [], fcrdns: null })), reachable: null });
    } else {
      findings.push(finding(ctx, 'mx-missing', 'mx', { summary: `${ctx.domain} has no MX record and no address: mail to it cannot be delivered`, evidence: ev }));
    }
    return { res, facts, findings, domainMissing: false };
  }
  const records = [...res.records].sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  facts.records = records;
  const nulls = records.filter(isNullMx);
  if (nulls.length) {
    facts.nullMx = true;
    if (nulls.length === records.length) {
      findings.push(finding(ctx, 'mx-null', 'mx', { evidence: dnsEvidence(res) }));
      return { res, facts, findings, domainMissing: false };
    }
    findings.push(finding(ctx, 'mx-null-mixed', 'mx', { evidence: dnsEvidence(res) }));
  }
  const max = ctx.opts.maxMx ?? 10;
  const real = records.filter((r) => !isNullMx(r));
  for (const r of real.slice(0, max)) facts.hosts.push({ host: normName(r.exchange), priority: r.priority, status: 'not-checked', addresses: [], reachable: null });
  if (real.length > max) ctx.transcript.add('note', `${real.length} MX hosts; only the first ${max} are checked`);
  return { res, facts, findings, domainMissing: false };
}

/** Step 2: each MX host's name and addresses (fills facts.hosts in place). */
export async function resolveMxHosts(ctx: CheckContext, mx: MxLookup): Promise<Finding[]> {
  const findings: Finding[][] = await Promise.all(
    mx.facts.hosts.map(async (h): Promise<Finding[]> => {
      if (mx.facts.implicit) return [];
      const out: Finding[] = [];
      if (ipVersion(h.host) || /^\d+\.\d+\.\d+\.\d+$/.test(h.host)) {
        h.status = 'ip-literal';
        out.push(finding(ctx, 'mx-target-ip', 'mx', { slots: { host: h.host }, evidence: dnsEvidence(mx.res) }));
        return out;
      }
      const [cname, addr] = await Promise.all([ctx.session.query(h.host, 'CNAME'), ctx.session.addresses(h.host)]);
      if (cname.ok && cname.records[0]) {
        h.cname = normName(cname.records[0]);
        out.push(finding(ctx, 'mx-target-cname', 'mx', { slots: { host: h.host, target: h.cname }, evidence: dnsEvidence(mx.res, cname), attempt: h.host }));
      }
      if (addr.addresses.length) {
        h.status = 'ok';
        h.addresses = addr.addresses.map((a) => ({ address: a, ptr: [], fcrdns: null }));
        return out;
      }
      const ev = dnsEvidence(mx.res, addr.a, addr.aaaa);
      if (addr.code === 'NXDOMAIN') {
        h.status = 'nxdomain';
        out.push(finding(ctx, 'mx-target-nxdomain', 'mx', { slots: { host: h.host }, evidence: ev, attempt: h.host }));
      } else if (addr.code === 'NODATA') {
        h.status = 'no-address';
        out.push(finding(ctx, 'mx-target-no-address', 'mx', { slots: { host: h.host }, evidence: ev, attempt: h.host }));
      } else {
        h.status = 'dns-failure';
        const failed = [addr.a, addr.aaaa].find((r) => !r.ok && !isNegative(r.code)) ?? addr.a;
        out.push(dnsFailure(ctx, 'mx', failed as { name: string; type: string; code: string }, 'error', ev));
      }
      return out;
    }),
  );
  return findings.flat();
}

function sameAddress(a: string, b: string): boolean {
  if (a.includes(':') && b.includes(':')) return expandIpv6(a) === expandIpv6(b);
  return a === b;
}

/**
 * Reverse DNS of an address, forward-confirmed: the PTR names, and whether one of them has
 * the address among its A/AAAA records. `severity` is the severity of a missing or
 * mismatching PTR (warning for an MX address, error for the sending address).
 */
export async function checkPtr(
  ctx: CheckContext,
  address: string,
  o: { host: string; severity: 'warning' | 'error'; attempt: string },
): Promise<{ facts: PtrFacts; findings: Finding[] }> {
  const facts: PtrFacts = { address, ptr: [], fcrdns: null };
  const ptr = await ctx.session.query(reverseName(address), 'PTR');
  if (!ptr.ok) {
    if (isNegative(ptr.code)) {
      return { facts, findings: [finding(ctx, 'ptr-missing', 'ptr', { severity: o.severity, slots: { address, host: o.host }, evidence: dnsEvidence(ptr), attempt: o.attempt })] };
    }
    return { facts, findings: [dnsFailure(ctx, 'ptr', ptr, 'warning', dnsEvidence(ptr))] };
  }
  facts.ptr = ptr.records.map(normName);
  const names = facts.ptr.slice(0, 5);
  const forward = await Promise.all(names.map((n) => ctx.session.addresses(n)));
  facts.fcrdns = forward.some((f) => f.addresses.some((a) => sameAddress(a, address)));
  if (facts.fcrdns) return { facts, findings: [] };
  const failed = forward.every((f) => !f.addresses.length && f.code && !isNegative(f.code));
  if (failed) {
    facts.fcrdns = null;
    const f = forward[0];
    return { facts, findings: f ? [dnsFailure(ctx, 'ptr', { name: f.host, type: 'A/AAAA', code: f.code ?? 'ERROR' }, 'warning', dnsEvidence(ptr, f.a, f.aaaa))] : [] };
  }
  const ev = dnsEvidence(ptr, ...forward.flatMap((f) => [f.a, f.aaaa]));
  return {
    facts,
    findings: [finding(ctx, 'ptr-mismatch', 'ptr', { severity: o.severity, slots: { address, host: o.host, ptr: names.join(', ') }, evidence: ev, attempt: o.attempt })],
  };
}

/** Step 3: PTR of every MX address, and the SMTP probes (unless --no-smtp), in parallel. */
export async function checkMxAddresses(ctx: CheckContext, mx: MxLookup): Promise<{ ptr: Finding[]; smtp: Map<string, Finding[]> }> {
  const ptrByAttempt = new Map<string, Finding[]>();
  const smtp = new Map<string, Finding[]>();
  const probe = ctx.deps.probeMx ?? probeMxWithSmtp;
  const connections = createLimiter(8);
  const dns = ctx.session.asClient(ctx.opts.timeoutMs);
  const jobs: Promise<void>[] = [];
  for (const h of mx.facts.hosts) {
    for (const a of h.addresses.slice(0, 4)) {
      const attempt = `${h.host} ${a.address}`;
      jobs.push(
        checkPtr(ctx, a.address, { host: h.host, severity: 'warning', attempt }).then((r) => {
          a.ptr = r.facts.ptr;
          a.fcrdns = r.facts.fcrdns;
          ptrByAttempt.set(attempt, r.findings);
        }),
      );
      if (!ctx.opts.smtp) continue;
      jobs.push(
        connections.run(async () => {
          const r = await probe({
            mxHost: h.host,
            address: a.address,
            port: ctx.opts.smtpPort,
            timeoutMs: ctx.opts.timeoutMs,
            ca: ctx.opts.ca,
            ehloName: ctx.opts.ehloName,
            transcript: ctx.transcript,
            dns,
          });
          a.smtp = r.facts;
          smtp.set(attempt, r.findings);
        }),
      );
    }
    if (h.addresses.length > 4) ctx.transcript.add('note', `${h.host} has ${h.addresses.length} addresses; only the first 4 are checked`);
  }
  await Promise.all(jobs);
  for (const h of mx.facts.hosts) {
    const probed = h.addresses.slice(0, 4).filter((a) => a.smtp);
    if (probed.length) h.reachable = probed.some((a) => a.smtp?.reachable);
  }
  // findings in MX order, whatever order the lookups finished in
  const ptr = mx.facts.hosts.flatMap((h) => h.addresses.slice(0, 4).flatMap((a) => ptrByAttempt.get(`${h.host} ${a.address}`) ?? []));
  return { ptr, smtp };
}

/** mx-unreachable for each MX host none of whose addresses answered on the SMTP port (a warning when another MX host answers). */
export function unreachableFindings(ctx: CheckContext, mx: MxLookup): Finding[] {
  const out: Finding[] = [];
  // with another MX host answering, senders deliver there: degraded (warning), not down (error)
  const anyReachable = mx.facts.hosts.some((h) => h.reachable === true);
  for (const h of mx.facts.hosts) {
    if (h.reachable !== false) continue;
    const lines = h.addresses
      .filter((a) => a.smtp)
      .map((a) => `${a.address}:${ctx.opts.smtpPort}: ${a.smtp?.cause ?? '?'} (${a.smtp?.summary ?? ''})`);
    out.push(
      finding(ctx, 'mx-unreachable', 'mx', {
        severity: anyReachable ? 'warning' : 'error',
        slots: { host: h.host, port: ctx.opts.smtpPort },
        evidence: [...dnsEvidence(mx.res), { kind: 'transcript', excerpt: lines.join('\n') }],
        attempt: h.host,
      }),
    );
  }
  return out;
}
