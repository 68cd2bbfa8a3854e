/**
 * @module domain/dmarc
 * DMARC: the record at _dmarc.<domain> (or, for a subdomain without one, at the
 * organisational domain), one record, syntax, the policy, subdomain policy, pct, reporting,
 * and the authorisation of external report destinations (RFC 7489 section 7.1).
 */
import type { Finding } from '../core/finding.js';
import { externalAuthorizationName, isDmarcRecord, orgDomain, parseDmarc, type DmarcPolicy } from '../dns/dmarc.js';
import { dnsEvidence, isNegative, type AnyDnsResult } from '../dns/session.js';
import { dnsFailure, finding, type CheckContext } from './context.js';

export interface DmarcFacts {
  record: string | null;
  /** where the record was found: the domain, or its organisational domain */
  policyDomain: string | null;
  inherited: boolean;
  /** the policy that applies to this domain (sp= when inherited) */
  policy: DmarcPolicy | null;
  p: DmarcPolicy | null;
  sp: DmarcPolicy | null;
  pct: number | null;
  adkim: 'r' | 's' | null;
  aspf: 'r' | 's' | null;
  rua: string[];
  ruf: string[];
  /** external destinations and whether they authorise reports */
  external: { tag: 'rua' | 'ruf'; uri: string; authorizationName: string; authorized: boolean | null }[];
}

function emptyFacts(): DmarcFacts {
  return { record: null, policyDomain: null, inherited: false, policy: null, p: null, sp: null, pct: null, adkim: null, aspf: null, rua: [], ruf: [], external: [] };
}

function dmarcRecords(res: AnyDnsResult): string[] {
  return res.ok ? (res.records as string[]).filter(isDmarcRecord) : [];
}

export async function checkDmarc(ctx: CheckContext): Promise<{ facts: DmarcFacts; findings: Finding[] }> {
  const facts = emptyFacts();
  const findings: Finding[] = [];
  const own = await ctx.session.query(`_dmarc.${ctx.domain}`, 'TXT');
  if (!own.ok && !isNegative(own.code)) return { facts, findings: [dnsFailure(ctx, 'dmarc', own, 'error', dnsEvidence(own))] };
  let res = own;
  let policyDomain = ctx.domain;
  let records = dmarcRecords(own);
  const results: AnyDnsResult[] = [own];
  if (records.length === 0) {
    // a TXT record that tries to be DMARC but does not start with v=DMARC1
    const near = own.ok ? (own.records).find((t) => /dmarc|(^|;)\s*p\s*=/i.test(t)) : undefined;
    if (near) {
      findings.push(finding(ctx, 'dmarc-syntax-error', 'dmarc', { slots: { name: `_dmarc.${ctx.domain}`, detail: 'the record must start with "v=DMARC1;"' }, evidence: dnsEvidence(own) }));
      return { facts, findings };
    }
    const org = orgDomain(ctx.domain);
    if (org !== ctx.domain) {
      const orgRes = await ctx.session.query(`_dmarc.${org}`, 'TXT');
      results.push(orgRes);
      if (!orgRes.ok && !isNegative(orgRes.code)) return { facts, findings: [dnsFailure(ctx, 'dmarc', orgRes, 'error', dnsEvidence(orgRes))] };
      const orgRecords = dmarcRecords(orgRes);
      if (orgRecords.length) {
        res = orgRes;
        policyDomain = org;
        records = orgRecords;
        facts.inherited = true;
      }
    }
  }
  const ev = dnsEvidence(...results);
  if (records.length === 0) {
    findings.push(finding(ctx, 'dmarc-missing', 'dmarc', { evidence: ev }));
    return { facts, findings };
  }
  if (facts.inherited) findings.push(finding(ctx, 'dmarc-inherited', 'dmarc', { slots: { orgDomain: policyDomain }, evidence: ev }));
  if (records.length > 1) {
    findings.push(finding(ctx, 'dmarc-multiple-records', 'dmarc', { slots: { name: res.name, count: records.length }, evidence: ev }));
    return { facts, findings };
  }
  const record = records[0] as string;
  const rec = parseDmarc(record);
  facts.record = record;
  facts.policyDomain = policyDomain;
  facts.p = rec.p ?? null;
  facts.sp = rec.sp ?? null;
  facts.pct = rec.pct;
  facts.adkim = rec.adkim;
  facts.aspf = rec.aspf;
  facts.rua = rec.rua.map((u) => u.uri);
  facts.ruf = rec.ruf.map((u) => u.uri);
  facts.policy = facts.inherited ? (rec.sp ?? rec.p ?? null) : (rec.p ?? null);
  const recEv = dnsEvidence(res);

  if (rec.errors.length) {
    // without p= but with rua=, receivers apply p=none (RFC 7489 section 6.6.3): a weaker failure
    const appliedAsNone = rec.tags.p === undefined && rec.p === 'none' && rec.errors.length === 1;
    findings.push(
      finding(ctx, 'dmarc-syntax-error', 'dmarc', {
        severity: appliedAsNone ? 'warning' : 'error',
        slots: { name: res.name, detail: rec.errors.join('; ') + (appliedAsNone ? ' (receivers apply it as p=none)' : '') },
        evidence: recEv,
      }),
    );
    if (!appliedAsNone) return { facts, findings };
  }
  if (rec.unknownTags.length) findings.push(finding(ctx, 'dmarc-unknown-tag', 'dmarc', { slots: { detail: rec.unknownTags.join(', ') }, evidence: recEv }));
  if (facts.policy === 'none') findings.push(finding(ctx, 'dmarc-policy-none', 'dmarc', { evidence: recEv }));
  else if (!facts.inherited && rec.sp === 'none') findings.push(finding(ctx, 'dmarc-subdomain-policy-none', 'dmarc', { evidence: recEv }));
  if (rec.pct < 100 && facts.policy && facts.policy !== 'none') findings.push(finding(ctx, 'dmarc-pct-partial', 'dmarc', { slots: { pct: rec.pct }, evidence: recEv }));
  if (!rec.rua.length) findings.push(finding(ctx, 'dmarc-rua-missing', 'dmarc', { evidence: recEv }));

  // external report destinations (RFC 7489 section 7.1)
  const checks: { tag: 'rua' | 'ruf'; uri: string; dest: string; name: string }[] = [];
  for (const tag of ['rua', 'ruf'] as const) {
    for (const u of rec[tag]) {
      if (!u.domain) continue;
      const name = externalAuthorizationName(policyDomain, u.domain);
      if (name && !checks.some((c) => c.tag === tag && c.name === name)) checks.push({ tag, uri: u.uri, dest: u.domain, name });
    }
  }
  const answers = await Promise.all(checks.map((c) => ctx.session.query(c.name, 'TXT')));
  checks.forEach((c, i) => {
    const a = answers[i] as AnyDnsResult;
    let authorized: boolean | null;
    if (!a.ok && !isNegative(a.code)) {
      authorized = null;
      findings.push(dnsFailure(ctx, 'dmarc', a, 'warning', dnsEvidence(a)));
    } else authorized = dmarcRecords(a).length > 0;
    facts.external.push({ tag: c.tag, uri: c.uri, authorizationName: c.name, authorized });
    if (authorized === false) {
      findings.push(
        finding(ctx, c.tag === 'rua' ? 'dmarc-rua-unauthorized' : 'dmarc-ruf-unauthorized', 'dmarc', {
          slots: { domain: policyDomain, target: c.dest, record: c.name },
          evidence: dnsEvidence(res, a),
        }),
      );
    }
  });
  return { facts, findings };
}
