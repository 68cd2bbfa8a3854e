import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { parseDkimKey, parseTagList, looksLikeDkimKey } from './dkim-key.js';
import { externalAuthorizationName, orgDomain, parseDmarc } from './dmarc.js';
import { mxCovered, mxMatchesPattern, parseStsPolicy, parseStsTxt, parseTlsRpt } from './mta-sts.js';
import { dnsblQueryName, dnsblZone, interpretDnsblAnswers } from './dnsbl.js';

function rsaKey(bits: number, type: 'spki' | 'pkcs1' = 'spki'): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type, format: 'der' }).toString('base64');
}

describe('DKIM key records', () => {
  test('RSA key sizes, from SubjectPublicKeyInfo and bare PKCS#1', () => {
    assert.equal(parseDkimKey(`v=DKIM1; k=rsa; p=${rsaKey(2048)}`).bits, 2048);
    assert.equal(parseDkimKey(`v=DKIM1; p=${rsaKey(1024, 'pkcs1')}`).bits, 1024);
    const k = parseDkimKey(`v=DKIM1; k=rsa; p=${rsaKey(1024)}`);
    assert.deepEqual(k.errors, []);
    assert.equal(k.keyType, 'rsa');
  });
  test('Ed25519 keys are 32 raw bytes', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
    const k = parseDkimKey(`v=DKIM1; k=ed25519; p=${raw}`);
    assert.deepEqual(k.errors, []);
    assert.equal(k.bits, 256);
    assert.match(parseDkimKey('v=DKIM1; k=ed25519; p=AAAA').errors.join(), /32 bytes/);
  });
  test('revoked, testing, hash list, service type', () => {
    assert.equal(parseDkimKey('v=DKIM1; p=').revoked, true);
    const k = parseDkimKey(`v=DKIM1; t=y:s; h=sha1; p=${rsaKey(1024)}`);
    assert.equal(k.testing, true);
    assert.deepEqual(k.hashes, ['sha1']);
    assert.match(parseDkimKey(`v=DKIM1; s=tlsrpt; p=${rsaKey(1024)}`).errors.join(), /excludes email/);
  });
  test('malformed records', () => {
    assert.match(parseDkimKey('v=DKIM1; k=rsa').errors.join(), /no p= tag/);
    assert.match(parseDkimKey('v=DKIM1; p=!!!notbase64').errors.join(), /not valid base64/);
    assert.match(parseDkimKey('v=DKIM1; p=AAAAAAAA').errors.join(), /does not decode to an RSA public key/);
    assert.match(parseDkimKey(`v=DKIM1; p=${rsaKey(1024)}; p=x`).errors.join(), /more than once/);
    assert.match(parseDkimKey(`k=rsa; v=DKIM1; p=${rsaKey(1024)}`).errors.join(), /must be the first tag/);
    assert.match(parseDkimKey(`v=DKIM1; k=dsa; p=${rsaKey(1024)}`).errors.join(), /unknown key type/);
    assert.equal(looksLikeDkimKey('v=spf1 -all'), false);
    assert.equal(looksLikeDkimKey('k=rsa; p=abc'), true);
  });
  test('tag lists allow whitespace and a trailing semicolon', () => {
    assert.deepEqual(parseTagList(' v = DKIM1 ;\tp=ab cd ; ').tags, { v: 'DKIM1', p: 'ab cd' });
  });
});

describe('DMARC records', () => {
  test('a complete record', () => {
    const r = parseDmarc('v=DMARC1; p=reject; sp=quarantine; pct=50; adkim=s; aspf=r; rua=mailto:a@example.com,mailto:b@reports.example.net!10m; ruf=mailto:f@example.com; fo=1:d; ri=86400');
    assert.deepEqual(r.errors, []);
    assert.equal(r.p, 'reject');
    assert.equal(r.sp, 'quarantine');
    assert.equal(r.pct, 50);
    assert.equal(r.adkim, 's');
    assert.deepEqual(r.rua.map((u) => u.domain), ['example.com', 'reports.example.net']);
  });
  test('errors and unknown tags', () => {
    assert.match(parseDmarc('v=DMARC1; p=block').errors.join(), /p=block/);
    assert.match(parseDmarc('v=DMARC1; rua=mailto:a@example.com').errors.join(), /no p= tag/);
    assert.equal(parseDmarc('v=DMARC1; rua=mailto:a@example.com').p, 'none');
    assert.match(parseDmarc('v=DMARC1; p=none; pct=150').errors.join(), /pct=150/);
    assert.match(parseDmarc('v=DMARC1; p=none; rua=a@example.com').errors.join(), /not a URI/);
    assert.match(parseDmarc('p=none; v=DMARC1').errors.join(), /must start with/);
    assert.deepEqual(parseDmarc('v=DMARC1; p=none; foo=bar').unknownTags, ['foo=bar']);
  });
  test('organisational domain and external report authorisation (RFC 7489 7.1)', () => {
    assert.equal(orgDomain('mail.example.co.uk'), 'example.co.uk');
    assert.equal(orgDomain('a.b.example.com'), 'example.com');
    assert.equal(externalAuthorizationName('example.com', 'reports.example.com'), null);
    assert.equal(externalAuthorizationName('example.com', 'dmarc.vendor.example'), 'example.com._report._dmarc.dmarc.vendor.example');
  });
});

