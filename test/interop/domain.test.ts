/**
 * `maildoctor domain` against real peers on loopback: an authoritative nsd serving zones this
 * test writes (a healthy domain and one domain per fault), in-process smtp-server instances
 * as MX hosts (127.0.0.1 with the test PKI certificate, 127.0.0.3 without STARTTLS, nothing
 * on 127.0.0.4), a local HTTPS server for MTA-STS policies and autoconfig, and local DNS
 * zones acting as blocklists (one named zen.spamhaus.org, served by our nsd only: every
 * query goes to --dns on 127.0.0.1, nothing leaves the machine).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Report } from '../../src/core/report.js';
import { DnsClient } from '../../src/dns/client.js';
import { checkDomain, type DomainCheckOptions, type DomainFacts } from '../../src/domain/check-domain.js';
import { createTestPki, type TestPki } from '../peers/ca.js';
import { startNsd, txt, zone, NSD_BINARY, type NsdPeer } from '../peers/nsd.js';
import { closedPort as findClosedPort } from '../peers/ports.js';
import { peerMissing } from '../peers/require.js';
import { makeNameCert, type NameCert } from '../helpers/name-cert.js';

const skip = peerMissing('nsd', NSD_BINARY);

let nsd: NsdPeer;
let pki: TestPki;
let names: NameCert;
let caPem: string;
let smtpPort: number;
let httpsPort: number;
let closedPort: number;
let dir: string;
const servers: { close: (cb: () => void) => void }[] = [];

const DKIM2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const DKIM1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

const POLICY = (mode: string, mx: string[]): string => `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join('')}max_age: 1209600\r\n`;
const AUTOCONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="good.example"><domain>good.example</domain>
<incomingServer type="imap"><hostname>mail.test.example</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>mail.test.example</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>`;

/** HTTPS answers by Host: MTA-STS policies and the autoconfig file. */
const PAGES: Record<string, { status?: number; type?: string; body: string }> = {
  'mta-sts.good.example/.well-known/mta-sts.txt': { body: POLICY('enforce', ['mail.test.example']) },
  'mta-sts.badcert.example/.well-known/mta-sts.txt': { body: POLICY('enforce', ['mx.badcert.example']) },
  'mta-sts.stsmismatch.example/.well-known/mta-sts.txt': { body: POLICY('enforce', ['*.elsewhere.example']) },
  'mta-sts.stsinvalid.example/.well-known/mta-sts.txt': { type: 'text/html', body: '<html>policy</html>' },
  'mta-sts.tlsrptmissing.example/.well-known/mta-sts.txt': { body: POLICY('testing', ['mail.test.example']) },
  'autoconfig.good.example/mail/config-v1.1.xml': { type: 'text/xml', body: AUTOCONFIG },
};

