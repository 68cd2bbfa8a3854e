/**
 * Interop: `maildoctor account` against a real NSD serving RFC 6186 SRV records, a local
 * HTTPS server (test CA) serving autoconfig and Autodiscover, a real Dovecot (IMAPS) and an
 * in-process smtp-server (submission with STARTTLS). Every name resolves to 127.0.0.x; the
 * check always runs with --dns and --https-port, so nothing leaves the machine.
 *
 * Test domain: the address is alice@mail.test.example, because the test certificate covers
 * mail.test.example (so https://mail.test.example/.well-known/... and the root-domain
 * Autodiscover URL verify), while autoconfig.mail.test.example is not covered (a real client
 * refuses that URL: the check must say so and move on).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { createTestPki, type TestPki } from '../peers/ca.js';
import { startNsd, zone, NSD_BINARY, type NsdPeer } from '../peers/nsd.js';
import { startDovecot, DOVECOT_BINARY, type DovecotPeer } from '../peers/dovecot.js';
import { peerMissing } from '../peers/require.js';
import { checkAccount } from '../../src/account/check.js';
import { DnsClient } from '../../src/dns/client.js';
import type { Report } from '../../src/core/report.js';
import type { AccountFacts } from '../../src/account/facts.js';

const skip = peerMissing('nsd', NSD_BINARY) || peerMissing('dovecot', DOVECOT_BINARY);
const ADDRESS = 'alice@mail.test.example';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface HttpState {
  /** what /.well-known/autoconfig/mail/config-v1.1.xml returns */
  wellKnown: { status: number; body: string };
  /** what Autodiscover returns */
  autodiscover: { status: number; body: string };
  /** Autodiscover for bob@ (redirectAddr target) and at /autodiscover/moved.xml (redirectUrl target) */
  autodiscoverBob: { status: number; body: string };
  moved: { status: number; body: string };
  requests: string[];
}

function autoconfigXml(imapHost: string, imapPort: number, smtpPort: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="mail.test.example">
    <domain>mail.test.example</domain>
    <incomingServer type="imap">
      <hostname>${imapHost}</hostname>
      <port>${imapPort}</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>%EMAILDOMAIN%</hostname>
      <port>${smtpPort}</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;
}

function autodiscoverXml(imapHost: string, imapPort: number, smtpPort: number): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <Protocol><Type>IMAP</Type><Server>${imapHost}</Server><Port>${imapPort}</Port><LoginName>alice</LoginName><SSL>on</SSL><Encryption>SSL</Encryption></Protocol>
      <Protocol><Type>SMTP</Type><Server>mail.test.example</Server><Port>${smtpPort}</Port><LoginName>alice</LoginName><Encryption>TLS</Encryption></Protocol>
    </Account>
  </Response>
