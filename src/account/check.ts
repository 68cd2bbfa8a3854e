/**
 * @module account/check
 * `maildoctor account user@example.com`: discover the account's settings like mail clients
 * do, probe the incoming (IMAP, else POP3) and outgoing (SMTP submission) servers found,
 * compare with what the user's client is configured with, and build one report whose
 * verdict is the first real failure: a published server that does not work, then a client
 * pointing somewhere else than the published server, then discovery problems.
 */
import { createFinding, isFailure, type Finding } from '../core/finding.js';
import { buildReport, type Report } from '../core/report.js';
import { Transcript } from '../core/transcript.js';
import { UsageError } from '../core/errors.js';
import type { DnsClient } from '../dns/client.js';
import { splitAddress, type AddressParts } from './autoconfig-xml.js';
import { chooseSettings, publishedFor } from './choose.js';
import { discoverAccount } from './discover.js';
import { runProbe, securityForPort, type ProbeSet } from './probes.js';
import { checkSrvTargets } from './srv-check.js';
import {
  describeSetting,
  normHost,
  protocolLabel,
  securityLabel,
  type MailProtocol,
  type ServerSecurity,
  type ServerSetting,
  type SourceResult,
} from './types.js';
import type { AccountFacts, ClientComparison, ProbeOutcome, RoleSummary, SettingRef } from './facts.js';

export interface HostPortInput {
  host: string;
  port?: number | undefined;
}

export interface AccountCheckOptions {
  address: string;
  /** login name; default: what the source publishes, else the address */
  user?: string | undefined;
  password?: string | undefined;
  authType?: string | undefined;
  allowPlaintextAuth?: boolean | undefined;
  timeoutMs: number;
  ca?: string | undefined;
  dns: DnsClient;
  httpsPort?: number | undefined;
  httpPort?: number | undefined;
  allowHttp?: boolean | undefined;
  /** what the user's client is configured with */
  client?: Partial<Record<MailProtocol, HostPortInput>>;
  /** test POP3 instead of IMAP for incoming mail */
  incomingProtocol?: 'imap' | 'pop3' | undefined;
  /** discovery only, no probes */
  discoverOnly?: boolean | undefined;
  transcript?: Transcript;
  /** injected probes (tests); default: the real ones */
  probes?: ProbeSet;
}

/**
 * The login name a source publishes for this server (SRV records carry none): same protocol
 * and host first, then any published for the protocol.
 */
function usernameFor(sources: readonly SourceResult[], protocol: MailProtocol, host: string): string | undefined {
  const all = sources.filter((x) => x.status === 'found').flatMap((x) => x.servers).filter((x) => x.protocol === protocol && x.username);
  return (all.find((x) => normHost(x.host) === normHost(host)) ?? all[0])?.username;
}

function ref(s: ServerSetting): SettingRef {
  const r: SettingRef = { protocol: s.protocol, host: s.host, port: s.port, security: s.security, source: s.source, origin: s.origin, guess: s.guess };
  if (s.username) r.username = s.username;
  return r;
}

function settingsFromReport(report: Report<Record<string, unknown>> | null): { port: number; security: ServerSecurity } | null {
  const s = report?.facts?.settings as { port?: unknown; security?: unknown } | null | undefined;
  if (!s || typeof s.port !== 'number' || typeof s.security !== 'string') return null;
  return { port: s.port, security: s.security as ServerSecurity };
}

function liftFindings(o: ProbeOutcome): Finding[] {
  const label = `${o.origin === 'client' ? 'client ' : ''}${o.role} ${o.protocol} ${o.setting.host}${o.setting.port ? `:${o.setting.port}` : ''}`;
  return (o.report?.findings ?? []).map((f) => ({ ...f, attempt: f.attempt ? `${label}, ${f.attempt}` : label }));
}