/** Everything a healthy domain publishes; fault domains start from this and change one thing. */
function healthy(name: string, extra: Record<string, string | null> = {}): string {
  const rr: Record<string, string> = {
    mx: '@ MX 10 mail.test.example.',
    spf: `@ TXT ${txt('v=spf1 mx include:_spf.test.example -all')}`,
    dkim: `default._domainkey TXT ${txt(`v=DKIM1; k=rsa; p=${DKIM2048}`)}`,
    dmarc: `_dmarc TXT ${txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${name}`)}`,
    tlsrpt: `_smtp._tls TXT ${txt(`v=TLSRPTv1; rua=mailto:tls@${name}`)}`,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete rr[k];
    else rr[k] = v;
  }
  return zone(name, Object.values(rr).flatMap((v) => v.split('\n')));
}

function zones(): Record<string, string> {
  const z: Record<string, string> = {
    'test.example': zone('test.example', [
      'mail A 127.0.0.1',
      'mx-plain A 127.0.0.3',
      'mx-down A 127.0.0.4',
      'mx-mismatch A 127.0.0.5',
      `_spf TXT ${txt('v=spf1 ip4:127.0.0.0/24 -all')}`,
    ]),
    '0.0.127.in-addr.arpa': zone('0.0.127.in-addr.arpa', ['1 PTR mail.test.example.', '3 PTR mx-plain.test.example.', '5 PTR elsewhere.test.example.']),
    'good.example': healthy('good.example', {
      sts: ['_mta-sts TXT "v=STSv1; id=20250101"', 'mta-sts A 127.0.0.1'].join('\n'),
      srv: '_submissions._tcp SRV 0 1 SMTPPORT mail.test.example.',
      autoconfig: 'autoconfig A 127.0.0.1',
    }),
    // MX
    'nomx.example': healthy('nomx.example', { mx: null }),
    'nullmx.example': healthy('nullmx.example', { mx: '@ MX 0 .', spf: `@ TXT ${txt('v=spf1 -all')}` }),
    'cnamemx.example': healthy('cnamemx.example', { mx: '@ MX 10 alias\nalias CNAME mail.test.example.' }),
    'ipmx.example': healthy('ipmx.example', { mx: '@ MX 10 127.0.0.1.' }),
    'nxmx.example': healthy('nxmx.example', { mx: '@ MX 10 gone' }),
    'downmx.example': healthy('downmx.example', { mx: '@ MX 10 mx-down.test.example.' }),
    'ptrmismatch.example': healthy('ptrmismatch.example', { mx: '@ MX 10 mx-mismatch.test.example.' }),
    'plainmx.example': healthy('plainmx.example', { mx: '@ MX 10 mx-plain.test.example.' }),
    'badcert.example': healthy('badcert.example', {
      mx: '@ MX 10 mx\nmx A 127.0.0.1',
      sts: ['_mta-sts TXT "v=STSv1; id=1"', 'mta-sts A 127.0.0.1'].join('\n'),
    }),
    // SPF
    'spfmissing.example': healthy('spfmissing.example', { spf: null }),
    'spfmulti.example': healthy('spfmulti.example', { spf: `@ TXT "v=spf1 mx -all"\n@ TXT "v=spf1 a -all"` }),
    'spfsyntax.example': healthy('spfsyntax.example', { spf: '@ TXT "v=spf1 mx ip4:127.0.0.300 -all"' }),
    'spflookups.example': healthy('spflookups.example', {
      spf: [`@ TXT "v=spf1 ${Array.from({ length: 6 }, (_, i) => `include:i${i}.spflookups.example`).join(' ')} -all"`, ...Array.from({ length: 6 }, (_, i) => `i${i} TXT "v=spf1 a:mail.test.example ~all"`)].join('\n'),
    }),
    'spfvoid.example': healthy('spfvoid.example', { spf: '@ TXT "v=spf1 mx a:nope1.spfvoid.example a:nope2.spfvoid.example a:nope3.spfvoid.example -all"' }),
    'spfplusall.example': healthy('spfplusall.example', { spf: '@ TXT "v=spf1 mx +all"' }),
    'spfnoall.example': healthy('spfnoall.example', { spf: '@ TXT "v=spf1 mx"' }),
    'spfptr.example': healthy('spfptr.example', { spf: '@ TXT "v=spf1 mx ptr -all"' }),
    'spfinclude.example': healthy('spfinclude.example', { spf: '@ TXT "v=spf1 mx include:_spf.gone.test.example -all"' }),
    // DKIM (selectors given on the command line)
    'dkimmalformed.example': healthy('dkimmalformed.example', { dkim: `sel._domainkey TXT ${txt('v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA')}` }),
    'dkimrevoked.example': healthy('dkimrevoked.example', { dkim: 'sel._domainkey TXT "v=DKIM1; p="' }),
    'dkimweak.example': healthy('dkimweak.example', { dkim: `sel._domainkey TXT ${txt(`v=DKIM1; k=rsa; p=${DKIM1024}`)}` }),
    'dkimtesting.example': healthy('dkimtesting.example', { dkim: `sel._domainkey TXT ${txt(`v=DKIM1; t=y; k=rsa; p=${DKIM2048}`)}` }),
    // DMARC
    'dmarcmissing.example': healthy('dmarcmissing.example', { dmarc: null }),
    'dmarcmulti.example': healthy('dmarcmulti.example', { dmarc: '_dmarc TXT "v=DMARC1; p=reject"\n_dmarc TXT "v=DMARC1; p=none"' }),
    'dmarcsyntax.example': healthy('dmarcsyntax.example', { dmarc: '_dmarc TXT "v=DMARC1; p=deny"' }),
    'dmarcnone.example': healthy('dmarcnone.example', { dmarc: '_dmarc TXT "v=DMARC1; p=none; rua=mailto:d@dmarcnone.example"' }),
    'dmarcrua.example': healthy('dmarcrua.example', { dmarc: '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:agg@reports.test.example"' }),
    // MTA-STS / TLS-RPT
    'stsdown.example': healthy('stsdown.example', { sts: '_mta-sts TXT "v=STSv1; id=1"\nmta-sts A 127.0.0.4' }),
    'stsinvalid.example': healthy('stsinvalid.example', { sts: '_mta-sts TXT "v=STSv1; id=1"\nmta-sts A 127.0.0.1' }),
    'stsmismatch.example': healthy('stsmismatch.example', { sts: '_mta-sts TXT "v=STSv1; id=1"\nmta-sts A 127.0.0.1' }),
    'tlsrptmissing.example': healthy('tlsrptmissing.example', { tlsrpt: null, sts: '_mta-sts TXT "v=STSv1; id=1"\nmta-sts A 127.0.0.1' }),
    // client settings
    'srvdown.example': healthy('srvdown.example', { srv: '_imaps._tcp SRV 0 1 CLOSEDPORT mail.test.example.' }),
    // blocklists: Spamhaus codes, and a zone without documented codes
    'zen.spamhaus.org': zone('zen.spamhaus.org', ['2.0.0.127 A 127.0.0.2', '2.0.0.127 TXT "https://check.spamhaus.org/query/ip/127.0.0.2"', '7.0.0.127 A 127.255.255.254']),
    'bl.test': zone('bl.test', ['2.0.0.127 A 127.0.0.2', '9.0.0.127 A 198.51.100.1']),
  };
  for (const k of Object.keys(z)) z[k] = (z[k] as string).replaceAll('SMTPPORT', String(smtpPort)).replaceAll('CLOSEDPORT', String(closedPort));
  return z;
}

async function startSmtp(host: string, port: number, opts: { tls: boolean }): Promise<SMTPServer> {
  const server = new SMTPServer({
    secure: false,
    key: pki.certs.valid.keyPem,
    cert: pki.certs.valid.certPem,
    hideSTARTTLS: !opts.tls,
    authOptional: true,
    disabledCommands: ['AUTH'],
    banner: 'test MX',
    logger: false,
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/**
 * The two test MX servers share one port (the zones name one SMTP port): 127.0.0.1 (STARTTLS)
 * takes a port from the kernel, 127.0.0.3 (plain) the same one on its own address; should that
 * be taken there, both start again. No port is released and bound again later (freePort()'s
 * race: another test's listener can get it in between).
 */
async function startSmtpServers(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const first = await startSmtp('127.0.0.1', 0, { tls: true });
    const port = (first.server.address() as AddressInfo).port;
    try {
      servers.push(await startSmtp('127.0.0.3', port, { tls: false }));
      servers.push(first);
      smtpPort = port;
      return;
    } catch (e) {
      await new Promise<void>((r) => first.close(() => r()));
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) throw e;
    }
  }
}

before(async () => {
  if (skip) return;
  pki = await createTestPki();
  const hosts = ['good', 'badcert', 'stsmismatch', 'stsinvalid', 'tlsrptmissing'].map((d) => `mta-sts.${d}.example`);
  names = await makeNameCert([...hosts, 'autoconfig.good.example']);
  caPem = pki.caPem + names.caPem;
  dir = await mkdtemp(join(tmpdir(), 'md-domain-'));
  closedPort = await findClosedPort();
  await startSmtpServers();
  const web = https.createServer({ key: names.keyPem, cert: names.certPem }, (req, res) => {
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
    const page = PAGES[`${host}${(req.url ?? '').split('?')[0] ?? ''}`];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/plain' }).end(page.body);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  httpsPort = (web.address() as AddressInfo).port;
  servers.push(web);
  nsd = await startNsd(zones());
});

after(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  await nsd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function client(): DnsClient {
  return new DnsClient({ server: { host: '127.0.0.1', port: nsd.port }, timeoutMs: 2000 });
}

async function check(domain: string, extra: Partial<DomainCheckOptions> = {}): Promise<Report<DomainFacts>> {
  const opts: DomainCheckOptions = { dnsbl: ['bl.test'], smtp: true, smtpPort, httpsPort, ca: caPem, timeoutMs: 2000, ...extra };
  const r = await checkDomain(domain, opts, { dns: client() });
  for (const f of r.findings) assert.ok(f.evidence.length > 0, `${f.cause} cites no evidence`);
  return r;
}

function bad(r: Report<DomainFacts>, min: 'warning' | 'error' = 'warning'): string[] {
  return r.findings.filter((f) => f.severity === 'error' || f.severity === 'critical' || (min === 'warning' && f.severity === 'warning')).map((f) => f.cause);
}

function explain(r: Report<DomainFacts>): string {
  return `${r.findings.map((f) => `${f.severity} ${f.cause}: ${f.summary}`).join('\n')}\n--- transcript\n${r.transcript.map((e) => `${e.dir} ${e.conn ?? ''} ${e.text}`).join('\n')}`;
}

/** The domain's only warnings and errors are `expected` (each at the given severity). */
function expectOnly(r: Report<DomainFacts>, expected: Record<string, 'warning' | 'error'>): void {
  const got = r.findings.filter((f) => f.severity === 'warning' || f.severity === 'error').map((f) => `${f.cause}:${f.severity}`);
  assert.deepEqual([...new Set(got)].sort(), Object.entries(expected).map(([c, s]) => `${c}:${s}`).sort(), explain(r));
  assert.equal(r.ok, !Object.values(expected).includes('error'));
}

describe('maildoctor domain against nsd, smtp-server and an HTTPS policy server', { skip }, () => {
  test('the healthy domain: nothing to report, every section seen', async () => {
    const r = await check('good.example', { ip: '127.0.0.1' });
    assert.deepEqual(bad(r), [], explain(r));
    assert.equal(r.ok, true);
    const f = r.facts;
    assert.equal(f.mx.hosts[0]?.addresses[0]?.smtp?.tls?.valid, true);
    assert.equal(f.mx.hosts[0]?.addresses[0]?.fcrdns, true);
    assert.equal(f.spf?.result?.result, 'pass');
    assert.equal(f.spf?.lookups, 2);
    assert.equal(f.dkim?.selectors[0]?.selector, 'default');
    assert.equal(f.dkim?.selectors[0]?.bits, 2048);
    assert.equal(f.mtaSts?.mode, 'enforce');
    assert.equal(f.clientSettings?.reachability[0]?.ok, true);
    assert.ok(f.clientSettings?.autoconfig.some((a) => a.status === 'found'));
    assert.ok(r.transcript.some((e) => e.dir === 's' && e.text.startsWith('220')), 'the SMTP dialogue is in the transcript');
  });

  describe('MX faults', () => {
    test('mx-missing', async () => expectOnly(await check('nomx.example'), { 'mx-missing': 'error' }));
    test('mx-null', async () => expectOnly(await check('nullmx.example'), { 'mx-null': 'warning' }));
    test('mx-target-cname', async () => expectOnly(await check('cnamemx.example'), { 'mx-target-cname': 'warning', 'cert-hostname-mismatch': 'warning' }));
    test('mx-target-ip', async () => expectOnly(await check('ipmx.example'), { 'mx-target-ip': 'error' }));
    test('mx-target-nxdomain', async () => expectOnly(await check('nxmx.example'), { 'mx-target-nxdomain': 'error' }));
    test('mx-unreachable (nothing listens), and the address has no PTR', async () => {
      const r = await check('downmx.example');
      expectOnly(r, { 'mx-unreachable': 'error', 'ptr-missing': 'warning' });
      assert.equal(r.cause, 'mx-unreachable');
      assert.ok(r.findings.some((f) => f.cause === 'connection-refused' && f.attempt === 'mx-down.test.example 127.0.0.4'));
    });
    test('ptr-mismatch', async () => {
      const r = await check('ptrmismatch.example', { smtp: false });
      expectOnly(r, { 'ptr-mismatch': 'warning' });
      assert.match(r.findings.find((f) => f.cause === 'ptr-mismatch')?.evidence[0]?.excerpt ?? '', /5\.0\.0\.127\.in-addr\.arpa PTR elsewhere\.test\.example/);
    });
    test('the SMTP probe: starttls-not-offered on a plain MX', async () => {
      expectOnly(await check('plainmx.example'), { 'starttls-not-offered': 'warning' });
    });
    test('the SMTP probe: cert-hostname-mismatch is an error under MTA-STS enforce', async () => {
      const r = await check('badcert.example');
      expectOnly(r, { 'cert-hostname-mismatch': 'error' });
      assert.equal(r.findings.find((f) => f.cause === 'cert-hostname-mismatch')?.attempt, 'mx.badcert.example 127.0.0.1');
    });
    test('domain-not-found', async () => expectOnly(await check('nothere.good.example'), { 'domain-not-found': 'error' }));
  });

  describe('SPF faults', () => {
    test('spf-missing', async () => expectOnly(await check('spfmissing.example'), { 'spf-missing': 'error' }));
    test('spf-multiple-records', async () => expectOnly(await check('spfmulti.example'), { 'spf-multiple-records': 'error' }));
    test('spf-syntax-error', async () => expectOnly(await check('spfsyntax.example'), { 'spf-syntax-error': 'error' }));
    test('spf-too-many-lookups, with the tree as evidence', async () => {
      const r = await check('spflookups.example');
      expectOnly(r, { 'spf-too-many-lookups': 'error' });
      assert.equal(r.facts.spf?.lookups, 12);
      assert.equal(r.facts.spf?.exceededAt, 'spflookups.example > include:i5.spflookups.example');
      assert.match(r.findings[0]?.evidence[0]?.excerpt ?? '', /#11 include:i5\.spflookups\.example/);
    });
    test('spf-too-many-void-lookups', async () => expectOnly(await check('spfvoid.example'), { 'spf-too-many-void-lookups': 'error' }));
    test('spf-permissive-all', async () => expectOnly(await check('spfplusall.example'), { 'spf-permissive-all': 'error' }));
    test('spf-no-all', async () => expectOnly(await check('spfnoall.example'), { 'spf-no-all': 'warning' }));
    test('spf-ptr-deprecated', async () => expectOnly(await check('spfptr.example'), { 'spf-ptr-deprecated': 'warning' }));
    test('spf-include-missing', async () => expectOnly(await check('spfinclude.example'), { 'spf-include-missing': 'error' }));
    test('--ip not permitted: spf-ip-not-authorized (mailauth through our resolver)', async () => {
      const r = await check('good.example', { ip: '127.0.1.1', dnsbl: [] });
      assert.equal(r.facts.spf?.result?.result, 'fail');
      assert.ok(bad(r).includes('spf-ip-not-authorized'), explain(r));
    });
  });

  describe('DKIM faults', () => {
    const sel = { dkimSelectors: ['sel'], probeDkimSelectors: false };
    test('dkim-key-missing', async () => expectOnly(await check('good.example', { ...sel }), { 'dkim-key-missing': 'error' }));
    test('dkim-key-malformed', async () => expectOnly(await check('dkimmalformed.example', sel), { 'dkim-key-malformed': 'error' }));
    test('dkim-key-revoked', async () => expectOnly(await check('dkimrevoked.example', sel), { 'dkim-key-revoked': 'error' }));
    test('dkim-key-weak', async () => expectOnly(await check('dkimweak.example', sel), { 'dkim-key-weak': 'warning' }));
    test('dkim-testing', async () => expectOnly(await check('dkimtesting.example', sel), { 'dkim-testing': 'warning' }));
  });

  describe('DMARC faults', () => {
    test('dmarc-missing', async () => expectOnly(await check('dmarcmissing.example'), { 'dmarc-missing': 'error' }));
    test('dmarc-multiple-records', async () => expectOnly(await check('dmarcmulti.example'), { 'dmarc-multiple-records': 'error' }));
    test('dmarc-syntax-error', async () => expectOnly(await check('dmarcsyntax.example'), { 'dmarc-syntax-error': 'error' }));
    test('dmarc-policy-none', async () => expectOnly(await check('dmarcnone.example'), { 'dmarc-policy-none': 'warning' }));
    test('dmarc-rua-unauthorized', async () => {
      const r = await check('dmarcrua.example');
      expectOnly(r, { 'dmarc-rua-unauthorized': 'warning' });
      assert.match(r.findings.find((f) => f.cause === 'dmarc-rua-unauthorized')?.evidence.map((e) => e.excerpt).join('\n') ?? '', /dmarcrua\.example\._report\._dmarc\.reports\.test\.example TXT: NXDOMAIN/);
    });
  });

  describe('MTA-STS and TLS-RPT faults', () => {
    test('mta-sts-policy-unreachable', async () => expectOnly(await check('stsdown.example'), { 'mta-sts-policy-unreachable': 'error' }));
    test('mta-sts-policy-invalid', async () => expectOnly(await check('stsinvalid.example'), { 'mta-sts-policy-invalid': 'error' }));
    test('mta-sts-mx-mismatch', async () => expectOnly(await check('stsmismatch.example'), { 'mta-sts-mx-mismatch': 'error' }));
    test('mta-sts-policy-cert-invalid (certificate not trusted without --ca)', async () => {
      const r = await check('good.example', { ca: pki.caPem });
      assert.ok(bad(r).includes('mta-sts-policy-cert-invalid'), explain(r));
    });
    test('tlsrpt-missing (a warning: MTA-STS is published)', async () => expectOnly(await check('tlsrptmissing.example'), { 'tlsrpt-missing': 'warning' }));
  });

  describe('reputation', () => {
    test('ip-blocklisted with the documented Spamhaus meaning, and the TXT answer', async () => {
      const r = await check('good.example', { ip: '127.0.0.2', dnsbl: ['zen.spamhaus.org'], smtp: false });
      const f = r.findings.find((x) => x.cause === 'ip-blocklisted');
      assert.ok(f, explain(r));
      assert.equal(f.severity, 'error');
      assert.match(f.summary, /SBL/);
      assert.match(f.evidence.map((e) => e.excerpt).join('\n'), /check\.spamhaus\.org/);
    });
    test('127.255.255.254 is dnsbl-refused, not a listing', async () => {
      const r = await check('good.example', { ip: '127.0.0.7', dnsbl: ['zen.spamhaus.org'], smtp: false });
      assert.ok(bad(r).includes('dnsbl-refused'), explain(r));
      assert.ok(!bad(r).includes('ip-blocklisted'));
    });
    test('a zone without documented codes: RFC 5782 listing, and an answer outside 127/8', async () => {
      const listed = await check('good.example', { ip: '127.0.0.2', smtp: false });
      assert.ok(bad(listed).includes('ip-blocklisted'));
      const odd = await check('good.example', { ip: '127.0.0.9', smtp: false });
      assert.ok(bad(odd).includes('dnsbl-unexpected-answer'), explain(odd));
    });
  });

  describe('client settings and resolver failures', () => {
    test('srv-host-unreachable: an SRV record pointing to a port that does not answer', async () => {
      const r = await check('srvdown.example');
      expectOnly(r, { 'srv-host-unreachable': 'warning' });
    });
    test('dns-failure: a zone the server does not serve (REFUSED) and a server that is not there', async () => {
      const refused = await check('unserved.invalid-zone.test');
      assert.equal(refused.cause, 'dns-failure', explain(refused));
      const gone = await checkDomain('good.example', { dnsbl: [], smtp: false, smtpPort, httpsPort, timeoutMs: 1000 }, { dns: new DnsClient({ server: { host: '127.0.0.1', port: closedPort }, timeoutMs: 1000 }) });
      assert.equal(gone.cause, 'dns-failure');
      assert.equal(gone.stage, 'mx');
    });
  });

  describe('the command line', () => {
    const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'domain', ...args], { cwd: process.cwd(), timeout: 60_000 }, (err, stdout, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
      });
    const common = (): string[] => ['--dns', `127.0.0.1:${nsd.port}`, '--dnsbl', 'bl.test', '--smtp-port', String(smtpPort), '--https-port', String(httpsPort), '--ca', join(dir, 'ca.pem'), '--timeout', '2s'];

    test('--json for one domain: exit 0, the report with findings and facts', async () => {
      await writeFile(join(dir, 'ca.pem'), caPem);
      const r = await run(['good.example', ...common(), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as Report<DomainFacts>;
      assert.equal(report.kind, 'domain');
      assert.equal(report.ok, true);
      assert.ok(Array.isArray(report.findings));
    });
    test('text output of a faulty domain: exit 1 and the cause', async () => {
      await writeFile(join(dir, 'ca.pem'), caPem);
      const r = await run(['spflookups.example', ...common()]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /spf-too-many-lookups/);
      assert.match(r.stdout, /What was found:/);
    });
    test('--file --json: one JSON line per domain, summary on stderr, exit 1 when any domain has a problem', async () => {
      await writeFile(join(dir, 'ca.pem'), caPem);
      const list = join(dir, 'domains.txt');
      await writeFile(list, '# batch\ngood.example\nspfmissing.example\n\ndmarcnone.example\n');
      const r = await run(['--file', list, ...common(), '--json', '--concurrency', '2']);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Report<DomainFacts>);
      assert.deepEqual(lines.map((l) => `${String(l.target.domain)}:${l.ok}`).sort(), ['dmarcnone.example:true', 'good.example:true', 'spfmissing.example:false']);
      assert.match(r.stderr, /checked 3 domains .*2 ok, 1 with problems; most common: spf-missing 1/);
    });
    test('bad usage: exit 2', async () => {
      assert.equal((await run([])).code, 2);
      assert.equal((await run(['good.example', '--ip', 'not-an-ip'])).code, 2);
      assert.equal((await run(['not a domain'])).code, 2);
    });
  });
});
