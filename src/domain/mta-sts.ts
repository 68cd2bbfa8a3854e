/**
 * @module domain/mta-sts
 * MTA-STS (RFC 8461): the _mta-sts TXT record, the policy fetched over HTTPS from
 * mta-sts.<domain> (our bounded client, on --https-port, trusting --ca too, no redirects),
 * its syntax, mode and max_age, and whether its mx patterns cover every MX host. And the
 * TLS-RPT record (RFC 8460) that receives the reports of those checks.
 */
import type { Finding } from '../core/finding.js';
import { fetchBounded, type FetchResult } from '../account/http-fetch.js';
import { isStsTxt, isTlsRptRecord, mxCovered, parseStsPolicy, parseStsTxt, parseTlsRpt, type StsMode } from '../dns/mta-sts.js';
import { dnsEvidence, isNegative, textEvidence } from '../dns/session.js';
import { dnsFailure, finding, type CheckContext } from './context.js';

export interface MtaStsFacts {
  record: string | null;
  id: string | null;
  policyUrl: string | null;
  /** HTTP status and content type of the policy fetch */
  fetch: { ok: boolean; status: number | null; contentType: string | null; detail: string | null } | null;
  policy: string | null;
  mode: StsMode | null;
  maxAge: number | null;
  mx: string[];
  /** MX hosts and whether a pattern covers them */
  coverage: { host: string; covered: boolean }[];
}

export interface TlsRptFacts {
  record: string | null;
  rua: string[];
}

const ONE_DAY = 86_400;

function contentTypeIsTextPlain(ct: string): boolean {
  return ct.split(';')[0]?.trim().toLowerCase() === 'text/plain';
}

/** MTA-STS; `mxHosts` are the domain's MX host names (covered by the policy or not). */
export async function checkMtaSts(ctx: CheckContext, mxHosts: string[]): Promise<{ facts: MtaStsFacts; findings: Finding[] }> {
  const facts: MtaStsFacts = { record: null, id: null, policyUrl: null, fetch: null, policy: null, mode: null, maxAge: null, mx: [], coverage: [] };
  const findings: Finding[] = [];
  const txt = await ctx.session.query(`_mta-sts.${ctx.domain}`, 'TXT');
  if (!txt.ok && !isNegative(txt.code)) return { facts, findings: [dnsFailure(ctx, 'mta-sts', txt, 'warning', dnsEvidence(txt))] };
  const all = txt.ok ? txt.records : [];
  const records = all.filter(isStsTxt);
  const ev = dnsEvidence(txt);
  if (records.length === 0) {
    const near = all.find((t) => /sts/i.test(t));
    if (near) findings.push(finding(ctx, 'mta-sts-record-invalid', 'mta-sts', { slots: { detail: 'the record must start with "v=STSv1;"' }, evidence: ev }));
    else findings.push(finding(ctx, 'mta-sts-missing', 'mta-sts', { evidence: ev }));
    return { facts, findings };
  }
  if (records.length > 1) {
    findings.push(finding(ctx, 'mta-sts-record-invalid', 'mta-sts', { slots: { detail: `${records.length} records (senders then assume there is no policy)` }, evidence: ev }));
    return { facts, findings };
  }
  facts.record = records[0] as string;
  const parsed = parseStsTxt(facts.record);
  facts.id = parsed.id ?? null;
  if (parsed.errors.length) findings.push(finding(ctx, 'mta-sts-record-invalid', 'mta-sts', { slots: { detail: parsed.errors.join('; ') }, evidence: ev }));

  const host = `mta-sts.${ctx.domain}`;
  const port = ctx.opts.httpsPort;
  const url = `https://${host}${port === 443 ? '' : `:${port}`}/.well-known/mta-sts.txt`;
  facts.policyUrl = url;
  const fetch = ctx.deps.fetchHttps ?? fetchBounded;
  const view = ctx.transcript.view(`MTA-STS ${host}`);
  const r: FetchResult = await fetch(url, {
    timeoutMs: ctx.opts.timeoutMs,
    maxBytes: 64 * 1024,
    maxRedirects: 0,
    ca: ctx.opts.ca,
    dns: ctx.session.asClient(ctx.opts.timeoutMs),
    transcript: view,
  });
  const slots = { url, detail: '' };
  if (!r.ok) {
    facts.fetch = { ok: false, status: r.status ?? null, contentType: null, detail: r.detail };
    const addr = await ctx.session.addresses(host);
    const fetchEv = [...dnsEvidence(txt, addr.a, addr.aaaa), textEvidence('http', `GET ${url}: ${r.detail}`, url)];
    if (r.failure === 'cert') {
      findings.push(finding(ctx, 'mta-sts-policy-cert-invalid', 'mta-sts', { slots: { ...slots, detail: r.detail }, evidence: fetchEv }));
    } else {
      const detail =
        r.failure === 'no-such-host'
          ? `${host} does not resolve`
          : r.failure === 'redirect'
            ? `HTTP ${r.status ?? '3xx'} redirect (senders must not follow redirects)`
            : r.detail;
      findings.push(finding(ctx, 'mta-sts-policy-unreachable', 'mta-sts', { slots: { ...slots, detail }, evidence: fetchEv }));
    }
    return { facts, findings };
  }
  facts.fetch = { ok: r.status === 200, status: r.status, contentType: r.contentType || null, detail: null };
  const httpEv = textEvidence('http', `GET ${url}\nHTTP ${r.status}${r.contentType ? `, Content-Type: ${r.contentType}` : ''}\n${r.body.slice(0, 1500)}`, url);
  if (r.status !== 200) {
    findings.push(finding(ctx, 'mta-sts-policy-unreachable', 'mta-sts', { slots: { ...slots, detail: `HTTP ${r.status}` }, evidence: [...ev, httpEv] }));
    return { facts, findings };
  }
  facts.policy = r.body;
  const policy = parseStsPolicy(r.body);
  const problems = [...policy.errors];
  if (!contentTypeIsTextPlain(r.contentType)) problems.unshift(`Content-Type is "${r.contentType || 'missing'}", must be text/plain`);
  facts.mode = policy.mode ?? null;
  facts.maxAge = policy.maxAge ?? null;
  facts.mx = policy.mx;
  if (problems.length) {
    findings.push(finding(ctx, 'mta-sts-policy-invalid', 'mta-sts', { slots: { ...slots, detail: problems.join('; ') }, evidence: [httpEv] }));
    return { facts, findings };
  }
  if (policy.mode === 'testing') findings.push(finding(ctx, 'mta-sts-testing', 'mta-sts', { evidence: [httpEv] }));
  if (policy.mode === 'none') findings.push(finding(ctx, 'mta-sts-mode-none', 'mta-sts', { evidence: [httpEv] }));
  if (policy.maxAge !== undefined && policy.maxAge < ONE_DAY && policy.mode !== 'none') {
    findings.push(finding(ctx, 'mta-sts-max-age-short', 'mta-sts', { slots: { maxAge: policy.maxAge }, evidence: [httpEv] }));
  }
  if (policy.mode !== 'none') {
    for (const h of mxHosts) {
      const covered = mxCovered(h, policy.mx);
      facts.coverage.push({ host: h, covered });
      if (!covered) {
        findings.push(
          finding(ctx, 'mta-sts-mx-mismatch', 'mta-sts', {
            severity: policy.mode === 'enforce' ? 'error' : 'warning',
            slots: { host: h, patterns: policy.mx.join(', ') },
            evidence: [httpEv, ...dnsEvidence(await ctx.session.query(ctx.domain, 'MX'))],
            attempt: h,
          }),
        );
      }
    }
  }
  return { facts, findings };
}