/** Runs the account check. Throws UsageError for a malformed address only. */
export async function checkAccount(opts: AccountCheckOptions): Promise<Report<AccountFacts>> {
  const startedAt = new Date();
  const a: AddressParts | null = splitAddress(opts.address);
  if (!a) throw new UsageError(`"${opts.address}" is not an e-mail address (expected user@domain)`);
  const t = opts.transcript ?? new Transcript();
  t.redactor.addSecret(opts.password);
  const dns = opts.dns.withTranscript(t.view('discovery'));
  const probes = opts.probes ?? (await import('./default-probes.js')).DEFAULT_PROBES;
  const client = opts.client ?? {};

  t.add('note', `discovering the settings of ${a.address} (domain ${a.domain})`);
  const disc = await discoverAccount(a, {
    dns,
    transcript: t,
    timeoutMs: opts.timeoutMs,
    ca: opts.ca,
    httpsPort: opts.httpsPort,
    httpPort: opts.httpPort,
    allowHttp: opts.allowHttp,
  });
  const srv = opts.discoverOnly ? { results: [], findings: [] } : await checkSrvTargets(disc.sources, { dns, transcript: t, timeoutMs: opts.timeoutMs });

  const incomingProtocol = opts.incomingProtocol ?? (client.pop3 && !client.imap ? 'pop3' : client.imap ? 'imap' : undefined);
  const choice = chooseSettings(disc.sources, { domain: a.domain, mxHost: disc.mxHost, incomingProtocol });

  const outcomes: ProbeOutcome[] = [];
  const run = async (s: ServerSetting | HostPortInput & { protocol: MailProtocol }, role: 'incoming' | 'outgoing', origin: 'published' | 'client'): Promise<ProbeOutcome> => {
    const isSetting = 'source' in s;
    const port = s.port ?? null;
    // a client host:port the domain publishes gets the published security; else by port
    const samePublished = isSetting ? undefined : publishedFor(disc.sources, s.protocol).find((x) => normHost(x.host) === normHost(s.host) && x.port === port);
    const security: ServerSecurity = isSetting ? s.security : (samePublished?.security ?? securityForPort(s.protocol, port));
    const published = isSetting ? s : undefined;
    const user = opts.user ?? published?.username ?? usernameFor(disc.sources, s.protocol, s.host) ?? a.address;
    const setting: SettingRef = published
      ? ref(published)
      : { protocol: s.protocol, host: normHost(s.host), port, security, source: 'client', origin: `--${s.protocol}-host`, guess: false };
    if (!setting.username) setting.username = user;
    t.add('note', `probing ${role} ${protocolLabel(s.protocol)} ${setting.host}${port ? `:${port}` : ''} (${securityLabel(security)}) from ${origin === 'client' ? 'the client settings' : setting.origin}`);
    const r = await runProbe(
      { protocol: s.protocol, host: setting.host, port, security, user, address: a.address },
      { password: opts.password, authType: opts.authType, allowPlaintextAuth: opts.allowPlaintextAuth, timeoutMs: opts.timeoutMs, ca: opts.ca, dns: opts.dns, transcript: t, probes },
    );
    const o: ProbeOutcome = {
      role,
      protocol: s.protocol,
      origin,
      setting,
      ok: r.report ? r.report.ok : false,
      stage: r.report ? r.report.stage : null,
      cause: r.report ? r.report.cause : null,
      summary: r.report ? r.report.summary : `the probe failed unexpectedly: ${r.crashed ?? 'unknown error'}`,
      loginTested: opts.password !== undefined,
      transcriptSeq: r.transcriptSeq,
      report: r.report,
    };
    const rec = settingsFromReport(r.report);
    if (rec) o.working = rec;
    outcomes.push(o);
    return o;
  };

  // published settings first, then what the client uses
  const publishedRuns = new Map<MailProtocol, ProbeOutcome>();
  let incoming: ProbeOutcome | null = null;
  let outgoing: ProbeOutcome | null = null;
  if (!opts.discoverOnly) {
    if (choice.incoming) {
      incoming = await run(choice.incoming, 'incoming', 'published');
      publishedRuns.set(choice.incoming.protocol, incoming);
    }
    if (choice.outgoing) {
      outgoing = await run(choice.outgoing, 'outgoing', 'published');
      publishedRuns.set('smtp', outgoing);
    }
    for (const p of ['imap', 'pop3'] as const) {
      if (!client[p] || publishedRuns.has(p)) continue;
      const pub = publishedFor(disc.sources, p)[0];
      if (pub) publishedRuns.set(p, await run(pub, 'incoming', 'published'));
    }
  }

  // the client's settings
  const comparisons: ClientComparison[] = [];
  const clientFindings: Finding[] = [];
  const clientRuns: ProbeOutcome[] = [];
  for (const p of ['imap', 'pop3', 'smtp'] as const) {
    const c = client[p];
    if (!c) continue;
    const role = p === 'smtp' ? 'outgoing' : 'incoming';
    const cr = opts.discoverOnly ? null : await run({ ...c, protocol: p }, role, 'client');
    if (cr) clientRuns.push(cr);
    const pubList = publishedFor(disc.sources, p);
    const pub = pubList[0] ?? null;
    const cmp: ClientComparison = { protocol: p, client: { host: normHost(c.host), port: c.port ?? null }, published: pub ? ref(pub) : null, matches: null };
    if (cr) cmp.clientOk = cr.ok;
    const pubRun = publishedRuns.get(p);
    if (pubRun) cmp.publishedOk = pubRun.ok;
    if (pub) {
      const ch = normHost(c.host);
      // the client must use the preferred published host; a host only a lower-ranked (often
      // stale) source names is a mismatch too, reported with the source that names it
      const hostOk = ch === normHost(pub.host);
      const portOk = c.port === undefined || pubList.some((x) => normHost(x.host) === ch && x.port === c.port);
      cmp.matches = hostOk && portOk;
      const namedBy = hostOk ? undefined : pubList.find((x) => normHost(x.host) === ch);
      if (!cmp.matches) {
        let sameAddresses = true;
        if (ch !== normHost(pub.host)) {
          const [x, y] = await Promise.all([dns.addresses(ch), dns.addresses(pub.host)]);
          sameAddresses = x.ok && y.ok && x.addresses.some((addr) => y.addresses.includes(addr));
        }
        cmp.sameAddresses = sameAddresses;
        const clientLabel = `${ch}${c.port ? `:${c.port}` : ''}`;
        const slots = {
          client: clientLabel,
          published: pub.host,
          port: pub.port ?? undefined,
          security: securityLabel(pub.security),
          protocol: protocolLabel(p),
          source: pub.source === 'srv' ? `the SRV record ${pub.origin.replace(/^SRV /, '')}` : `${pub.source} (${pub.origin})`,
        };
        const lines = [`client: ${clientLabel}`, `published: ${describeSetting(pub)} (${pub.origin})`];
        if (namedBy) lines.push(`${ch} is what ${namedBy.origin} names: the sources disagree`);
        const evidence = [{ kind: 'config' as const, excerpt: lines.join('\n') }];
        const stale = cr !== null && !cr.ok && pubRun?.ok === true;
        if (stale) {
          clientFindings.push(createFinding('client-settings-stale', { stage: 'client-settings', slots, evidence, confidence: 'likely' }));
        } else {
          clientFindings.push(
            createFinding('client-host-mismatch', {
              stage: 'client-settings',
              slots,
              evidence,
              severity: sameAddresses && cr?.ok !== false ? 'info' : 'warning',
            }),
          );
        }
      }
    }
    comparisons.push(cmp);
  }

  // findings, in verdict order
  const findings: Finding[] = [];
  if (incoming) findings.push(...liftFindings(incoming));
  if (outgoing) findings.push(...liftFindings(outgoing));
  for (const [p, o] of publishedRuns) if (o !== incoming && o !== outgoing && p !== 'smtp') findings.push(...liftFindings(o));
  findings.push(...clientFindings);
  for (const o of clientRuns) findings.push(...liftFindings(o));
  const discoveryFindings = [...disc.findings, ...srv.findings];
  const notFound = discoveryFindings.find((f) => f.cause === 'account-settings-not-found');
  if (notFound && !choice.incoming && !choice.outgoing) notFound.severity = 'error';
  findings.push(...discoveryFindings);
  for (const [role, s] of [['incoming', choice.incoming], ['outgoing', choice.outgoing]] as const) {
    if (s?.guess) findings.push(createFinding('account-settings-guessed', { stage: 'discovery', slots: { role, host: s.host } }));
  }
  if (!opts.discoverOnly && opts.password === undefined && (incoming || outgoing)) findings.push(createFinding('login-not-tested', { stage: 'auth' }));

  const summary = {
    incoming: roleSummary('incoming', choice.incoming, incoming, opts.discoverOnly),
    outgoing: roleSummary('outgoing', choice.outgoing, outgoing, opts.discoverOnly),
    changes: changesFor(findings, comparisons, incoming, outgoing),
  };
  const facts: AccountFacts = {
    address: a.address,
    domain: a.domain,
    sources: disc.sources,
    mxHost: disc.mxHost,
    srvTargets: srv.results,
    chosen: { incoming: choice.incoming ? ref(choice.incoming) : null, outgoing: choice.outgoing ? ref(choice.outgoing) : null },
    incoming,
    outgoing,
    otherProbes: outcomes.filter((o) => o !== incoming && o !== outgoing),
    client: comparisons,
    summary,
  };
  const healthy = [summary.incoming, summary.outgoing].map((s) => `${s.role} ${s.status === 'works' ? 'works' : s.status}${s.setting ? ` (${describeSetting(s.setting as ServerSetting)})` : ''}`).join(', ');
  return buildReport({
    kind: 'account',
    target: { address: a.address, domain: a.domain, label: a.address },
    startedAt,
    findings,
    facts,
    transcript: t,
    healthySummary: healthy,
  });
}

