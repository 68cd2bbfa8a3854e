import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { DnsClient, type DnsRecordType, type DnsResult, type RecordMap, type DnsErrorCode } from '../dns/client.js';
import type { Transcript, TranscriptView } from '../core/transcript.js';
import { buildReport } from '../core/report.js';
import { createFinding } from '../core/finding.js';
import { checkAccount } from './check.js';
import type { ProbeFn, ProbeSet } from './probes.js';
import type { CommonProbeOptions } from '../probes/common/types.js';

type Zone = Record<string, Partial<{ [K in DnsRecordType]: RecordMap[K] }>>;

/** A DnsClient answering from a map (NXDOMAIN for unknown names); no packets sent. */
class ZoneDns extends DnsClient {
  constructor(
    private readonly zone: Zone,
    private readonly t?: Transcript | TranscriptView,
  ) {
    super({ timeoutMs: 1000 });
  }
  override withTranscript(t: Transcript | TranscriptView | undefined): DnsClient {
    return new ZoneDns(this.zone, t);
  }
  override async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsResult<T>> {
    const n = this.zone[name.toLowerCase()];
    const recs = n?.[type] as RecordMap[T] | undefined;
    this.t?.add('dns', `${name} ${type}: ${recs ? recs.length : 'none'}`);
    if (recs) return { ok: true, name, type, records: recs, ms: 0 };
    const code: DnsErrorCode = n ? 'NODATA' : 'NXDOMAIN';
    return { ok: false, name, type, code, message: code, ms: 0 };
  }
  override async addresses(host: string): Promise<{ ok: true; addresses: string[] } | { ok: false; code: DnsErrorCode; message: string }> {
    const a = this.zone[host.toLowerCase()]?.A;
    return a?.length ? { ok: true, addresses: a } : { ok: false, code: 'NXDOMAIN', message: 'no' };
  }
}

interface Call {
  protocol: string;
  opts: CommonProbeOptions;
}

/** Fake probes: hosts in `failing` fail at connect; the others work. */
function fakeProbes(failing: string[], calls: Call[]): ProbeSet {
  const make =
    (protocol: 'imap' | 'pop3' | 'smtp'): ProbeFn =>
    async (opts) => {
      calls.push({ protocol, opts });
      const t = opts.transcript as Transcript;
      t.add('c', `${protocol} to ${opts.host}:${opts.port ?? 'auto'} as ${opts.user ?? '-'} pass ${opts.password ?? '-'}`);
      const fail = failing.includes(opts.host);
      const findings = fail ? [createFinding('connection-refused', { stage: 'connect', slots: { host: opts.host, port: opts.port } })] : [];
      const port = opts.port ?? (protocol === 'smtp' ? 587 : protocol === 'imap' ? 993 : 995);
      const security = opts.security === 'auto' ? (port === 587 ? 'starttls' : 'tls') : opts.security;
      return buildReport({
        kind: protocol,
        target: { host: opts.host, port: opts.port },
        startedAt: new Date(),
        findings,
        facts: { settings: fail ? null : { host: opts.host, port, security, authMechanisms: ['PLAIN'] } },
        transcript: t,
      });
    };
  return { imap: make('imap'), pop3: make('pop3'), smtp: make('smtp') };
}

let listener: net.Server;
let livePort = 0;
let deadPort = 0;

before(async () => {
  listener = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  livePort = (listener.address() as net.AddressInfo).port;
  const tmp = net.createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  deadPort = (tmp.address() as net.AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));
});
after(() => listener.close());

function srv(name: string, port: number, priority = 0, weight = 0): RecordMap['SRV'][number] {
  return { name, port, priority, weight };
}

