/**
 * @module account/discover
 * Runs every discovery source the way mail clients do (SRV, autoconfig, Autodiscover in
 * parallel; guesses only for what nothing published) and turns what each source said into
 * findings: unreachable or invalid files, services marked not offered, sources that
 * disagree, nothing published at all.
 */
import { createFinding, type Finding } from '../core/finding.js';
import { discoverAutoconfig, type HttpDiscoveryOptions } from './autoconfig.js';
import { discoverAutodiscover } from './autodiscover.js';
import type { AddressParts } from './autoconfig-xml.js';
import { findDisagreements, publishedFor } from './choose.js';
import { discoverGuesses } from './guess.js';
import { discoverSrv } from './srv.js';
import { type MailProtocol, type SourceResult } from './types.js';

/** Discovery takes the options of the HTTP sources (the SRV and MX lookups need only dns and transcript). */
export type DiscoveryOptions = Omit<HttpDiscoveryOptions, 'maxBytes'>;

export interface Discovery {
  /** every source consulted, in the order: SRV, autoconfig, Autodiscover, MX, guesses */
  sources: SourceResult[];
  mxHost: string | null;
  findings: Finding[];
}

function httpFindings(s: SourceResult): Finding[] {
  const isAc = s.source === 'autoconfig';
  const url = s.origin;
  if (s.status === 'invalid') {
    return [
      createFinding(isAc ? 'autoconfig-invalid' : 'autodiscover-invalid', {
        stage: 'discovery',
        slots: { url, detail: s.detail },
        evidence: [{ kind: 'http', excerpt: [s.detail ?? '', ...(s.problems ?? []).slice(0, 5)].filter(Boolean).join('\n'), source: url }],
      }),
    ];
  }
  if (s.status === 'unreachable') {
    return [
      createFinding(isAc ? 'autoconfig-unreachable' : 'autodiscover-unreachable', {
        stage: 'discovery',
        // a certificate problem makes clients refuse the source: worth a warning
        severity: s.certProblem ? 'warning' : 'info',
        slots: { url, detail: s.detail },
        evidence: [{ kind: 'http', excerpt: s.detail ?? 'failed', source: url }],
      }),
    ];
  }
  return [];
}

/** Runs discovery for an address. Never throws for network outcomes. */
export async function discoverAccount(a: AddressParts, o: DiscoveryOptions): Promise<Discovery> {
  const http: HttpDiscoveryOptions = o;
  const srvDns = o.dns.withTranscript(o.transcript.view('SRV records'));
  const [srv, autoconfig, autodiscover] = await Promise.all([
    discoverSrv(a.domain, srvDns),
    discoverAutoconfig(a, http),
    discoverAutodiscover(a, http),
  ]);
  const sources: SourceResult[] = [...srv, ...autoconfig, ...autodiscover];
  const findings: Finding[] = [];

  for (const s of srv) {
    if (s.status === 'not-offered') {
      findings.push(
        createFinding('srv-service-not-offered', {
          stage: 'discovery',
          slots: { service: s.origin.replace(/^SRV /, '') },
          evidence: [{ kind: 'dns', excerpt: `${s.origin.replace(/^SRV /, '')} SRV 0 0 0 .`, source: s.origin }],
        }),
      );
    }
  }
  for (const s of [...autoconfig, ...autodiscover]) findings.push(...httpFindings(s));

  // guesses only for protocols nothing published
  const missing = (['imap', 'pop3', 'smtp'] as MailProtocol[]).filter((p) => publishedFor(sources, p).length === 0);
  const needGuess: MailProtocol[] = [];
  if (missing.includes('smtp')) needGuess.push('smtp');
  if (missing.includes('imap') && missing.includes('pop3')) needGuess.push('imap', 'pop3');
  let mxHost: string | null = null;
  if (needGuess.length) {
    const g = await discoverGuesses(a.domain, needGuess, o.dns.withTranscript(o.transcript.view('guesses')));
    mxHost = g.mxHost;
    sources.push(g.mx, ...g.names);
  }

  const published = sources.filter((s) => s.status === 'found' && s.source !== 'guess');
  if (published.length === 0) {
    findings.push(
      createFinding('account-settings-not-found', {
        stage: 'discovery',
        slots: { domain: a.domain },
        evidence: [
          {
            kind: 'config',
            excerpt: sources
              .filter((s) => s.source !== 'guess')
              .map((s) => `${s.origin}: ${s.status}${s.detail ? ` (${s.detail})` : ''}`)
              .join('\n'),
          },
        ],
      }),
    );
  } else if (published.every((s) => s.insecure)) {
    for (const s of published) findings.push(createFinding('settings-over-http', { stage: 'discovery', slots: { url: s.origin } }));
  }

  for (const d of findDisagreements(sources)) {
    const groups = new Map<string, string[]>();
    for (const h of d.hosts) {
      const k = `${h.host}${h.port ? `:${h.port}` : ''}`;
      groups.set(k, [...(groups.get(k) ?? []), h.origin]);
    }
    const detail = [...groups].map(([k, origins]) => `${k} (${origins.join(', ')})`).join(' vs ');
    findings.push(
      createFinding('account-sources-disagree', {
        stage: 'discovery',
        slots: { protocol: d.protocol.toUpperCase(), detail },
        evidence: [{ kind: 'config', excerpt: d.hosts.map((h) => `${h.origin}: ${h.host}${h.port ? `:${h.port}` : ''}`).join('\n') }],
      }),
    );
  }
  return { sources, mxHost, findings };
}
