/**
 * @module domain/reputation
 * DNS blocklist lookups of the sending address (--ip) and of the MX addresses, against the
 * configured zones, read with each list's documented return codes. A listing is reported
 * only after the zone passes the RFC 5782 sanity check (it must not list 127.0.0.1), so a
 * dead list that answers everything does not "list" every address. Error codes such as
 * Spamhaus' "public resolver" answer are reported once per zone, as what they are.
 */
import { ipVersion } from '../net/ip.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../catalog/index.js';
import { dnsblQueryName, dnsblZone, interpretDnsblAnswers, type DnsblZone } from '../dns/dnsbl.js';
import { dnsEvidence, isNegative, type AnyDnsResult } from '../dns/session.js';
import { dnsFailure, finding, type CheckContext } from './context.js';

export interface ReputationCheck {
  address: string;
  /** "--ip" or "MX <host>" */
  role: string;
  zone: string;
  result: 'not-listed' | 'listed' | 'refused' | 'unexpected' | 'error' | 'ignored';
  answers: string[];
  meaning: string | null;
  /** the list's TXT answer (reason, removal URL), when listed */
  txt: string | null;
}

export interface ReputationFacts {
  zones: string[];
  checks: ReputationCheck[];
}

export interface ReputationTarget {
  address: string;
  role: string;
  /** true for the sending address: listings there block mail, including policy (PBL) listings */
  sending: boolean;
}

/** RFC 5782 section 5: a working list does not list 127.0.0.1. Asked once per zone (cached by the session). */
async function zoneIsSane(ctx: CheckContext, z: DnsblZone): Promise<{ sane: boolean; res: AnyDnsResult }> {
  const res = await ctx.session.query(dnsblQueryName('127.0.0.1', z.zone), 'A');
  if (!res.ok) return { sane: true, res };
  const v = interpretDnsblAnswers(z, res.records);
  return { sane: v.verdict !== 'listed', res };
}

export async function checkReputation(ctx: CheckContext, targets: ReputationTarget[]): Promise<{ facts: ReputationFacts; findings: Finding[] }> {
  const zones = [...new Set(ctx.opts.dnsbl.map((z) => z.toLowerCase().replace(/\.$/, '')).filter(Boolean))].map(dnsblZone);
  const facts: ReputationFacts = { zones: zones.map((z) => z.zone), checks: [] };
  const seen = new Set<string>();
  const uniq = targets.filter((t) => {
    if (seen.has(t.address) || !ipVersion(t.address)) return false;
    seen.add(t.address);
    return true;
  });
  const pairs = uniq.flatMap((t) => zones.filter((z) => z.ipv6 || ipVersion(t.address) === 4).map((z) => ({ t, z })));
  const answers = await Promise.all(pairs.map(({ t, z }) => ctx.session.query(dnsblQueryName(t.address, z.zone), 'A')));
  const findings: Finding[] = [];
  const zoneReported = new Set<string>();
  for (let i = 0; i < pairs.length; i++) {
    const { t, z } = pairs[i] as { t: ReputationTarget; z: DnsblZone };
    const res = answers[i] as AnyDnsResult;
    const check: ReputationCheck = { address: t.address, role: t.role, zone: z.zone, result: 'not-listed', answers: [], meaning: null, txt: null };
    facts.checks.push(check);
    if (!res.ok) {
      if (!isNegative(res.code)) {
        check.result = 'error';
        check.meaning = res.code;
        if (!zoneReported.has(`fail ${z.zone}`)) {
          zoneReported.add(`fail ${z.zone}`);
          findings.push(dnsFailure(ctx, 'reputation', res, 'warning', dnsEvidence(res)));
        }
      }
      continue;
    }
    const answerList = res.records as string[];
    check.answers = answerList;
    const v = interpretDnsblAnswers(z, answerList);
    check.result = v.verdict;
    const main = v.codes.find((c) => c.code.verdict === v.verdict) ?? v.codes[0];
    check.meaning = main?.code.meaning ?? null;
    if (v.verdict === 'refused') {
      if (!zoneReported.has(`refused ${z.zone}`)) {
        zoneReported.add(`refused ${z.zone}`);
        findings.push(finding(ctx, 'dnsbl-refused', 'reputation', { slots: { zone: z.zone, meaning: `${main?.answer ?? ''}: ${check.meaning ?? ''}` }, evidence: dnsEvidence(res) }));
      }
      continue;
    }
    if (v.verdict === 'unexpected') {
      if (!zoneReported.has(`unexpected ${z.zone}`)) {
        zoneReported.add(`unexpected ${z.zone}`);
        findings.push(finding(ctx, 'dnsbl-unexpected-answer', 'reputation', { slots: { zone: z.zone, answer: answerList.join(', ') }, evidence: dnsEvidence(res) }));
      }
      continue;
    }
    // listed: check the zone first
    const sanity = await zoneIsSane(ctx, z);
    if (!sanity.sane) {
      check.result = 'ignored';
      if (!zoneReported.has(`unreliable ${z.zone}`)) {
        zoneReported.add(`unreliable ${z.zone}`);
        findings.push(finding(ctx, 'dnsbl-zone-unreliable', 'reputation', { slots: { zone: z.zone }, evidence: dnsEvidence(sanity.res, res) }));
      }
      continue;
    }
    const txt = await ctx.session.query(res.name, 'TXT');
    check.txt = txt.ok ? txt.records.join(' ') : null;
    const policyOnly = v.codes.filter((c) => c.code.verdict === 'listed').every((c) => c.code.policy);
    const severity: Severity = t.sending || !policyOnly ? 'error' : 'warning';
    const meanings = v.codes.filter((c) => c.code.verdict === 'listed').map((c) => `${c.code.meaning} (${c.answer})`);
    findings.push(
      finding(ctx, 'ip-blocklisted', 'reputation', {
        severity,
        slots: {
          address: t.address,
          zone: `${z.name}${z.name !== z.zone ? ` (${z.zone})` : ''}`,
          meaning: meanings.join('; '),
          detail: policyOnly && !t.sending ? 'This is a policy listing of an address range that should not send mail directly; it matters if this MX host also sends mail.' : '',
        },
        evidence: dnsEvidence(res, txt.ok ? txt : undefined),
        attempt: `${t.role} ${t.address}`,
      }),
    );
  }
  return { facts, findings };
}