describe('checkAccount', () => {
  test('migration: the client still points at the old server while the published one works', async () => {
    const zone: Zone = {
      '_imaps._tcp.example.com': { SRV: [srv('mail.example.com', livePort)] },
      '_submission._tcp.example.com': { SRV: [srv('mail.example.com', livePort)] },
      '_pop3._tcp.example.com': { SRV: [srv('', 0)] },
      'mail.example.com': { A: ['127.0.0.1'] },
      'old.example.com': { A: ['127.0.0.2'] },
    };
    const calls: Call[] = [];
    const r = await checkAccount({
      address: 'alice@example.com',
      password: 'S3cret-pw!',
      timeoutMs: 2000,
      dns: new ZoneDns(zone),
      client: { imap: { host: 'old.example.com', port: 993 } },
      probes: fakeProbes(['old.example.com'], calls),
    });
    assert.equal(r.kind, 'account');
    assert.equal(r.ok, false);
    assert.equal(r.cause, 'client-settings-stale');
    assert.equal(r.stage, 'client-settings');
    const stale = r.findings.find((f) => f.cause === 'client-settings-stale');
    assert.match(stale?.summary ?? '', /old\.example\.com:993.*mail\.example\.com/);
    assert.match(stale?.explanation ?? '', /SRV record _imaps\._tcp\.example\.com/);
    assert.equal(r.facts.incoming?.ok, true);
    assert.equal(r.facts.incoming?.setting.origin, 'SRV _imaps._tcp.example.com');
    assert.equal(r.facts.outgoing?.ok, true);
    assert.deepEqual(calls.map((c) => [c.protocol, c.opts.host, c.opts.port, c.opts.security, c.opts.user]), [
      ['imap', 'mail.example.com', livePort, 'tls', 'alice@example.com'],
      ['smtp', 'mail.example.com', livePort, 'starttls', 'alice@example.com'],
      ['imap', 'old.example.com', 993, 'tls', 'alice@example.com'],
    ]);
    // the client's connection failure is kept, labelled as the client's
    assert.ok(r.findings.some((f) => f.cause === 'connection-refused' && f.attempt?.startsWith('client incoming imap old.example.com')));
    assert.ok(r.findings.some((f) => f.cause === 'srv-service-not-offered' && /_pop3\._tcp/.test(f.summary)));
    assert.equal(r.facts.client[0]?.matches, false);
    assert.match(r.facts.summary.changes[0] ?? '', /change the IMAP server from old\.example\.com:993 to mail\.example\.com/);
    // one transcript; sub-reports carry none, and point into it
    assert.deepEqual(r.facts.incoming?.report?.transcript, []);
    const seq = r.facts.incoming?.transcriptSeq as [number, number];
    assert.ok(r.transcript.some((e) => e.seq >= seq[0] && e.seq <= seq[1] && e.text.startsWith('imap to mail.example.com')));
    // the password is never in the report
    assert.ok(!JSON.stringify(r).includes('S3cret-pw!'));
    assert.ok(r.transcript.some((e) => e.redacted));
  });

  test('a client host name that is an alias of the published one is only noted', async () => {
    const zone: Zone = {
      '_imaps._tcp.example.com': { SRV: [srv('imap.example.com', livePort)] },
      '_submissions._tcp.example.com': { SRV: [srv('smtp.example.com', livePort)] },
      'imap.example.com': { A: ['127.0.0.1'] },
      'smtp.example.com': { A: ['127.0.0.1'] },
      'mail.example.com': { A: ['127.0.0.1'] },
    };
    const r = await checkAccount({
      address: 'alice@example.com',
      password: 'pw',
      timeoutMs: 2000,
      dns: new ZoneDns(zone),
      client: { imap: { host: 'mail.example.com' }, smtp: { host: 'smtp.example.com', port: livePort } },
      probes: fakeProbes([], []),
    });
    assert.equal(r.ok, true, r.summary);
    const m = r.findings.filter((f) => f.cause === 'client-host-mismatch');
    assert.equal(m.length, 1);
    assert.equal(m[0]?.severity, 'info');
    assert.deepEqual(r.facts.client.map((c) => c.matches), [false, true]);
  });

  test('a client host on other addresses that works is a warning, not a failure', async () => {
    const zone: Zone = {
      '_imaps._tcp.example.com': { SRV: [srv('imap.example.com', livePort)] },
      'imap.example.com': { A: ['127.0.0.1'] },
      'old.example.com': { A: ['127.0.0.3'] },
    };
    const r = await checkAccount({
      address: 'alice@example.com',
      password: 'pw',
      timeoutMs: 2000,
      dns: new ZoneDns(zone),
      client: { imap: { host: 'old.example.com' } },
      probes: fakeProbes([], []),
    });
    const m = r.findings.find((f) => f.cause === 'client-host-mismatch');
    assert.equal(m?.severity, 'warning');
    assert.equal(r.facts.client[0]?.sameAddresses, false);
  });

  test('a client host that only a lower-ranked source names is still a mismatch, with that source as evidence', async () => {
    const zone: Zone = {
      '_imaps._tcp.example.com': { SRV: [srv('new.example.com', livePort)] },
      '_imap._tcp.example.com': { SRV: [srv('old.example.com', 143)] },
      'new.example.com': { A: ['127.0.0.1'] },
      'old.example.com': { A: ['127.0.0.3'] },
    };
    const r = await checkAccount({
      address: 'alice@example.com',
      password: 'pw',
      timeoutMs: 2000,
      dns: new ZoneDns(zone),
      discoverOnly: true,
      client: { imap: { host: 'old.example.com', port: 143 } },
      probes: fakeProbes([], []),
    });
    const m = r.findings.find((f) => f.cause === 'client-host-mismatch');
    assert.equal(m?.severity, 'warning');
    assert.match(m?.evidence[0]?.excerpt ?? '', /old\.example\.com is what SRV _imap\._tcp\.example\.com names/);
    assert.ok(r.findings.some((f) => f.cause === 'account-sources-disagree'));
  });

  test('nothing published: guesses are probed and marked as guesses', async () => {
    const zone: Zone = {
      'example.com': { MX: [{ exchange: 'mx2.example.com', priority: 20 }, { exchange: 'mx1.example.com', priority: 10 }] },
      'mx1.example.com': { A: ['127.0.0.1'] },
      'mail.example.com': { A: ['127.0.0.1'] },
      'smtp.example.com': { A: ['127.0.0.1'] },
    };
    const calls: Call[] = [];
    const r = await checkAccount({ address: 'bob@example.com', timeoutMs: 2000, dns: new ZoneDns(zone), probes: fakeProbes([], calls) });
    assert.equal(r.ok, true);
    const nf = r.findings.find((f) => f.cause === 'account-settings-not-found');
    assert.equal(nf?.severity, 'warning');
    assert.equal(r.facts.mxHost, 'mx1.example.com');
    assert.deepEqual(calls.map((c) => [c.protocol, c.opts.host, c.opts.port, c.opts.security, c.opts.user, c.opts.password]), [
      ['imap', 'mail.example.com', undefined, 'auto', undefined, undefined],
      ['smtp', 'smtp.example.com', undefined, 'auto', undefined, undefined],
    ]);
    assert.equal(r.facts.chosen.incoming?.guess, true);
    assert.equal(r.findings.filter((f) => f.cause === 'account-settings-guessed').length, 2);
    assert.ok(r.findings.some((f) => f.cause === 'login-not-tested'));
    // what worked is filled into the settings to configure
    assert.equal(r.facts.summary.incoming.setting?.port, 993);
    assert.equal(r.facts.summary.incoming.setting?.security, 'tls');
  });

  test('nothing published and nothing to guess is the verdict', async () => {
    const r = await checkAccount({ address: 'bob@nowhere.example', timeoutMs: 2000, dns: new ZoneDns({}), probes: fakeProbes([], []) });
    assert.equal(r.ok, false);
    assert.equal(r.cause, 'account-settings-not-found');
    assert.equal(r.stage, 'discovery');
    assert.equal(r.facts.summary.incoming.status, 'not-found');
  });

  test('SRV records pointing at a dead port or an unknown host are reported; sources disagreeing too', async () => {
    const zone: Zone = {
      '_imaps._tcp.example.com': { SRV: [srv('imap.example.com', deadPort)] },
      '_imap._tcp.example.com': { SRV: [srv('gone.example.com', 143)] },
      'imap.example.com': { A: ['127.0.0.1'] },
    };
    const r = await checkAccount({ address: 'a@example.com', timeoutMs: 2000, dns: new ZoneDns(zone), probes: fakeProbes([], []) });
    const un = r.findings.filter((f) => f.cause === 'srv-host-unreachable');
    assert.equal(un.length, 2);
    assert.ok(un.some((f) => f.slots.host === 'gone.example.com' && /does not resolve/.test(f.slots.detail ?? '')));
    assert.ok(un.some((f) => f.slots.host === 'imap.example.com' && f.slots.port === String(deadPort)));
    assert.ok(r.findings.some((f) => f.cause === 'account-sources-disagree' && /imap\.example\.com.*gone\.example\.com/.test(f.summary)));
  });

  test('--allow-http: a plain-http autoconfig is used when nothing else publishes, and flagged', async () => {
    const xml = `<clientConfig><emailProvider id="example.com">
      <incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>
      <outgoingServer type="smtp"><hostname>smtp.example.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username></outgoingServer>
      </emailProvider></clientConfig>`;
    const web = http.createServer((req, res) => {
      if (req.url?.startsWith('/mail/config-v1.1.xml?emailaddress=carol%40example.com')) res.end(xml);
      else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const httpPort = (web.address() as net.AddressInfo).port;
    try {
      const zone: Zone = { 'autoconfig.example.com': { A: ['127.0.0.1'] }, 'example.com': { A: ['127.0.0.1'] } };
      const calls: Call[] = [];
      const r = await checkAccount({
        address: 'carol@example.com',
        password: 'pw',
        timeoutMs: 2000,
        dns: new ZoneDns(zone),
        allowHttp: true,
        httpPort,
        httpsPort: deadPort,
        probes: fakeProbes([], calls),
      });
      const src = r.facts.sources.find((x) => x.origin === `http://autoconfig.example.com:${httpPort}/mail/config-v1.1.xml?emailaddress=carol%40example.com`);
      assert.equal(src?.status, 'found');
      assert.equal(src?.insecure, true);
      assert.ok(r.findings.some((f) => f.cause === 'settings-over-http'));
      assert.ok(!r.findings.some((f) => f.cause === 'account-settings-not-found'));
      assert.deepEqual(calls.map((c) => [c.protocol, c.opts.host, c.opts.port, c.opts.security, c.opts.user]), [
        ['imap', 'imap.example.com', 993, 'tls', 'carol'],
        ['smtp', 'smtp.example.com', 465, 'tls', 'carol'],
      ]);
      // the https URLs were tried first and refused
      assert.ok(r.facts.sources.some((x) => x.origin.startsWith(`https://autoconfig.example.com:${deadPort}/`) && x.status === 'unreachable'));
    } finally {
      web.close();
    }
  });

  test('a malformed address is a usage error', async () => {
    await assert.rejects(checkAccount({ address: 'not-an-address', timeoutMs: 1000, dns: new ZoneDns({}), probes: fakeProbes([], []) }), /not an e-mail address/);
  });
});
