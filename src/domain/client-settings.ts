/**
 * @module domain/client-settings
 * The records mail clients use to find their servers, read the way the account check reads
 * them (account/srv.ts, account/autoconfig.ts) and reported as domain findings: SRV records
 * (RFC 6186, RFC 8314) pointing to hosts that do not resolve or do not accept connections,
 * services declared "not offered", an autoconfig file that cannot be fetched or is not a
 * client configuration, and nothing published at all.
 *
 * With --no-smtp no connection is made: SRV targets are only resolved and autoconfig is only
 * looked up in DNS.
 */
import type { Finding } from '../core/finding.js';
import { discoverAutoconfig } from '../account/autoconfig.js';
import { splitAddress } from '../account/autoconfig-xml.js';
import { checkSrvTargets } from '../account/srv-check.js';
import { discoverSrv } from '../account/srv.js';
import type { SourceResult } from '../account/types.js';
import { dnsEvidence, textEvidence } from '../dns/session.js';
import { finding, type CheckContext } from './context.js';

export interface ClientSettingsFacts {
  srv: { name: string; status: SourceResult['status']; detail: string | null; targets: string[] }[];
  autoconfig: { url: string; status: SourceResult['status']; detail: string | null }[];
  /** hosts:ports of SRV targets and whether they resolve / accept connections */
  reachability: { record: string; host: string; port: number; ok: boolean; detail: string }[];
}

export async function checkClientSettings(ctx: CheckContext): Promise<{ facts: ClientSettingsFacts; findings: Finding[] }> {
  const dns = ctx.session.asClient(ctx.opts.timeoutMs);
  const findings: Finding[] = [];
  const srv = await discoverSrv(ctx.domain, dns);
  const facts: ClientSettingsFacts = {
    srv: srv.map((s) => ({
      name: s.origin.replace(/^SRV /, ''),
      status: s.status,
      detail: s.detail ?? null,
      targets: s.servers.map((x) => `${x.host}:${x.port ?? '?'}`),
    })),
    autoconfig: [],
    reachability: [],
  };
  for (const s of srv) {
    const name = s.origin.replace(/^SRV /, '');
    const res = await ctx.session.query(name, 'SRV');
    if (s.status === 'not-offered') {
      findings.push(finding(ctx, 'srv-service-not-offered', 'client-settings', { slots: { service: name }, evidence: dnsEvidence(res) }));
    } else if (s.status === 'unreachable') {
      findings.push(
        finding(ctx, 'dns-failure', 'client-settings', {
          severity: 'warning',
          slots: { name: `${name} SRV`, detail: s.detail ?? 'no answer' },
          evidence: dnsEvidence(res),
        }),
      );
    }
  }
  if (ctx.opts.smtp) {
    const r = await checkSrvTargets(srv, { dns, transcript: ctx.transcript, timeoutMs: ctx.opts.timeoutMs });
    facts.reachability = r.results;
    findings.push(...r.findings.map((f) => ({ ...f, stage: 'client-settings' as const })));
  } else {
    const targets = new Map<string, { record: string; host: string; port: number }>();
    for (const s of srv) for (const x of s.servers) if (x.port !== null) targets.set(`${x.host}:${x.port}`, { record: s.origin.replace(/^SRV /, ''), host: x.host, port: x.port });
    for (const t of targets.values()) {
      const a = await ctx.session.addresses(t.host);
      const ok = a.addresses.length > 0;
      const detail = ok ? `resolves to ${a.addresses.join(', ')} (not connected: --no-smtp)` : `the name does not resolve (${a.code ?? '?'})`;
      facts.reachability.push({ ...t, ok, detail });
      if (!ok) {
        findings.push(
          finding(ctx, 'srv-host-unreachable', 'client-settings', {
            slots: { record: t.record, host: t.host, port: t.port, detail },
            evidence: dnsEvidence(await ctx.session.query(t.record, 'SRV'), a.a, a.aaaa),
          }),
        );
      }
    }
  }

  let autoconfigFound = false;
  if (ctx.opts.smtp) {
    const parts = splitAddress(`postmaster@${ctx.domain}`);
    const sources = parts
      ? await discoverAutoconfig(parts, { dns, transcript: ctx.transcript, timeoutMs: ctx.opts.timeoutMs, ca: ctx.opts.ca, httpsPort: ctx.opts.httpsPort })
      : [];
    for (const s of sources) {
      facts.autoconfig.push({ url: s.origin, status: s.status, detail: s.detail ?? null });
      const ev = [textEvidence('http', `GET ${s.origin}: ${s.detail ?? s.status}${s.problems?.length ? `\n${s.problems.slice(0, 5).join('\n')}` : ''}`, s.origin)];
      // the .well-known URL is on the domain's web server, which often does not exist: only a broken answer there counts
      const own = s.origin.includes(`//autoconfig.${ctx.domain}`);
      if (s.status === 'found') autoconfigFound = true;
      else if (s.status === 'unreachable' && own) findings.push(finding(ctx, 'autoconfig-unreachable', 'client-settings', { slots: { url: s.origin, detail: s.detail }, evidence: ev }));
      else if (s.status === 'invalid') findings.push(finding(ctx, 'autoconfig-invalid', 'client-settings', { slots: { url: s.origin, detail: s.detail }, evidence: ev }));
    }
  } else {
    const a = await ctx.session.addresses(`autoconfig.${ctx.domain}`);
    autoconfigFound = a.addresses.length > 0;
    facts.autoconfig.push({
      url: `https://autoconfig.${ctx.domain}/mail/config-v1.1.xml`,
      status: autoconfigFound ? 'skipped' : 'absent',
      detail: autoconfigFound ? 'the name resolves; not fetched (--no-smtp)' : (a.code ?? null),
    });
  }

  const srvPublished = srv.some((s) => s.status === 'found' || s.status === 'not-offered' || s.status === 'invalid');
  if (!srvPublished && !autoconfigFound) {
    const results = await Promise.all(srv.map((s) => ctx.session.query(s.origin.replace(/^SRV /, ''), 'SRV')));
    findings.push(
      finding(ctx, 'account-settings-not-found', 'client-settings', {
        severity: 'info',
        summary: `${ctx.domain} publishes no SRV records and no autoconfig file for mail clients`,
        evidence: dnsEvidence(...results),
      }),
    );
  }
  return { facts, findings };
}
