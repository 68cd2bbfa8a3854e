import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeDns, type FakeZone } from '../../test/helpers/fake-dns.js';
import { DnsSession } from './session.js';
import { analyzeSpf, checkDomainSpec, checkMacroString, isSpfRecord, parseSpf, renderSpfTree } from './spf.js';

function session(zone: FakeZone, failures = {}): { s: DnsSession; dns: FakeDns } {
  const dns = new FakeDns(zone, failures);
  return { s: new DnsSession({ backend: dns }), dns };
}

describe('parseSpf', () => {
  test('a valid record with every mechanism and modifier', () => {
    const p = parseSpf('v=spf1 +a mx:mail.example.com/24//64 -ptr ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net exists:%{i}.x.example.org ~all exp=explain.example.com');
    assert.deepEqual(p.errors, []);
    assert.equal(p.terms.length, 9);
    const mx = p.terms[1];
    assert.ok(mx && mx.kind === 'mechanism');
    assert.equal(mx.name, 'mx');
    assert.equal(mx.value, 'mail.example.com');
    assert.equal(mx.cidr4, 24);
    assert.equal(mx.cidr6, 64);
    const ex = p.terms[6];
    assert.ok(ex && ex.kind === 'mechanism' && ex.hasMacro);
    assert.equal(p.terms[7]?.kind === 'mechanism' && p.terms[7].qualifier, '~');
  });

  test('syntax errors name the term', () => {
    const cases: [string, RegExp][] = [
      ['v=spf1 foo:bar -all', /unknown mechanism "foo"/],
      ['v=spf1 ip4:192.0.2.300 -all', /not an IPv4 address/],
      ['v=spf1 ip4:192.0.2.0/33 -all', /prefix length/],
      ['v=spf1 ip6:192.0.2.1 -all', /not an IPv6 address/],
      ['v=spf1 include -all', /needs ":domain"/],
      ['v=spf1 include:example -all', /not a fully qualified/],
      ['v=spf1 a:example.com/40 -all', /over 32/],
      ['v=spf1 all:x', /takes no argument/],
      ['v=spf1 redirect=a.example redirect=b.example', /more than once/],
      ['v=spf1 include:%{z}.example.com -all', /invalid macro/],
      ['v=spf1 include:%{c}.example.com -all', /only allowed in exp=/],
      ['v=spf1 a:foo.123 -all', /top-level label/],
    ];
    for (const [rec, re] of cases) {
      const p = parseSpf(rec);
      assert.ok(p.errors.length >= 1, rec);
      assert.match(p.errors.map((e) => e.detail).join(' | '), re, rec);
    }
  });

  test('include=x is a (valid, ignored) unknown modifier, flagged as a likely typo', () => {
    const p = parseSpf('v=spf1 include=_spf.example.com -all');
    assert.deepEqual(p.errors, []);
    assert.match(p.suspicious[0]?.detail ?? '', /include:_spf.example.com/);
  });

  test('record selection and macro checks', () => {
    assert.equal(isSpfRecord('v=spf1 -all'), true);
    assert.equal(isSpfRecord('V=SPF1'), true);
    assert.equal(isSpfRecord('v=spf10 -all'), false);
    assert.equal(isSpfRecord('google-site-verification=abc'), false);
    assert.equal(checkMacroString('%{ir}.%{v}._spf.%{d}'), null);
    assert.match(checkMacroString('50%') ?? '', /must start a macro/);
    assert.equal(checkDomainSpec('_spf.example.com.'), null);
    assert.match(checkDomainSpec('') ?? '', /missing/);
  });
});

