/**
 * @module domain/spf
 * SPF findings: presence, one record, syntax, the lookup and void-lookup limits counted
 * through the whole include/redirect tree (the tree is the evidence), the final "all", the
 * deprecated ptr mechanism; and with --ip, the SPF result for that address as a receiver
 * computes it (mailauth's evaluator, asking through our DNS session).
 */
import type { Finding } from '../core/finding.js';
import { toMailauthResolver } from '../dns/mailauth-resolver.js';
import { dnsEvidence, textEvidence } from '../dns/session.js';
import { analyzeSpf, renderSpfTree, SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT, type SpfAnalysis, type SpfNode, type SpfQualifier } from '../dns/spf.js';
import { dnsFailure, finding, type CheckContext } from './context.js';

/** The SPF tree as JSON (facts.spf.tree). */
export interface SpfTreeFacts {
  domain: string;
  via: string | null;
  status: SpfNode['status'];
  record?: string;
  detail?: string;
  lookups: number;
  terms: { term: string; lookup?: number; void?: number; note?: string; child?: SpfTreeFacts }[];
}

export interface SpfFacts {
  record: string | null;
  lookups: number;
  voidLookups: number;
  limit: number;
  voidLimit: number;
  exceededAt: string | null;
  effectiveAll: SpfQualifier | null;
  /** lookup cost of each include/redirect of the domain's record, largest first */
  costs: { term: string; lookups: number }[];
  tree: SpfTreeFacts;
  /** with --ip */
  result: { ip: string; result: string; comment: string | null; header: string } | null;
}

function treeFacts(n: SpfNode): SpfTreeFacts {
  const out: SpfTreeFacts = { domain: n.domain, via: n.via, status: n.status, lookups: n.totalLookups, terms: [] };
  if (n.record !== undefined) out.record = n.record;
  if (n.detail !== undefined) out.detail = n.detail;
  for (const t of n.terms) {
    const term: SpfTreeFacts['terms'][number] = { term: t.term };
    if (t.lookup !== undefined) term.lookup = t.lookup;
    if (t.void !== undefined) term.void = t.void;
    if (t.note !== undefined) term.note = t.note;
    if (t.child) term.child = treeFacts(t.child);
    out.terms.push(term);
  }
  return out;
}

const NEAR_LIMIT = 8;

