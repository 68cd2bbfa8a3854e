/**
 * @module account/choose
 * Picks the settings to test from everything discovered, and finds disagreements.
 *
 * Order of trust (documented in docs/account.md): SRV records (RFC 6186/8314, implicit TLS
 * services first), then autoconfig (first listed server of the type), then Autodiscover,
 * then guesses (the usual names in Thunderbird's order, the MX host last). IMAP is preferred
 * to POP3 for incoming mail unless the caller asks for POP3.
 */
import { guessNames } from './guess.js';
import { normHost, type MailProtocol, type ServerSetting, type SourceKind, type SourceResult } from './types.js';

const SOURCE_RANK: Record<SourceKind, number> = { srv: 0, autoconfig: 1, autodiscover: 2, guess: 3 };

/** Published (non-guess) servers of a protocol, best first. */
export function publishedFor(sources: readonly SourceResult[], protocol: MailProtocol): ServerSetting[] {
  const out: ServerSetting[] = [];
  const ordered = [...sources].map((s, i) => ({ s, i })).sort((a, b) => SOURCE_RANK[a.s.source] - SOURCE_RANK[b.s.source] || a.i - b.i);
  for (const { s } of ordered) {
    if (s.status !== 'found' || s.source === 'guess' || s.insecure) continue;
    for (const srv of s.servers) if (srv.protocol === protocol) out.push(srv);
  }
  // plain-http sources only when nothing else published this protocol
  if (!out.length) {
    for (const { s } of ordered) {
      if (s.status !== 'found' || s.source === 'guess' || !s.insecure) continue;
      for (const srv of s.servers) if (srv.protocol === protocol) out.push(srv);
    }
  }
  return out;
}

/** Guessed servers of a protocol, in the clients' order (MX host last). */
export function guessesFor(sources: readonly SourceResult[], protocol: MailProtocol, domain: string, mxHost: string | null): ServerSetting[] {
  const names = [...guessNames(domain)[protocol], ...(mxHost ? [mxHost] : [])];
  const all = sources.filter((s) => s.source === 'guess' && s.status === 'found').flatMap((s) => s.servers.filter((x) => x.protocol === protocol));
  const out: ServerSetting[] = [];
  for (const n of names) {
    const hit = all.find((x) => x.host === n);
    if (hit && !out.includes(hit)) out.push(hit);
  }
  return out;
}

export interface Choice {
  incoming: ServerSetting | null;
  outgoing: ServerSetting | null;
}

export function chooseSettings(
  sources: readonly SourceResult[],
  opts: { domain: string; mxHost: string | null; incomingProtocol?: 'imap' | 'pop3' | undefined },
): Choice {
  const pick = (p: MailProtocol): ServerSetting | null => publishedFor(sources, p)[0] ?? guessesFor(sources, p, opts.domain, opts.mxHost)[0] ?? null;
  let incoming: ServerSetting | null;
  if (opts.incomingProtocol) incoming = pick(opts.incomingProtocol);
  else {
    const imap = publishedFor(sources, 'imap')[0];
    const pop3 = publishedFor(sources, 'pop3')[0];
    incoming = imap ?? pop3 ?? guessesFor(sources, 'imap', opts.domain, opts.mxHost)[0] ?? null;
  }
  return { incoming, outgoing: pick('smtp') };
}

export interface Disagreement {
  protocol: MailProtocol;
  /** preferred host per source origin */
  hosts: { origin: string; host: string; port: number | null }[];
}

/**
 * Sources disagree on a protocol when their preferred hosts differ. SRV services of the same
 * protocol (_imaps and _imap) count as one source: their first hosts are compared too.
 */
export function findDisagreements(sources: readonly SourceResult[]): Disagreement[] {
  const out: Disagreement[] = [];
  for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
    const hosts: Disagreement['hosts'] = [];
    for (const s of sources) {
      if (s.status !== 'found' || s.source === 'guess') continue;
      const first = s.servers.find((x) => x.protocol === protocol);
      if (first) hosts.push({ origin: s.origin, host: normHost(first.host), port: first.port });
    }
    if (new Set(hosts.map((h) => h.host)).size > 1) out.push({ protocol, hosts });
  }
  return out;
}
