import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FakeDns, type FakeZone } from '../../test/helpers/fake-dns.js';
import { createFinding, type Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { DnsClient, type DnsErrorCode } from '../dns/client.js';
import type { FetchResult } from '../account/http-fetch.js';
import { runDomainBatch, domainOfLine } from './batch.js';
import { checkDomain, normalizeDomain, type DomainFacts } from './check-domain.js';
import type { DomainCheckOptions, HttpsFetch } from './context.js';
import type { MxProber, MxSmtpFacts } from './mx-probe.js';

function dkimKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
const KEY2048 = dkimKey(2048);

const POLICY = 'version: STSv1\nmode: enforce\nmx: mx1.good.example\nmax_age: 604800\n';

/** A healthy domain: every check passes. Tests copy and break it. */
function healthyZone(): FakeZone {
  return {
    'good.example': { MX: [{ priority: 10, exchange: 'mx1.good.example' }], TXT: ['v=spf1 mx -all', 'google-site-verification=abc'] },
    'mx1.good.example': { A: ['127.0.0.1'] },
    '1.0.0.127.in-addr.arpa': { PTR: ['mx1.good.example'] },
    '_dmarc.good.example': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@good.example'] },
    'selector1._domainkey.good.example': { TXT: [`v=DKIM1; k=rsa; p=${KEY2048}`] },
    '_mta-sts.good.example': { TXT: ['v=STSv1; id=20240101'] },
    'mta-sts.good.example': { A: ['127.0.0.1'] },
    '_smtp._tls.good.example': { TXT: ['v=TLSRPTv1; rua=mailto:tls@good.example'] },
    // (SRV records are checked with --no-smtp below: with connections on, the check connects for real)
  };
}

type ProbeKind = 'ok' | 'refused' | 'timeout' | 'cert-hostname-mismatch' | 'no-starttls';

function fakeProber(kinds: Record<string, ProbeKind>, seen: string[] = []): MxProber {
  return async (i) => {
    seen.push(`${i.mxHost} ${i.address}:${i.port}`);
    const kind = kinds[i.address] ?? 'ok';
    const slots = { host: i.address, port: i.port };
    const base: MxSmtpFacts = { reachable: true, ok: true, stage: null, cause: null, summary: 'MX server works', banner: `220 ${i.mxHost} ESMTP`, ehlo: ['STARTTLS'], starttls: true, tls: null };
    const ev = [{ kind: 'transcript' as const, excerpt: 'S: 220 ...' }];
    const findings: Finding[] = [];
    if (kind === 'refused' || kind === 'timeout') {
      const cause = kind === 'refused' ? 'connection-refused' : 'connection-timeout';
      findings.push(createFinding(cause, { stage: 'connect', slots, evidence: ev }));
      return { facts: { ...base, reachable: false, ok: false, stage: 'connect', cause, banner: null, ehlo: [], starttls: null }, findings };
    }
    if (kind === 'cert-hostname-mismatch') findings.push(createFinding('cert-hostname-mismatch', { stage: 'tls', slots: { ...slots, name: i.mxHost, names: 'DNS:other.example' }, evidence: ev }));
    if (kind === 'no-starttls') findings.push(createFinding('tls-not-used', { stage: 'starttls', slots, evidence: ev }));
    return { facts: { ...base, starttls: kind !== 'no-starttls' }, findings };
  };
}

function fakeFetch(pages: Record<string, FetchResult | { body: string; contentType?: string; status?: number }>): HttpsFetch {
  return (async (url: string) => {
    const p = pages[url];
    if (!p) return { ok: false, url, failure: 'refused', detail: 'connection refused', ms: 0 };
    if ('url' in p) return p;
    return { ok: true, url, status: p.status ?? 200, contentType: p.contentType ?? 'text/plain', body: p.body, ms: 1 };
  });
}

const STS_URL = 'https://mta-sts.good.example/.well-known/mta-sts.txt';

interface RunOpts {
  zone?: FakeZone;
  failures?: Record<string, DnsErrorCode>;
  opts?: Partial<DomainCheckOptions>;
  probes?: Record<string, ProbeKind>;
  pages?: Parameters<typeof fakeFetch>[0];
  domain?: string;
}

async function run(o: RunOpts = {}): Promise<{ report: Report<DomainFacts>; dns: FakeDns; probed: string[] }> {
  const dns = new FakeDns(o.zone ?? healthyZone(), o.failures ?? {});
  const probed: string[] = [];
  const opts: DomainCheckOptions = { dnsbl: ['bl.test'], smtp: true, smtpPort: 2525, httpsPort: 443, timeoutMs: 1000, ...o.opts };
  const report = await checkDomain(o.domain ?? 'good.example', opts, {
    dns: new DnsClient({ server: { host: '127.0.0.1', port: 5353 } }),
    backend: dns,
    probeMx: fakeProber(o.probes ?? {}, probed),
    fetchHttps: fakeFetch(o.pages ?? { [STS_URL]: { body: POLICY } }),
  });
  // every finding cites what it read
  for (const f of report.findings) assert.ok(f.evidence.length > 0 && f.evidence.every((e) => e.excerpt.length > 0), `${f.cause} has no evidence`);
  return { report, dns, probed };
}

function causes(r: Report<DomainFacts>, minSeverity: 'info' | 'warning' | 'error' = 'info'): string[] {
  const rank = { info: 0, warning: 1, error: 2, critical: 3 };
  return r.findings.filter((f) => rank[f.severity] >= rank[minSeverity]).map((f) => f.cause);
}

function one(r: Report<DomainFacts>, cause: string): Finding {
  const f = r.findings.filter((x) => x.cause === cause);
  assert.equal(f.length, 1, `expected one ${cause}, got ${f.length}: ${causes(r).join(', ')}`);
  return f[0] as Finding;
}

function zoneWith(changes: FakeZone, remove: string[] = []): FakeZone {
  const z = { ...healthyZone(), ...changes };
  for (const k of remove) delete z[k];
  return z;
}

describe('domain check: the healthy domain', () => {
  test('no warning or error; facts describe every section', async () => {
    const { report, probed } = await run();
    assert.deepEqual(causes(report, 'warning'), []);
    assert.equal(report.ok, true);
    assert.equal(report.kind, 'domain');
    assert.deepEqual(probed, ['mx1.good.example 127.0.0.1:2525']);
    const f = report.facts;
    assert.equal(f.mx.hosts[0]?.addresses[0]?.fcrdns, true);
    assert.equal(f.mx.hosts[0]?.reachable, true);
    assert.equal(f.spf?.lookups, 1);
    assert.equal(f.spf?.effectiveAll, '-');
    assert.equal(f.dkim?.selectors[0]?.bits, 2048);
    assert.equal(f.dmarc?.policy, 'reject');
    assert.equal(f.mtaSts?.mode, 'enforce');
    assert.deepEqual(f.mtaSts?.coverage, [{ host: 'mx1.good.example', covered: true }]);
    assert.equal(f.reputation?.checks[0]?.result, 'not-listed');
    assert.equal(f.dns.records['good.example MX']?.[0], '10 mx1.good.example');
    assert.ok(report.transcript.some((e) => e.dir === 'dns'));
  });
});

describe('domain check: MX', () => {
  test('domain-not-found stops after the MX lookup', async () => {
    const { report, dns } = await run({ domain: 'nope.example' });
    assert.deepEqual(causes(report), ['domain-not-found']);
    assert.equal(report.cause, 'domain-not-found');
    assert.deepEqual(dns.calls, ['nope.example MX']);
  });
  test('mx-missing: error without an address, warning with the implicit MX', async () => {
    const noMx = zoneWith({ 'good.example': { TXT: ['v=spf1 -all'] } });
    assert.equal(one((await run({ zone: noMx })).report, 'mx-missing').severity, 'error');
    const withA = zoneWith({ 'good.example': { TXT: ['v=spf1 -all'], A: ['127.0.0.1'] } });
    const { report, probed } = await run({ zone: withA });
    assert.equal(one(report, 'mx-missing').severity, 'warning');
    assert.equal(report.facts.mx.implicit, true);
    assert.deepEqual(probed, ['good.example 127.0.0.1:2525']);
  });
  test('mx-null and mx-null-mixed', async () => {
    const nul = await run({ zone: zoneWith({ 'good.example': { MX: [{ priority: 0, exchange: '' }], TXT: ['v=spf1 -all'] } }) });
    assert.equal(one(nul.report, 'mx-null').severity, 'warning');
    assert.deepEqual(nul.probed, []);
    const mixed = await run({ zone: zoneWith({ 'good.example': { MX: [{ priority: 0, exchange: '' }, { priority: 10, exchange: 'mx1.good.example' }], TXT: ['v=spf1 mx -all'] } }) });
    assert.equal(one(mixed.report, 'mx-null-mixed').severity, 'error');
  });
  test('mx-target-cname, mx-target-ip, mx-target-nxdomain, mx-target-no-address', async () => {
    const { report } = await run({
      zone: zoneWith({
        'good.example': {
          MX: [
            { priority: 10, exchange: 'mx1.good.example' },
            { priority: 20, exchange: 'alias.good.example' },
            { priority: 30, exchange: '192.0.2.25' },
            { priority: 40, exchange: 'gone.good.example' },
            { priority: 50, exchange: 'noaddr.good.example' },
          ],
          TXT: ['v=spf1 -all'],
        },
        'alias.good.example': { CNAME: ['mx1.good.example'], A: ['127.0.0.1'] },
        'noaddr.good.example': { TXT: ['x'] },
      }),
    });
    assert.equal(one(report, 'mx-target-cname').slots.target, 'mx1.good.example');
    assert.equal(one(report, 'mx-target-ip').slots.host, '192.0.2.25');
    assert.equal(one(report, 'mx-target-nxdomain').slots.host, 'gone.good.example');
    assert.equal(one(report, 'mx-target-no-address').slots.host, 'noaddr.good.example');
    assert.equal(report.cause, 'mx-target-ip');
    assert.match(one(report, 'mx-target-nxdomain').evidence.map((e) => e.excerpt).join('\n'), /gone\.good\.example A: NXDOMAIN/);
  });
  test('mx-unreachable summarises the host; the connection failures stay as detail', async () => {
    const { report } = await run({ probes: { '127.0.0.1': 'refused' } });
    const f = one(report, 'mx-unreachable');
    assert.equal(report.cause, 'mx-unreachable');
    assert.equal(f.slots.port, '2525');
    assert.match(f.evidence.map((e) => e.excerpt).join('\n'), /127\.0\.0\.1:2525: connection-refused/);
    const cr = one(report, 'connection-refused');
    assert.equal(cr.severity, 'info');
    assert.equal(cr.attempt, 'mx1.good.example 127.0.0.1');
  });
  test('a backup MX down while the primary answers: mx-unreachable is a warning', async () => {
    const zone = zoneWith({
      'good.example': { MX: [{ priority: 10, exchange: 'mx1.good.example' }, { priority: 20, exchange: 'mx2.good.example' }], TXT: ['v=spf1 mx -all'] },
      'mx2.good.example': { A: ['127.0.0.2'] },
      '2.0.0.127.in-addr.arpa': { PTR: ['mx2.good.example'] },
    });
    const { report } = await run({ zone, probes: { '127.0.0.2': 'refused' }, pages: { [STS_URL]: { body: POLICY.replace('mx: mx1.good.example', 'mx: *.good.example') } } });
    const f = one(report, 'mx-unreachable');
    assert.equal(f.severity, 'warning');
    assert.equal(f.slots.host, 'mx2.good.example');
    assert.equal(report.ok, true);
  });
  test('one address of a host down while another answers: a warning, not an error', async () => {
    const zone = zoneWith({ 'mx1.good.example': { A: ['127.0.0.1', '127.0.0.2'] }, '2.0.0.127.in-addr.arpa': { PTR: ['mx1.good.example'] } });
    const { report } = await run({ zone, probes: { '127.0.0.2': 'timeout' } });
    assert.equal(one(report, 'connection-timeout').severity, 'warning');
    assert.equal(report.facts.mx.hosts[0]?.reachable, true);
    assert.equal(report.ok, true);
  });
  test('--no-smtp: no probe at all', async () => {
    const { probed, report } = await run({ opts: { smtp: false } });
    assert.deepEqual(probed, []);
    assert.equal(report.ok, true);
  });
});

describe('domain check: reverse DNS and the SMTP findings of the MX hosts', () => {
  test('ptr-missing and ptr-mismatch (warnings for MX addresses, errors for --ip)', async () => {
    const missing = await run({ zone: zoneWith({}, ['1.0.0.127.in-addr.arpa']) });
    assert.equal(one(missing.report, 'ptr-missing').severity, 'warning');
    const mismatch = await run({ zone: zoneWith({ '1.0.0.127.in-addr.arpa': { PTR: ['other.good.example'] } }) });
    const f = one(mismatch.report, 'ptr-mismatch');
    assert.equal(f.slots.ptr, 'other.good.example');
    assert.equal(mismatch.report.facts.mx.hosts[0]?.addresses[0]?.fcrdns, false);
    const ip = await run({ opts: { ip: '127.0.0.9' }, zone: zoneWith({ 'good.example': { MX: [{ priority: 10, exchange: 'mx1.good.example' }], TXT: ['v=spf1 mx ip4:127.0.0.9 -all'] } }) });
    const p = one(ip.report, 'ptr-missing');
    assert.equal(p.severity, 'error');
    assert.equal(p.attempt, '--ip 127.0.0.9');
  });
  test('certificate problems on port 25 are warnings, errors under an MTA-STS enforce policy', async () => {
    const enforce = await run({ probes: { '127.0.0.1': 'cert-hostname-mismatch' } });
    const f = one(enforce.report, 'cert-hostname-mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(f.attempt, 'mx1.good.example 127.0.0.1');
    assert.match(f.title, /mx1\.good\.example/);
    const testing = await run({ probes: { '127.0.0.1': 'cert-hostname-mismatch' }, pages: { [STS_URL]: { body: POLICY.replace('enforce', 'testing') } } });
    assert.equal(one(testing.report, 'cert-hostname-mismatch').severity, 'warning');
  });
  test('a plain-text MX is starttls-not-offered', async () => {
    const { report } = await run({ probes: { '127.0.0.1': 'no-starttls' }, zone: zoneWith({}, ['_mta-sts.good.example']) });
    assert.equal(one(report, 'starttls-not-offered').severity, 'warning');
    assert.deepEqual(report.findings.filter((f) => f.cause === 'tls-not-used'), []);
  });
});

describe('domain check: SPF', () => {
  const spf = (...txt: string[]): FakeZone => zoneWith({ 'good.example': { MX: [{ priority: 10, exchange: 'mx1.good.example' }], TXT: txt } });
  test('spf-missing, spf-multiple-records, spf-syntax-error', async () => {
    assert.equal(one((await run({ zone: spf('hello') })).report, 'spf-missing').severity, 'error');
    assert.equal(one((await run({ zone: spf('v=spf1 -all', 'v=spf1 mx -all') })).report, 'spf-multiple-records').slots.count, '2');
    assert.match(one((await run({ zone: spf('v=spf1 ip4:300.1.1.1 -all') })).report, 'spf-syntax-error').slots.detail ?? '', /not an IPv4 address/);
  });
  test('spf-too-many-lookups cites the tree and the 11th term', async () => {
    const zone = spf(`v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.good.example`).join(' ')} -all`);
    for (let i = 0; i < 11; i++) zone[`h${i}.good.example`] = { A: ['127.0.0.1'] };
    const { report } = await run({ zone });
    const f = one(report, 'spf-too-many-lookups');
    assert.equal(f.slots.count, '11');
    assert.match(f.explanation, /The 11th lookup is good\.example > a:h10\.good\.example/);
    assert.match(f.evidence[0]?.excerpt ?? '', /#11 a:h10\.good\.example/);
    assert.equal(report.facts.spf?.exceededAt, 'good.example > a:h10.good.example');
  });
  test('spf-lookups-near-limit (info) at 8 to 10', async () => {
    const zone = spf(`v=spf1 ${Array.from({ length: 8 }, (_, i) => `a:h${i}.good.example`).join(' ')} -all`);
    for (let i = 0; i < 8; i++) zone[`h${i}.good.example`] = { A: ['127.0.0.1'] };
    assert.equal(one((await run({ zone })).report, 'spf-lookups-near-limit').severity, 'info');
  });
  test('spf-too-many-void-lookups, spf-include-missing', async () => {
    const { report } = await run({ zone: spf('v=spf1 a:x1.good.example a:x2.good.example include:x3.good.example -all') });
    assert.equal(one(report, 'spf-too-many-void-lookups').slots.count, '3');
    assert.equal(one(report, 'spf-include-missing').slots.term, 'include:x3.good.example');
  });
  test('spf-permissive-all (+all error, ?all warning), spf-no-all, spf-ptr-deprecated', async () => {
    assert.equal(one((await run({ zone: spf('v=spf1 mx +all') })).report, 'spf-permissive-all').severity, 'error');
    assert.equal(one((await run({ zone: spf('v=spf1 mx ?all') })).report, 'spf-permissive-all').severity, 'warning');
    assert.equal(one((await run({ zone: spf('v=spf1 mx') })).report, 'spf-no-all').severity, 'warning');
    assert.equal(one((await run({ zone: spf('v=spf1 mx ptr -all') })).report, 'spf-ptr-deprecated').severity, 'warning');
  });
  test('--ip: the SPF result through mailauth with our resolver', async () => {
    const fail = await run({ opts: { ip: '127.0.0.9' } });
    const f = one(fail.report, 'spf-ip-not-authorized');
    assert.equal(f.severity, 'error');
    assert.equal(fail.report.facts.spf?.result?.result, 'fail');
    assert.ok(fail.dns.count('good.example', 'TXT') === 1, 'mailauth asked through the session memo');
    const pass = await run({ opts: { ip: '127.0.0.1' } });
    assert.equal(pass.report.facts.spf?.result?.result, 'pass');
    assert.deepEqual(pass.report.findings.filter((x) => x.cause === 'spf-ip-not-authorized'), []);
    const soft = await run({ opts: { ip: '127.0.0.9' }, zone: spf('v=spf1 mx ~all') });
    assert.equal(one(soft.report, 'spf-ip-not-authorized').severity, 'warning');
  });
});

describe('domain check: DKIM', () => {
  test('given selectors: missing, malformed, revoked, weak, testing', async () => {
    const key512 = dkimKey(512);
    const key1024 = dkimKey(1024);
    const zone = zoneWith({
      'bad._domainkey.good.example': { TXT: ['v=DKIM1; k=rsa; p=AAAA'] },
      'old._domainkey.good.example': { TXT: ['v=DKIM1; p='] },
      'tiny._domainkey.good.example': { TXT: [`v=DKIM1; p=${key512}`] },
      'small._domainkey.good.example': { TXT: [`v=DKIM1; t=y; p=${key1024}`] },
    });
    const { report } = await run({ zone, opts: { dkimSelectors: ['nope', 'bad', 'old', 'tiny', 'small'], probeDkimSelectors: false } });
    assert.equal(one(report, 'dkim-key-missing').slots.selector, 'nope');
    assert.equal(one(report, 'dkim-key-malformed').slots.selector, 'bad');
    assert.equal(one(report, 'dkim-key-revoked').severity, 'error');
    const weak = report.findings.filter((f) => f.cause === 'dkim-key-weak').map((f) => `${f.slots.selector}:${f.slots.bits}:${f.severity}`);
    assert.deepEqual(weak.sort(), ['small:1024:warning', 'tiny:512:error']);
    assert.equal(one(report, 'dkim-testing').slots.selector, 'small');
  });
  test('the probe finds common selectors; none found is an info finding', async () => {
    const { report } = await run();
    assert.deepEqual(report.facts.dkim?.selectors.map((s) => s.selector), ['selector1']);
    const none = await run({ zone: zoneWith({}, ['selector1._domainkey.good.example']) });
    assert.equal(one(none.report, 'dkim-not-found').severity, 'info');
  });
  test('a wildcard under _domainkey is detected and probe results ignored', async () => {
    const zone = healthyZone();
    // the fake has no wildcards: answer every selector name by listing the random one too
    const dns = new FakeDns(zone);
    const orig = dns.query.bind(dns);
    dns.query = (async (name: string, type: 'TXT') => {
      if (name.endsWith('._domainkey.good.example') && type === 'TXT') return { ok: true, name, type, records: [`v=DKIM1; p=${KEY2048}`], ms: 0 };
      return orig(name, type);
    }) as typeof dns.query;
    const report = await checkDomain('good.example', { dnsbl: [], smtp: false, smtpPort: 25, httpsPort: 443, timeoutMs: 1000 }, { dns: new DnsClient(), backend: dns, fetchHttps: fakeFetch({ [STS_URL]: { body: POLICY } }) });
    assert.equal(report.facts.dkim?.wildcard, true);
    assert.ok(report.findings.some((f) => f.cause === 'dkim-selector-wildcard'));
  });
});

describe('domain check: DMARC', () => {
  const dmarc = (txt: string[]): FakeZone => zoneWith({ '_dmarc.good.example': { TXT: txt } });
  test('dmarc-missing, -multiple-records, -syntax-error, -policy-none', async () => {
    assert.equal(one((await run({ zone: zoneWith({}, ['_dmarc.good.example']) })).report, 'dmarc-missing').severity, 'error');
    assert.equal(one((await run({ zone: dmarc(['v=DMARC1; p=none', 'v=DMARC1; p=reject']) })).report, 'dmarc-multiple-records').severity, 'error');
    assert.match(one((await run({ zone: dmarc(['v=DMARC1; p=blocked']) })).report, 'dmarc-syntax-error').slots.detail ?? '', /p=blocked/);
    assert.equal(one((await run({ zone: dmarc(['v=DMARC1; p=none; rua=mailto:d@good.example']) })).report, 'dmarc-policy-none').severity, 'warning');
  });
  test('external rua/ruf destinations must authorise (RFC 7489 7.1)', async () => {
    const zone = dmarc(['v=DMARC1; p=reject; rua=mailto:agg@reports.vendor.example; ruf=mailto:f@ok.vendor.example']);
    zone['good.example._report._dmarc.ok.vendor.example'] = { TXT: ['v=DMARC1'] };
    const { report } = await run({ zone });
    const f = one(report, 'dmarc-rua-unauthorized');
    assert.equal(f.slots.record, 'good.example._report._dmarc.reports.vendor.example');
    assert.deepEqual(
      report.facts.dmarc?.external.map((e) => [e.tag, e.authorized]),
      [
        ['rua', false],
        ['ruf', true],
      ],
    );
  });
  test('a subdomain inherits the organisational domain record', async () => {
    const zone = healthyZone();
    zone['sub.good.example'] = { MX: [{ priority: 10, exchange: 'mx1.good.example' }], TXT: ['v=spf1 mx -all'] };
    const { report } = await run({ zone, domain: 'sub.good.example', opts: { smtp: false } });
    assert.equal(report.facts.dmarc?.inherited, true);
    assert.equal(report.facts.dmarc?.policyDomain, 'good.example');
    one(report, 'dmarc-inherited');
  });
});

describe('domain check: MTA-STS and TLS-RPT', () => {
  test('mta-sts-policy-unreachable, -cert-invalid, -invalid', async () => {
    assert.match(one((await run({ pages: {} })).report, 'mta-sts-policy-unreachable').summary, /connection refused/);
    const cert: FetchResult = { ok: false, url: STS_URL, failure: 'cert', detail: 'certificate not valid: CERT_HAS_EXPIRED', ms: 1 };
    one((await run({ pages: { [STS_URL]: cert } })).report, 'mta-sts-policy-cert-invalid');
    assert.match(one((await run({ pages: { [STS_URL]: { body: POLICY, contentType: 'text/html' } } })).report, 'mta-sts-policy-invalid').summary, /text\/plain/);
    assert.match(one((await run({ pages: { [STS_URL]: { body: 'version: STSv1\nmode: enforce\n' } } })).report, 'mta-sts-policy-invalid').summary, /max_age/);
    const redirect: FetchResult = { ok: false, url: STS_URL, failure: 'redirect', detail: 'more than 0 redirects', status: 301, ms: 1 };
    assert.match(one((await run({ pages: { [STS_URL]: redirect } })).report, 'mta-sts-policy-unreachable').summary, /redirect/);
  });
  test('mta-sts-mx-mismatch: error in enforce, warning in testing', async () => {
    const pol = (mode: string): string => `version: STSv1\nmode: ${mode}\nmx: *.other.example\nmax_age: 604800\n`;
    assert.equal(one((await run({ pages: { [STS_URL]: { body: pol('enforce') } } })).report, 'mta-sts-mx-mismatch').severity, 'error');
    const testing = (await run({ pages: { [STS_URL]: { body: pol('testing') } } })).report;
    assert.equal(one(testing, 'mta-sts-mx-mismatch').severity, 'warning');
    one(testing, 'mta-sts-testing');
  });
  test('tlsrpt-missing is a warning when MTA-STS is published, info otherwise; mta-sts-missing is info', async () => {
    assert.equal(one((await run({ zone: zoneWith({}, ['_smtp._tls.good.example']) })).report, 'tlsrpt-missing').severity, 'warning');
    const none = (await run({ zone: zoneWith({}, ['_smtp._tls.good.example', '_mta-sts.good.example']) })).report;
    assert.equal(one(none, 'tlsrpt-missing').severity, 'info');
    assert.equal(one(none, 'mta-sts-missing').severity, 'info');
  });
});

describe('domain check: reputation', () => {
  const listed = (answer: string, zoneName = 'zen.spamhaus.org', sane = true): FakeZone => {
    const z = zoneWith({ [`1.0.0.127.${zoneName}`]: { A: [answer], TXT: ['https://check.example/127.0.0.1'] } });
    if (!sane) z[`1.0.0.127.${zoneName}`] = { A: [answer] };
    return z;
  };
  test('a listing with its documented meaning; the TXT answer is evidence', async () => {
    const { report } = await run({ zone: listed('127.0.0.2'), opts: { dnsbl: ['zen.spamhaus.org'] } });
    // 127.0.0.1 is both the MX address and the RFC 5782 "never listed" test entry in this fake;
    // a list that lists 127.0.0.1 is unreliable:
    one(report, 'dnsbl-zone-unreliable');
    assert.deepEqual(report.findings.filter((f) => f.cause === 'ip-blocklisted'), []);
  });
  test('ip-blocklisted for an MX address (error; PBL only a warning) and for --ip', async () => {
    const zone = zoneWith({
      'good.example': { MX: [{ priority: 10, exchange: 'mx1.good.example' }], TXT: ['v=spf1 mx ip4:127.0.0.9 -all'] },
      'mx1.good.example': { A: ['127.0.0.3'] },
      '3.0.0.127.in-addr.arpa': { PTR: ['mx1.good.example'] },
      '9.0.0.127.in-addr.arpa': { PTR: ['mx1.good.example'] },
      '3.0.0.127.zen.spamhaus.org': { A: ['127.0.0.11'] },
      '9.0.0.127.zen.spamhaus.org': { A: ['127.0.0.11'], TXT: ['https://check.spamhaus.org/query/ip/127.0.0.9'] },
    });
    const pages = { [STS_URL]: { body: POLICY } };
    const { report } = await run({ zone, pages, opts: { dnsbl: ['zen.spamhaus.org'], ip: '127.0.0.9' } });
    const found = report.findings.filter((f) => f.cause === 'ip-blocklisted').map((f) => `${f.attempt}:${f.severity}`);
    assert.deepEqual(found.sort(), ['--ip 127.0.0.9:error', 'MX mx1.good.example 127.0.0.3:warning']);
    const f = report.findings.find((x) => x.cause === 'ip-blocklisted' && x.attempt === '--ip 127.0.0.9');
    assert.match(f?.slots.meaning ?? '', /PBL/);
    assert.match(f?.evidence.map((e) => e.excerpt).join('\n') ?? '', /check\.spamhaus\.org/);
  });
  test('Spamhaus "public resolver" answer is dnsbl-refused, not a listing', async () => {
    const zone = zoneWith({ 'mx1.good.example': { A: ['127.0.0.3'] }, '3.0.0.127.in-addr.arpa': { PTR: ['mx1.good.example'] }, '3.0.0.127.zen.spamhaus.org': { A: ['127.255.255.254'] } });
    const { report } = await run({ zone, opts: { dnsbl: ['zen.spamhaus.org'] } });
    assert.match(one(report, 'dnsbl-refused').summary, /public or open resolver/);
    assert.deepEqual(report.findings.filter((f) => f.cause === 'ip-blocklisted'), []);
    assert.equal(report.facts.reputation?.checks[0]?.result, 'refused');
  });
  test('an answer outside 127/8 is dnsbl-unexpected-answer', async () => {
    const zone = zoneWith({ 'mx1.good.example': { A: ['127.0.0.3'] }, '3.0.0.127.in-addr.arpa': { PTR: ['mx1.good.example'] }, '3.0.0.127.bl.test': { A: ['203.0.113.9'] } });
    one((await run({ zone })).report, 'dnsbl-unexpected-answer');
  });
});

describe('domain check: client settings', () => {
  test('SRV target that does not resolve, service not offered (DNS only with --no-smtp)', async () => {
    const zone = zoneWith({
      '_imaps._tcp.good.example': { SRV: [{ priority: 0, weight: 1, port: 993, name: 'imap.gone.example' }] },
      '_pop3._tcp.good.example': { SRV: [{ priority: 0, weight: 0, port: 0, name: '' }] },
    });
    const { report } = await run({ zone, opts: { smtp: false } });
    assert.equal(one(report, 'srv-host-unreachable').slots.host, 'imap.gone.example');
    one(report, 'srv-service-not-offered');
    assert.equal(report.findings.find((f) => f.cause === 'srv-host-unreachable')?.stage, 'client-settings');
  });
  test('nothing published: account-settings-not-found as info', async () => {
    const { report } = await run({ opts: { smtp: false } });
    assert.equal(one(report, 'account-settings-not-found').severity, 'info');
    const published = await run({
      zone: zoneWith({ '_submissions._tcp.good.example': { SRV: [{ priority: 0, weight: 1, port: 465, name: 'mx1.good.example' }] } }),
      opts: { smtp: false },
    });
    assert.deepEqual(published.report.findings.filter((f) => f.stage === 'client-settings'), []);
    assert.equal(published.report.facts.clientSettings?.reachability[0]?.ok, true);
  });
});

describe('domain check: resolver failures are findings, never crashes', () => {
  test('SERVFAIL on the MX lookup', async () => {
    const { report } = await run({ failures: { 'good.example MX': 'SERVFAIL' } });
    const f = report.findings.find((x) => x.cause === 'dns-failure' && x.stage === 'mx');
    assert.ok(f);
    assert.equal(report.cause, 'dns-failure');
  });
  test('timeouts everywhere', async () => {
    const failures: Record<string, DnsErrorCode> = {};
    for (const name of Object.keys(healthyZone())) failures[`${name} *`] = 'TIMEOUT';
    for (const n of ['good.example MX']) delete failures[n];
    const { report } = await run({ failures });
    const stages = new Set(report.findings.filter((f) => f.cause === 'dns-failure').map((f) => f.stage));
    for (const s of ['mx', 'spf', 'dmarc', 'mta-sts', 'tlsrpt']) assert.ok(stages.has(s as never), `dns-failure at ${s}`);
  });
  test('a dead resolver: one dns-failure per section, naming every lookup that failed', async () => {
    const dns = new FakeDns({});
    dns.query = (async (name: string, type: 'A') => ({ ok: false, name, type, code: 'CONNREFUSED', message: 'refused', ms: 0 })) as typeof dns.query;
    const report = await checkDomain('good.example', { dnsbl: ['bl.test'], smtp: false, smtpPort: 25, httpsPort: 443, timeoutMs: 1000 }, { dns: new DnsClient(), backend: dns });
    assert.equal(report.cause, 'dns-failure');
    const perStage = new Map<string, number>();
    for (const f of report.findings.filter((x) => x.cause === 'dns-failure')) perStage.set(f.stage, (perStage.get(f.stage) ?? 0) + 1);
    assert.ok([...perStage.values()].every((n) => n === 1), JSON.stringify([...perStage]));
    const dkim = report.findings.find((f) => f.cause === 'dns-failure' && f.stage === 'dkim');
    assert.match(dkim?.summary ?? '', /^22 DNS lookups failed with CONNREFUSED: default\._domainkey\.good\.example TXT, .*, and 17 more$/);
  });
  test('invalid names', () => {
    assert.equal(normalizeDomain('Example.COM.'), 'example.com');
    assert.equal(normalizeDomain('bücher.example'), 'xn--bcher-kva.example');
    for (const bad of ['', 'localhost', 'a@b.example', 'http://x.example', '192.0.2.1', 'a..b', `${'x'.repeat(64)}.example`, '-a.example']) {
      assert.equal(normalizeDomain(bad), null, bad);
    }
  });
});

describe('batch', () => {
  test('streams one JSON line per domain, skips comments, and summarises on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'md-batch-'));
    try {
      const file = join(dir, 'domains.txt');
      await writeFile(file, '# list\ngood.example\n\nnope.example  # gone\nbad..name\ngood.example\n');
      const out = new PassThrough();
      const err = new PassThrough();
      let text = '';
      let etext = '';
      out.on('data', (c: Buffer) => (text += c.toString()));
      err.on('data', (c: Buffer) => (etext += c.toString()));
      const dns = new FakeDns(healthyZone());
      const summary = await runDomainBatch({
        file,
        concurrency: 2,
        json: true,
        check: { dnsbl: [], smtp: false, smtpPort: 25, httpsPort: 443, timeoutMs: 1000 },
        deps: { dns: new DnsClient(), backend: dns, fetchHttps: fakeFetch({ [STS_URL]: { body: POLICY } }) },
        out,
        err,
      });
      const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Report<DomainFacts>);
      assert.equal(lines.length, 4);
      assert.deepEqual(lines.map((l) => l.target.domain).sort(), ['bad..name', 'good.example', 'good.example', 'nope.example']);
      assert.equal(summary.ok, 2);
      assert.equal(summary.problems, 2);
      assert.equal(summary.invalid, 1);
      assert.match(etext, /checked 4 domains .* 2 ok, 2 with problems \(1 invalid names\)/);
      assert.ok(summary.cacheHits > 0, 'the second good.example was answered from the shared cache');
      assert.equal(dns.count('good.example', 'MX'), 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  test('domainOfLine', () => {
    assert.equal(domainOfLine('  example.com  # note'), 'example.com');
    assert.equal(domainOfLine('example.com,extra'), 'example.com');
    assert.equal(domainOfLine('# only'), null);
  });
});