describe('MTA-STS and TLS-RPT records', () => {
  test('TXT record', () => {
    assert.equal(parseStsTxt('v=STSv1; id=20240101T000000;').id, '20240101T000000');
    assert.match(parseStsTxt('v=STSv1;').errors.join(), /no id=/);
    assert.match(parseStsTxt('v=STSv1; id=2024-01-01').errors.join(), /letters or digits/);
  });
  test('policy file', () => {
    const p = parseStsPolicy('version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n');
    assert.deepEqual(p.errors, []);
    assert.equal(p.mode, 'enforce');
    assert.equal(p.maxAge, 604800);
    assert.deepEqual(p.mx, ['mail.example.com', '*.example.net']);
    assert.match(parseStsPolicy('version: STSv1\nmode: strict\nmax_age: 1\nmx: a.example').errors.join(), /mode "strict"/);
    assert.match(parseStsPolicy('version: STSv1\nmode: enforce\nmax_age: 86400').errors.join(), /no "mx:" line/);
    assert.match(parseStsPolicy('mode: testing\nmx: a.example\nmax_age: 99999999999').errors.join(), /version.*max_age|max_age.*version/s);
  });
  test('mx patterns: exact, or one leftmost label for "*."', () => {
    assert.equal(mxMatchesPattern('mx1.example.net', '*.example.net'), true);
    assert.equal(mxMatchesPattern('a.mx1.example.net', '*.example.net'), false);
    assert.equal(mxMatchesPattern('example.net', '*.example.net'), false);
    assert.equal(mxMatchesPattern('MAIL.example.com.', 'mail.example.com'), true);
    assert.equal(mxCovered('mx2.example.org', ['mail.example.com', '*.example.net']), false);
  });
  test('TLS-RPT', () => {
    assert.deepEqual(parseTlsRpt('v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example/x').errors, []);
    assert.match(parseTlsRpt('v=TLSRPTv1; rua=tls@example.com').errors.join(), /not a mailto: or https:/);
  });
});

describe('DNS blocklists', () => {
  test('query names', () => {
    assert.equal(dnsblQueryName('192.0.2.10', 'zen.spamhaus.org'), '10.2.0.192.zen.spamhaus.org');
    assert.equal(dnsblQueryName('2001:db8::1', 'bl.test'), `1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2.bl.test`);
  });
  test('Spamhaus return codes: listings, PBL, and the error codes that are not listings', () => {
    const z = dnsblZone('zen.spamhaus.org');
    assert.equal(interpretDnsblAnswers(z, ['127.0.0.2']).verdict, 'listed');
    assert.equal(interpretDnsblAnswers(z, ['127.0.0.11']).codes[0]?.code.policy, true);
    assert.equal(interpretDnsblAnswers(z, ['127.0.0.4', '127.0.0.10']).verdict, 'listed');
    const refused = interpretDnsblAnswers(z, ['127.255.255.254']);
    assert.equal(refused.verdict, 'refused');
    assert.match(refused.codes[0]?.code.meaning ?? '', /public or open resolver/);
    assert.equal(interpretDnsblAnswers(z, ['127.0.0.8']).verdict, 'unexpected');
  });
  test('unknown zones follow RFC 5782; answers outside 127/8 are not listings', () => {
    const z = dnsblZone('bl.example');
    assert.equal(interpretDnsblAnswers(z, ['127.0.0.3']).verdict, 'listed');
    assert.equal(interpretDnsblAnswers(z, ['127.255.255.255']).verdict, 'refused');
    assert.equal(interpretDnsblAnswers(z, ['203.0.113.5']).verdict, 'unexpected');
    assert.equal(interpretDnsblAnswers(z, ['127.0.0.1']).verdict, 'unexpected');
  });
});