</Autodiscover>`;
}

describe('account discovery against nsd, an HTTPS settings server, Dovecot and smtp-server', { skip }, () => {
  let pki: TestPki;
  let dovecot: DovecotPeer;
  let nsd: NsdPeer;
  let web: https.Server;
  let webPort = 0;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const state: HttpState = {
    wellKnown: { status: 404, body: '' },
    autodiscover: { status: 404, body: '' },
    autodiscoverBob: { status: 404, body: '' },
    moved: { status: 404, body: '' },
    requests: [],
  };

  before(async () => {
    pki = await createTestPki();
    dovecot = await startDovecot({ pki });
    const key = readFileSync(pki.certs.valid.keyFile);
    const cert = readFileSync(pki.certs.valid.certFile);

    smtp = new SMTPServer({
      key,
      cert,
      logger: false,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'alice' && auth.password === dovecot.users.alice.password) cb(null, { user: 'alice' });
        else cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as AddressInfo).port;

    web = https.createServer({ key, cert }, (req, res) => {
      state.requests.push(`${req.method} ${req.headers.host} ${req.url}`);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = req.url ?? '';
        let out: { status: number; body: string } = { status: 404, body: 'not found' };
        if (url.startsWith('/.well-known/autoconfig/mail/config-v1.1.xml') || url.startsWith('/mail/config-v1.1.xml')) out = state.wellKnown;
        else if (url.toLowerCase() === '/autodiscover/autodiscover.xml' && req.method === 'POST' && body.includes(ADDRESS)) out = state.autodiscover;
        else if (url.toLowerCase() === '/autodiscover/autodiscover.xml' && req.method === 'POST' && body.includes('bob@mail.test.example')) out = state.autodiscoverBob;
        else if (url === '/autodiscover/moved.xml' && req.method === 'POST') out = state.moved;
        res.writeHead(out.status, { 'Content-Type': 'text/xml' });
        res.end(out.body);
      });
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    webPort = (web.address() as AddressInfo).port;

    const imaps = dovecot.ports.imaps;
    nsd = await startNsd({
      'test.example': zone('test.example', [
        'mail A 127.0.0.1',
        'autoconfig.mail A 127.0.0.1',
        'old A 127.0.0.2',
        'mail MX 10 mail',
        'backup.mail A 127.0.0.1',
        // the backup (priority 20) is listed first: the priority decides, not the order
        `_imaps._tcp.mail SRV 20 100 ${imaps} backup.mail`,
        `_imaps._tcp.mail SRV 10 1 ${imaps} mail`,
        '_imap._tcp.mail SRV 0 0 0 .',
        `_submission._tcp.mail SRV 0 1 ${smtpPort} mail`,
        `_pop3s._tcp.mail SRV 0 1 ${dovecot.ports.pop3s} mail`,
        `_autodiscover._tcp.mail SRV 0 0 ${webPort} mail`,
      ]),
    });
  });

  after(async () => {
    await nsd?.stop();
    await dovecot?.stop();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    web?.close();
  });

  const run = (extra: Partial<Parameters<typeof checkAccount>[0]> = {}): Promise<Report<AccountFacts>> =>
    checkAccount({
      address: ADDRESS,
      password: dovecot.users.alice.password,
      timeoutMs: 5000,
      ca: pki.caPem,
      dns: new DnsClient({ server: { host: nsd.host, port: nsd.port }, timeoutMs: 3000 }),
      httpsPort: webPort,
      ...extra,
    });

  test('healthy: every source agrees, incoming (Dovecot IMAPS) and outgoing (submission) work', async () => {
    state.wellKnown = { status: 200, body: autoconfigXml('mail.test.example', dovecot.ports.imaps, smtpPort) };
    state.autodiscover = { status: 200, body: autodiscoverXml('mail.test.example', dovecot.ports.imaps, smtpPort) };
    state.requests.length = 0;
    const r = await run();
    assert.equal(r.ok, true, `${r.cause}: ${r.summary}`);
    const f = r.facts;
    const status = (origin: string): string | undefined => f.sources.find((s) => s.origin.startsWith(origin))?.status;
    assert.equal(status('SRV _imaps._tcp.mail.test.example'), 'found');
    assert.equal(status('SRV _imap._tcp.mail.test.example'), 'not-offered');
    assert.equal(status(`https://mail.test.example:${webPort}/.well-known/autoconfig/mail/config-v1.1.xml`), 'found');
    assert.equal(status(`https://mail.test.example:${webPort}/autodiscover/autodiscover.xml`), 'found');
    assert.equal(status('SRV _autodiscover._tcp.mail.test.example'), 'found');
    // autoconfig.mail.test.example answers, but its certificate does not cover the name
    const ac = f.sources.find((s) => s.origin.startsWith(`https://autoconfig.mail.test.example:${webPort}/`));
    assert.equal(ac?.status, 'unreachable');
    assert.equal(ac?.certProblem, true);
    assert.ok(r.findings.some((x) => x.cause === 'autoconfig-unreachable' && x.severity === 'warning'));
    // autodiscover.mail.test.example does not exist: silently absent
    assert.equal(status(`https://autodiscover.mail.test.example:${webPort}/`), 'absent');
    assert.deepEqual(r.findings.filter((x) => x.cause === 'account-sources-disagree').map((x) => x.summary), []);

    assert.deepEqual(
      f.sources.find((s) => s.origin === 'SRV _imaps._tcp.mail.test.example')?.servers.map((x) => [x.host, x.priority]),
      [['mail.test.example', 10], ['backup.mail.test.example', 20]],
    );
    assert.equal(f.incoming?.protocol, 'imap');
    assert.equal(f.incoming?.setting.host, 'mail.test.example');
    assert.equal(f.incoming?.setting.origin, 'SRV _imaps._tcp.mail.test.example');
    assert.equal(f.incoming?.setting.username, 'alice', 'user name taken from autoconfig (%EMAILLOCALPART%)');
    assert.equal(f.incoming?.ok, true);
    assert.equal(f.incoming?.loginTested, true);
    assert.equal(f.outgoing?.ok, true, f.outgoing?.summary);
    assert.equal(f.summary.incoming.status, 'works');
    assert.equal(f.summary.outgoing.status, 'works');
    assert.ok(f.srvTargets.every((t) => t.ok));
    // HTTP lines are in the transcript, the password nowhere
    assert.ok(r.transcript.some((e) => e.dir === 'http' && e.text.startsWith('POST https://mail.test.example')));
    assert.ok(r.transcript.some((e) => e.dir === 'http' && /^HTTP\/1\.1 200/.test(e.text)));
    assert.ok(!JSON.stringify(r).includes(dovecot.users.alice.password));
    assert.ok(state.requests.some((q) => q.startsWith('POST') && q.includes('/autodiscover/autodiscover.xml')));
  });

  test('migration: the client still points at old.test.example while the published server works', async () => {
    const r = await run({ client: { imap: { host: 'old.test.example', port: dovecot.ports.imaps } } });
    assert.equal(r.ok, false);
    assert.equal(r.cause, 'client-settings-stale');
    assert.equal(r.stage, 'client-settings');
    const f = r.findings.find((x) => x.cause === 'client-settings-stale');
    assert.equal(f?.slots.published, 'mail.test.example');
    assert.match(f?.slots.source ?? '', /_imaps\._tcp\.mail\.test\.example/);
    const client = r.facts.otherProbes.find((o) => o.origin === 'client');
    assert.equal(client?.setting.host, 'old.test.example');
    assert.equal(client?.ok, false);
    assert.equal(client?.cause, 'connection-refused');
    assert.equal(r.facts.incoming?.ok, true);
    assert.match(r.facts.summary.changes.join('\n'), /from old\.test\.example:\d+ to mail\.test\.example/);
  });

  test('POP3 instead of IMAP: the _pop3s._tcp record leads to Dovecot POP3S', async () => {
    const r = await run({ incomingProtocol: 'pop3', client: { pop3: { host: 'mail.test.example', port: dovecot.ports.pop3s } } });
    assert.equal(r.ok, true, `${r.cause}: ${r.summary}`);
    assert.equal(r.facts.incoming?.protocol, 'pop3');
    assert.equal(r.facts.incoming?.setting.origin, 'SRV _pop3s._tcp.mail.test.example');
    assert.equal(r.facts.incoming?.ok, true, r.facts.incoming?.summary);
    assert.deepEqual(r.facts.client.map((c) => [c.protocol, c.matches, c.clientOk]), [['pop3', true, true]]);
    assert.ok(!r.findings.some((f) => f.cause === 'client-host-mismatch' || f.cause === 'client-settings-stale'));
  });

  test('a wrong password: the verdict is the probe\'s own cause, labelled as the incoming server', async () => {
    const r = await run({ password: 'wrong-Password-9' });
    assert.equal(r.ok, false);
    assert.equal(r.stage, 'auth');
    assert.equal(r.cause, 'auth-bad-credentials');
    const f = r.findings.find((x) => x.cause === 'auth-bad-credentials');
    assert.match(f?.attempt ?? '', /^incoming imap mail\.test\.example:\d+/);
    assert.equal(r.facts.summary.incoming.status, 'fails');
    assert.equal(r.facts.summary.outgoing.status, 'fails');
    assert.ok(!JSON.stringify(r).includes('wrong-Password-9'));
  });

  test('stale Autodiscover on the root domain disagrees with the SRV records and autoconfig', async () => {
    state.autodiscover = { status: 200, body: autodiscoverXml('old.test.example', 993, smtpPort) };
    const r = await run({ discoverOnly: true });
    const d = r.findings.find((x) => x.cause === 'account-sources-disagree' && x.slots.protocol === 'IMAP');
    assert.ok(d, r.findings.map((x) => x.cause).join(', '));
    assert.match(d.summary, /old\.test\.example:993/);
    assert.match(d.summary, /mail\.test\.example/);
    // discovery only: nothing probed
    assert.equal(r.facts.incoming, null);
    assert.equal(r.facts.summary.incoming.status, 'not-tested');
  });

  test('Autodiscover redirectUrl and redirectAddr are followed; a redirect loop is cut', async () => {
    const redirect = (action: string, el: string, value: string): string =>
      `<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><AccountType>email</AccountType><Action>${action}</Action><${el}>${value}</${el}></Account></Response></Autodiscover>`;
    const root = `https://mail.test.example:${webPort}/autodiscover/autodiscover.xml`;
    state.autodiscover = { status: 200, body: redirect('redirectUrl', 'RedirectUrl', `https://mail.test.example:${webPort}/autodiscover/moved.xml`) };
    state.moved = { status: 200, body: autodiscoverXml('mail.test.example', dovecot.ports.imaps, smtpPort) };
    let r = await run({ discoverOnly: true });
    let src = r.facts.sources.find((x) => x.origin === root);
    assert.equal(src?.status, 'found', src?.detail);
    assert.match(src?.detail ?? '', /via https:\/\/mail\.test\.example:\d+\/autodiscover\/moved\.xml/);

    state.autodiscover = { status: 200, body: redirect('redirectAddr', 'RedirectAddr', 'bob@mail.test.example') };
    state.autodiscoverBob = { status: 200, body: autodiscoverXml('mail.test.example', dovecot.ports.imaps, smtpPort) };
    r = await run({ discoverOnly: true });
    src = r.facts.sources.find((x) => x.origin === root);
    assert.equal(src?.status, 'found', src?.detail);
    assert.match(src?.detail ?? '', /redirectAddr to bob@mail\.test\.example/);

    state.autodiscoverBob = { status: 200, body: redirect('redirectAddr', 'RedirectAddr', 'bob@mail.test.example') };
    r = await run({ discoverOnly: true });
    src = r.facts.sources.find((x) => x.origin === root);
    assert.equal(src?.status, 'invalid');
    assert.ok(r.findings.some((x) => x.cause === 'autodiscover-invalid' && /more than 3 Autodiscover redirects/.test(x.summary)));
  });

  test('invalid autoconfig XML and an Autodiscover error response are reported, SRV still wins', async () => {
    state.wellKnown = { status: 200, body: '<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>mail.test.example</hostname>' };
    state.autodiscover = { status: 200, body: '<html><body>Autodiscover is not configured</body></html>' };
    const r = await run({ discoverOnly: true });
    const inv = r.findings.find((x) => x.cause === 'autoconfig-invalid');
    assert.ok(inv);
    assert.match(inv.summary, /not closed/);
    assert.ok(r.findings.some((x) => x.cause === 'autodiscover-invalid' && /HTML page/.test(x.summary)));
    assert.equal(r.facts.chosen.incoming?.origin, 'SRV _imaps._tcp.mail.test.example');
  });

  test('CLI: --json, exit codes, and no password in the output', async () => {
    state.wellKnown = { status: 200, body: autoconfigXml('mail.test.example', dovecot.ports.imaps, smtpPort) };
    state.autodiscover = { status: 200, body: autodiscoverXml('mail.test.example', dovecot.ports.imaps, smtpPort) };
    const cli = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'account', ...args], {
          cwd: ROOT,
          env: { ...process.env, MAILDOCTOR_PASSWORD: dovecot.users.alice.password, NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const common = [ADDRESS, '--dns', `${nsd.host}:${nsd.port}`, '--https-port', String(webPort), '--ca', pki.caFile, '--timeout', '5s'];
    const ok = await cli([...common, '--json']);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout.slice(0, 2000));
    const rep = JSON.parse(ok.stdout) as Report<AccountFacts>;
    assert.equal(rep.kind, 'account');
    assert.equal(rep.ok, true);
    assert.equal(rep.cause, null);
    assert.ok(!ok.stdout.includes(dovecot.users.alice.password));

    const stale = await cli([...common, '--imap-host', `old.test.example:${dovecot.ports.imaps}`]);
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /client-settings-stale/);
    assert.match(stale.stdout, /Settings to configure:/);
    assert.match(stale.stdout, /IMAP\s+mail\.test\.example\s+port \d+\s+SSL\/TLS\s+user alice\s+\[from SRV _imaps\._tcp\.mail\.test\.example\]/);
    assert.ok(!stale.stdout.includes(dovecot.users.alice.password));

    const usage = await cli(['not-an-address', '--dns', `${nsd.host}:${nsd.port}`]);
    assert.equal(usage.code, 2);
  });
});