describe('analyzeSpf: the lookup tree', () => {
  test('counts DNS-querying terms through includes, in evaluation order', async () => {
    const { s } = session({
      'example.com': { TXT: ['v=spf1 a mx include:a.example.net include:b.example.net ip4:192.0.2.1 -all'], A: ['192.0.2.1'], MX: [{ priority: 10, exchange: 'mx.example.com' }] },
      'a.example.net': { TXT: ['v=spf1 include:c.example.net ~all'] },
      'b.example.net': { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] },
      'c.example.net': { TXT: ['v=spf1 ip6:2001:db8::/32 -all'] },
    });
    const a = await analyzeSpf('example.com', s);
    assert.equal(a.lookups, 5);
    assert.equal(a.voidLookups, 0);
    assert.equal(a.effectiveAll, '-');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.costs[0], { term: 'include:a.example.net', lookups: 2 });
    const tree = renderSpfTree(a.root);
    assert.match(tree, /#3 include:a\.example\.net/);
    assert.match(tree, /#4 include:c\.example\.net/);
    assert.match(tree, /#5 include:b\.example\.net/);
  });

  test('more than 10 lookups: names the 11th', async () => {
    const zone: FakeZone = { 'big.example': { TXT: ['v=spf1 include:p1.example include:p2.example include:p3.example -all'] } };
    for (let i = 1; i <= 3; i++) {
      zone[`p${i}.example`] = { TXT: [`v=spf1 a:h${i}a.example a:h${i}b.example a:h${i}c.example ~all`] };
      for (const x of ['a', 'b', 'c']) zone[`h${i}${x}.example`] = { A: ['192.0.2.1'] };
    }
    const { s } = session(zone);
    const a = await analyzeSpf('big.example', s);
    assert.equal(a.lookups, 12);
    assert.equal(a.exceededAt, 'big.example > include:p3.example > a:h3b.example');
  });

  test('void lookups are counted (NXDOMAIN and NODATA), with the terms', async () => {
    const { s } = session({
      'v.example': { TXT: ['v=spf1 a:gone1.example a:gone2.example mx:nomx.example include:missing.example -all'] },
      'nomx.example': { A: ['192.0.2.9'] },
    });
    const a = await analyzeSpf('v.example', s);
    assert.equal(a.voidLookups, 4);
    assert.equal(a.voidTerms.length, 4);
    assert.match(a.voidTerms.join('\n'), /a:gone1\.example \(gone1\.example has no A\/AAAA records \(NXDOMAIN\)\)/);
    assert.match(a.voidTerms.join('\n'), /mx:nomx\.example \(nomx\.example has no MX records \(NODATA\)\)/);
    assert.ok(a.problems.some((p) => p.kind === 'include-missing' && p.term === 'include:missing.example'));
  });

  test('terms after all and a redirect next to all are not evaluated (and are reported)', async () => {
    const { s, dns } = session({
      'x.example': { TXT: ['v=spf1 -all include:never.example redirect=never2.example'] },
    });
    const a = await analyzeSpf('x.example', s);
    assert.equal(a.lookups, 0);
    assert.equal(dns.count('never.example', 'TXT'), 0);
    const ignored = a.problems.find((p) => p.kind === 'ignored');
    assert.match(ignored?.detail ?? '', /after "-all"/);
    assert.match(ignored?.detail ?? '', /redirect=never2\.example/);
  });

  test('redirect is followed and its all is the effective all', async () => {
    const { s } = session({
      'r.example': { TXT: ['v=spf1 redirect=_spf.r.example'] },
      '_spf.r.example': { TXT: ['v=spf1 ip4:192.0.2.0/24 ?all'] },
    });
    const a = await analyzeSpf('r.example', s);
    assert.equal(a.lookups, 1);
    assert.equal(a.effectiveAll, '?');
  });

  test('include loops, multiple records, mx with more than 10 hosts, +all in an include, DNS failures', async () => {
    const mx = Array.from({ length: 11 }, (_, i) => ({ priority: i, exchange: `mx${i}.example` }));
    const { s } = session(
      {
        'l.example': { TXT: ['v=spf1 include:l2.example mx:many.example include:dup.example include:open.example include:broken.example -all'] },
        'l2.example': { TXT: ['v=spf1 include:l.example -all'] },
        'many.example': { MX: mx },
        'dup.example': { TXT: ['v=spf1 -all', 'v=spf1 ~all'] },
        'open.example': { TXT: ['v=spf1 +all'] },
      },
      { 'broken.example TXT': 'SERVFAIL' },
    );
    const a = await analyzeSpf('l.example', s);
    const kinds = a.problems.map((p) => p.kind).sort();
    assert.deepEqual(kinds, ['dns-failure', 'loop', 'multiple', 'mx-too-many', 'plus-all-include']);
  });

  test('macros are counted but not followed; ptr is reported', async () => {
    const { s, dns } = session({ 'm.example': { TXT: ['v=spf1 exists:%{i}._spf.m.example ptr -all'] } });
    const a = await analyzeSpf('m.example', s);
    assert.equal(a.lookups, 2);
    assert.equal(dns.calls.filter((c) => c.includes('%')).length, 0);
    assert.ok(a.problems.some((p) => p.kind === 'ptr'));
  });

  test('no record and syntax errors', async () => {
    const { s } = session({ 'none.example': { TXT: ['google-site-verification=x'] }, 'bad.example': { TXT: ['v=spf1 ip4:1.2.3 -all'] } });
    assert.equal((await analyzeSpf('none.example', s)).problems[0]?.kind, 'missing');
    const bad = await analyzeSpf('bad.example', s);
    assert.equal(bad.root.status, 'syntax');
    assert.equal(bad.problems[0]?.kind, 'syntax');
  });
});