/** TLS-RPT; `stsPublished` raises a missing record to a warning (MTA-STS failures then go unreported). */
export async function checkTlsRpt(ctx: CheckContext, stsPublished: boolean): Promise<{ facts: TlsRptFacts; findings: Finding[] }> {
  const facts: TlsRptFacts = { record: null, rua: [] };
  const txt = await ctx.session.query(`_smtp._tls.${ctx.domain}`, 'TXT');
  if (!txt.ok && !isNegative(txt.code)) return { facts, findings: [dnsFailure(ctx, 'tlsrpt', txt, 'warning', dnsEvidence(txt))] };
  const all = txt.ok ? txt.records : [];
  const records = all.filter(isTlsRptRecord);
  const ev = dnsEvidence(txt);
  if (records.length === 0) {
    const near = all.find((t) => /tlsrpt|rua=/i.test(t));
    if (near) return { facts, findings: [finding(ctx, 'tlsrpt-invalid', 'tlsrpt', { slots: { detail: 'the record must start with "v=TLSRPTv1;"' }, evidence: ev })] };
    return { facts, findings: [finding(ctx, 'tlsrpt-missing', 'tlsrpt', { severity: stsPublished ? 'warning' : 'info', evidence: ev })] };
  }
  if (records.length > 1) {
    return { facts, findings: [finding(ctx, 'tlsrpt-invalid', 'tlsrpt', { slots: { detail: `${records.length} records (senders then ignore them)` }, evidence: ev })] };
  }
  facts.record = records[0] as string;
  const parsed = parseTlsRpt(facts.record);
  facts.rua = parsed.rua;
  const findings = parsed.errors.length ? [finding(ctx, 'tlsrpt-invalid', 'tlsrpt', { slots: { detail: parsed.errors.join('; ') }, evidence: ev })] : [];
  return { facts, findings };
}
