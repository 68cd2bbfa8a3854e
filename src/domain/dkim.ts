/**
 * @module domain/dkim
 * DKIM keys: the selectors given (--dkim-selector) are judged strictly (a missing key is an
 * error); common selector names are probed and the keys found are judged too, except that
 * a missing or revoked probed selector says nothing. A random selector name is asked once
 * when a probe finds something, to detect a wildcard that answers for every name.
 */
import { nodeCrypto } from '../core/builtins.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../catalog/index.js';
import { COMMON_DKIM_SELECTORS, looksLikeDkimKey, parseDkimKey } from '../dns/dkim-key.js';
import { dnsEvidence, isNegative } from '../dns/session.js';
import { dnsFailure, finding, type CheckContext } from './context.js';

export interface DkimSelectorFacts {
  selector: string;
  name: string;
  source: 'given' | 'probe';
  status: 'found' | 'missing' | 'malformed' | 'revoked' | 'dns-failure';
  record?: string;
  keyType?: string;
  bits?: number;
  testing?: boolean;
}

export interface DkimFacts {
  /** selectors with a key (or a problem), given ones first */
  selectors: DkimSelectorFacts[];
  /** common names probed */
  probed: number;
  /** a wildcard answers every selector name (probe results ignored) */
  wildcard: boolean;
}

async function checkSelector(
  ctx: CheckContext,
  selector: string,
  source: 'given' | 'probe',
): Promise<{ facts: DkimSelectorFacts; findings: Finding[] }> {
  const name = `${selector}._domainkey.${ctx.domain}`;
  const res = await ctx.session.query(name, 'TXT');
  const given = source === 'given';
  const facts: DkimSelectorFacts = { selector, name, source, status: 'missing' };
  const ev = dnsEvidence(res);
  const slots = { selector, name };
  const attempt = `selector ${selector}`;
  if (!res.ok) {
    if (isNegative(res.code)) {
      return { facts, findings: given ? [finding(ctx, 'dkim-key-missing', 'dkim', { slots, evidence: ev, attempt })] : [] };
    }
    facts.status = 'dns-failure';
    return { facts, findings: [dnsFailure(ctx, 'dkim', res, given ? 'error' : 'warning', ev)] };
  }
  const keys = res.records.filter(looksLikeDkimKey);
  if (keys.length === 0) {
    if (!given) return { facts, findings: [] };
    facts.status = 'malformed';
    return { facts, findings: [finding(ctx, 'dkim-key-malformed', 'dkim', { slots: { ...slots, detail: 'the TXT record there is not a DKIM key (no v=DKIM1, no p=)' }, evidence: ev, attempt })] };
  }
  facts.record = keys[0];
  if (keys.length > 1) {
    facts.status = 'malformed';
    return {
      facts,
      findings: [
        finding(ctx, 'dkim-key-malformed', 'dkim', {
          severity: given ? 'error' : 'warning',
          slots: { ...slots, detail: `${keys.length} key records at one selector (verifiers may pick either, or fail)` },
          evidence: ev,
          attempt,
        }),
      ],
    };
  }
  const key = parseDkimKey(keys[0] as string);
  facts.keyType = key.keyType;
  if (key.bits !== undefined) facts.bits = key.bits;
  facts.testing = key.testing;
  const findings: Finding[] = [];
  if (key.revoked) {
    facts.status = 'revoked';
    findings.push(finding(ctx, 'dkim-key-revoked', 'dkim', { severity: given ? 'error' : 'info', slots, evidence: ev, attempt }));
    return { facts, findings };
  }
  if (key.errors.length) {
    facts.status = 'malformed';
    findings.push(finding(ctx, 'dkim-key-malformed', 'dkim', { severity: given ? 'error' : 'warning', slots: { ...slots, detail: key.errors.join('; ') }, evidence: ev, attempt }));
    return { facts, findings };
  }
  facts.status = 'found';
  if (key.keyType === 'rsa' && key.bits !== undefined && key.bits < 2048) {
    const severity: Severity = key.bits < 1024 ? 'error' : 'warning';
    findings.push(finding(ctx, 'dkim-key-weak', 'dkim', { severity, slots: { ...slots, bits: key.bits }, evidence: ev, attempt }));
  }
  if (key.testing) findings.push(finding(ctx, 'dkim-testing', 'dkim', { slots, evidence: ev, attempt }));
  if (key.hashes.length && !key.hashes.includes('sha256')) findings.push(finding(ctx, 'dkim-key-sha1-only', 'dkim', { slots, evidence: ev, attempt }));
  return { facts, findings };
}

export async function checkDkim(ctx: CheckContext): Promise<{ facts: DkimFacts; findings: Finding[] }> {
  const given = [...new Set((ctx.opts.dkimSelectors ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean))];
  const probe = ctx.opts.probeDkimSelectors === false ? [] : COMMON_DKIM_SELECTORS.filter((s) => !given.includes(s));
  const results = await Promise.all([
    ...given.map((s) => checkSelector(ctx, s, 'given')),
    ...probe.map((s) => checkSelector(ctx, s, 'probe')),
  ]);
  const facts: DkimFacts = { selectors: [], probed: probe.length, wildcard: false };
  const findings: Finding[] = [];
  const probedFound = results.filter((r) => r.facts.source === 'probe' && r.facts.status !== 'missing');
  if (probedFound.some((r) => r.facts.status !== 'dns-failure')) {
    const random = `md-${nodeCrypto().randomBytes(6).toString('hex')}`;
    const w = await checkSelector(ctx, random, 'probe');
    if (w.facts.status !== 'missing' && w.facts.status !== 'dns-failure') {
      facts.wildcard = true;
      findings.push(finding(ctx, 'dkim-selector-wildcard', 'dkim', { evidence: dnsEvidence(await ctx.session.query(w.facts.name, 'TXT')) }));
    }
  }
  for (const r of results) {
    if (r.facts.source === 'probe' && facts.wildcard) continue;
    if (r.facts.source === 'given' || r.facts.status !== 'missing') facts.selectors.push(r.facts);
    findings.push(...r.findings);
  }
  const anyKey = facts.selectors.some((s) => s.status !== 'missing' && s.status !== 'dns-failure');
  if (!given.length && !anyKey && !facts.wildcard) {
    findings.push(
      finding(ctx, 'dkim-not-found', 'dkim', {
        slots: { detail: probe.slice(0, 8).join(', ') + (probe.length > 8 ? ', ...' : '') },
        confidence: 'possible',
        evidence: [{ kind: 'dns', excerpt: `${probe.length} selector names asked under _domainkey.${ctx.domain}: none has a key`, source: `_domainkey.${ctx.domain}` }],
      }),
    );
  }
  return { facts, findings };
}