function roleSummary(role: 'incoming' | 'outgoing', chosen: ServerSetting | null, run: ProbeOutcome | null, discoverOnly?: boolean): RoleSummary {
  if (!chosen) return { role, status: 'not-found', setting: null, detail: `no ${role} server published or guessed` };
  const setting = ref(chosen);
  if (run?.working && (setting.port === null || setting.security === 'auto')) {
    setting.port = run.working.port;
    setting.security = run.working.security;
  }
  if (!setting.username && run?.setting.username) setting.username = run.setting.username;
  if (discoverOnly || !run) return { role, status: 'not-tested', setting, detail: 'not probed' };
  if (run.ok) return { role, status: 'works', setting, detail: run.loginTested ? run.summary : `${run.summary} (login not tested)` };
  return { role, status: 'fails', setting, detail: `${run.stage ?? '?'}: ${run.cause ?? '?'}: ${run.summary}` };
}

function changesFor(findings: Finding[], comparisons: ClientComparison[], incoming: ProbeOutcome | null, outgoing: ProbeOutcome | null): string[] {
  const out: string[] = [];
  for (const c of comparisons) {
    if (c.matches === false && c.published) {
      const p = c.published;
      out.push(
        `In the mail client, change the ${protocolLabel(c.protocol)} server from ${c.client.host}${c.client.port ? `:${c.client.port}` : ''} to ${p.host}${p.port ? `, port ${p.port}` : ''}, ${securityLabel(p.security)} (published by ${p.origin})`,
      );
    }
  }
  for (const o of [incoming, outgoing]) {
    if (o && !o.ok) {
      const f = o.report?.findings.find(isFailure);
      out.push(`${o.role === 'incoming' ? 'Incoming' : 'Outgoing'} ${protocolLabel(o.protocol)} ${o.setting.host}: ${f ? `${f.summary}${f.remedies[0] ? `. ${f.remedies[0]}` : ''}` : o.summary}`);
    }
  }
  const nf = findings.find((f) => f.cause === 'account-settings-not-found');
  if (nf?.remedies[0]) out.push(`Domain owner: ${nf.remedies[0]}`);
  const dis = findings.find((f) => f.cause === 'account-sources-disagree');
  if (dis) out.push(`Domain owner: ${dis.remedies[0] ?? dis.summary}`);
  return out;
}