export async function checkSpf(ctx: CheckContext): Promise<{ facts: SpfFacts; findings: Finding[] }> {
  const a = await analyzeSpf(ctx.domain, ctx.session);
  const findings: Finding[] = [];
  const tree = renderSpfTree(a.root);
  const treeEv = textEvidence('dns', tree, `SPF lookup tree of ${ctx.domain}`);

  for (const p of a.problems) {
    const ev = dnsEvidence(...p.results);
    const name = p.node.domain;
    switch (p.kind) {
      case 'missing':
        findings.push(finding(ctx, 'spf-missing', 'spf', { evidence: ev }));
        break;
      case 'multiple':
        findings.push(finding(ctx, 'spf-multiple-records', 'spf', { slots: { name, count: p.node.records?.length ?? 2 }, evidence: ev }));
        break;
      case 'syntax':
        findings.push(finding(ctx, 'spf-syntax-error', 'spf', { slots: { name, detail: p.detail }, evidence: ev }));
        break;
      case 'include-missing':
        findings.push(finding(ctx, 'spf-include-missing', 'spf', { slots: { term: p.term, name }, evidence: [...ev, treeEv] }));
        break;
      case 'loop':
        findings.push(finding(ctx, 'spf-include-loop', 'spf', { slots: { detail: p.detail }, evidence: [treeEv] }));
        break;
      case 'dns-failure': {
        const failed = p.results.find((r) => !r.ok) ?? { name, type: 'TXT', code: 'ERROR' };
        findings.push(dnsFailure(ctx, 'spf', failed, 'error', ev));
        break;
      }
      case 'mx-too-many': {
        const mx = p.results[0];
        findings.push(
          finding(ctx, 'spf-mx-too-many-hosts', 'spf', {
            slots: { term: p.term, name: mx?.name, count: mx?.ok ? mx.records.length : undefined },
            summary: p.detail,
            evidence: ev,
          }),
        );
        break;
      }
      case 'ptr':
        findings.push(finding(ctx, 'spf-ptr-deprecated', 'spf', { slots: { name, term: p.term }, evidence: ev }));
        break;
      case 'ignored':
        findings.push(finding(ctx, 'spf-ignored-terms', 'spf', { slots: { name, detail: p.detail }, evidence: ev }));
        break;
      case 'plus-all-include':
        findings.push(finding(ctx, 'spf-permissive-all', 'spf', { slots: { name, term: '+all', detail: p.detail }, summary: `SPF of ${ctx.domain}: ${p.detail}`, evidence: [...ev, treeEv] }));
        break;
    }
  }

  if (a.lookups > SPF_LOOKUP_LIMIT) {
    const costly = a.costs.filter((c) => c.lookups > 1).slice(0, 3).map((c) => `${c.term} costs ${c.lookups}`);
    const detail = `The 11th lookup is ${a.exceededAt ?? '?'}.${costly.length ? ` Largest: ${costly.join(', ')}.` : ''}`;
    findings.push(finding(ctx, 'spf-too-many-lookups', 'spf', { slots: { count: a.lookups, detail }, evidence: [treeEv] }));
  } else if (a.lookups >= NEAR_LIMIT && a.root.status === 'ok') {
    findings.push(finding(ctx, 'spf-lookups-near-limit', 'spf', { slots: { count: a.lookups }, evidence: [treeEv] }));
  }
  if (a.voidLookups > SPF_VOID_LIMIT) {
    findings.push(finding(ctx, 'spf-too-many-void-lookups', 'spf', { slots: { count: a.voidLookups, detail: `Void: ${a.voidTerms.join('; ')}.` }, evidence: [treeEv] }));
  }

  const rootOk = a.root.status === 'ok' || a.root.status === 'syntax';
  if (rootOk) {
    const txtEv = dnsEvidence(a.root.txt);
    if (a.effectiveAll === '+') {
      findings.push(finding(ctx, 'spf-permissive-all', 'spf', { slots: { name: ctx.domain, term: '+all', detail: 'any server may send as this domain' }, evidence: txtEv }));
    } else if (a.effectiveAll === '?') {
      findings.push(
        finding(ctx, 'spf-permissive-all', 'spf', {
          severity: 'warning',
          slots: { name: ctx.domain, term: '?all', detail: 'unlisted servers get "neutral", so forgeries are not rejected' },
          evidence: txtEv,
        }),
      );
    } else if (a.effectiveAll === null && a.root.status === 'ok' && !a.root.terms.some((t) => t.term.toLowerCase().startsWith('redirect='))) {
      findings.push(finding(ctx, 'spf-no-all', 'spf', { evidence: txtEv }));
    }
  }

  const facts: SpfFacts = {
    record: a.root.record ?? null,
    lookups: a.lookups,
    voidLookups: a.voidLookups,
    limit: a.limit,
    voidLimit: a.voidLimit,
    exceededAt: a.exceededAt ?? null,
    effectiveAll: a.effectiveAll,
    costs: a.costs,
    tree: treeFacts(a.root),
    result: null,
  };
  if (ctx.opts.ip) {
    const r = await evaluateForIp(ctx, a);
    facts.result = r.result;
    findings.push(...r.findings);
  }
  return { facts, findings };
}

/** The receiver's view for --ip: mailauth's SPF evaluation through our DNS session. */
async function evaluateForIp(ctx: CheckContext, a: SpfAnalysis): Promise<{ result: SpfFacts['result']; findings: Finding[] }> {
  const ip = ctx.opts.ip as string;
  const { spf } = await import('mailauth/lib/spf/index.js');
  const res = await spf({
    ip,
    sender: `postmaster@${ctx.domain}`,
    helo: ctx.domain,
    mta: 'maildoctor',
    resolver: toMailauthResolver(ctx.session) as never,
  });
  const comment = typeof res.status.comment === 'string' ? res.status.comment : null;
  const result = { ip, result: res.status.result, comment, header: res.header };
  ctx.transcript.add('note', `SPF evaluation for ${ip}: ${res.header}`);
  const findings: Finding[] = [];
  const severity = res.status.result === 'fail' ? 'error' : 'warning';
  if (['fail', 'softfail', 'neutral'].includes(res.status.result)) {
    const detail =
      res.status.result === 'fail'
        ? `the record ends in "-all" and lists no mechanism matching ${ip}`
        : res.status.result === 'softfail'
          ? `the record ends in "~all" and lists no mechanism matching ${ip}`
          : `no mechanism matches ${ip} and the record does not say more`;
    findings.push(
      finding(ctx, 'spf-ip-not-authorized', 'spf', {
        severity,
        slots: { ip, result: res.status.result, detail },
        evidence: [...dnsEvidence(a.root.txt), textEvidence('dns', res.header, 'Received-SPF (maildoctor evaluation)')],
        attempt: `--ip ${ip}`,
      }),
    );
  }
  return { result, findings };
}
