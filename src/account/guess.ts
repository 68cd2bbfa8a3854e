/**
 * @module account/guess
 * The last resort of mail clients: the lowest-preference MX host and the usual names
 * (Thunderbird's GuessConfig: imap., pop3., pop., mail., smtp. + domain). A guess is kept
 * only when the name resolves; its port and security are left to the probe (security
 * 'auto' tries the standard ports). Guesses are always marked `guess: true`.
 */
import type { DnsClient } from '../dns/client.js';
import { normHost, type MailProtocol, type ServerSetting, type SourceResult } from './types.js';

/** Candidate names per protocol, in the order clients try them (before the MX host). */
export function guessNames(domain: string): Record<MailProtocol, string[]> {
  return {
    imap: [`imap.${domain}`, `mail.${domain}`],
    pop3: [`pop3.${domain}`, `pop.${domain}`, `mail.${domain}`],
    smtp: [`smtp.${domain}`, `mail.${domain}`],
  };
}

export interface GuessResult {
  /** the MX lookup, as a source */
  mx: SourceResult;
  /** one source per guessed name that resolved */
  names: SourceResult[];
  /** lowest-preference MX host, if any */
  mxHost: string | null;
}

/** Resolves the MX and the guessable names for the protocols asked for. */
export async function discoverGuesses(domain: string, protocols: readonly MailProtocol[], dns: DnsClient): Promise<GuessResult> {
  const mxRes = await dns.query(domain, 'MX');
  let mxHost: string | null = null;
  const mx: SourceResult = { source: 'guess', origin: `MX ${domain}`, status: 'absent', servers: [], ms: mxRes.ms };
  if (!mxRes.ok) mx.detail = mxRes.code;
  else {
    const sorted = [...mxRes.records].filter((r) => r.exchange && r.exchange !== '.').sort((a, b) => a.priority - b.priority);
    if (sorted[0]) {
      mxHost = normHost(sorted[0].exchange);
      mx.status = 'found';
      mx.detail = `lowest-preference MX ${mxHost}`;
    } else mx.detail = mxRes.records.length ? 'null MX' : 'no records';
  }
  const all = guessNames(domain);
  const names = new Map<string, MailProtocol[]>();
  for (const p of protocols) {
    const list = [...all[p], ...(mxHost ? [mxHost] : [])];
    for (const n of list) names.set(n, [...(names.get(n) ?? []), p]);
  }
  const resolved = await Promise.all(
    [...names.entries()].map(async ([name, protos]) => ({ name, protos, r: await dns.addresses(name) })),
  );
  const sources: SourceResult[] = [];
  for (const { name, protos, r } of resolved) {
    const origin = name === mxHost ? `guess: MX host ${name}` : `guess: ${name}`;
    if (!r.ok) continue;
    const servers: ServerSetting[] = protos.map((protocol) => ({ protocol, host: name, port: null, security: 'auto', source: 'guess', origin, guess: true }));
    sources.push({ source: 'guess', origin, status: 'found', detail: r.addresses.slice(0, 4).join(', '), servers });
  }
  // keep the clients' order: named guesses first, MX host last
  sources.sort((a, b) => Number(a.origin.includes('MX host')) - Number(b.origin.includes('MX host')));
  return { mx, names: sources, mxHost };
}
