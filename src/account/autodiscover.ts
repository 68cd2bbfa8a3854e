/**
 * @module account/autodiscover
 * Outlook's Autodiscover (POX) lookup without Active Directory: POST the request to
 * `https://<domain>/autodiscover/autodiscover.xml`, then
 * `https://autodiscover.<domain>/autodiscover/autodiscover.xml`, then the host named by
 * the `_autodiscover._tcp.<domain>` SRV record. Outlook stops at the first endpoint that
 * answers; maildoctor asks all of them (that is how a stale root-domain endpoint answering
 * before the new `autodiscover.` host shows up) and reports which one wins.
 * redirectAddr / redirectUrl answers and HTTP redirects are followed, at most 3 hops.
 * No credentials are ever sent to an Autodiscover endpoint (401 is reported as such).
 */
import type { DnsClient } from '../dns/client.js';
import { fetchBounded } from './http-fetch.js';
import { autodiscoverRequest, parseAutodiscover } from './autodiscover-xml.js';
import { fetchFailureSource, withPort, type HttpDiscoveryOptions } from './autoconfig.js';
import { splitAddress, type AddressParts } from './autoconfig-xml.js';
import { orderSrv } from './srv.js';
import { normHost, type SourceResult } from './types.js';

const PATH = '/autodiscover/autodiscover.xml';
export const MAX_AUTODISCOVER_HOPS = 3;

export function autodiscoverUrls(domain: string, httpsPort: number | undefined): string[] {
  return [withPort('https', domain, httpsPort, PATH), withPort('https', `autodiscover.${domain}`, httpsPort, PATH)];
}

async function post(url: string, address: string, o: HttpDiscoveryOptions, hops: number, firstUrl: string): Promise<SourceResult> {
  const view = o.transcript.view(`autodiscover ${firstUrl}`);
  const maxBytes = o.maxBytes ?? 256 * 1024;
  const r = await fetchBounded(url, {
    method: 'POST',
    body: autodiscoverRequest(address),
    timeoutMs: o.timeoutMs,
    maxBytes,
    maxRedirects: MAX_AUTODISCOVER_HOPS,
    ca: o.ca,
    dns: o.dns.withTranscript(view),
    transcript: view,
  });
  if (!r.ok) return { ...fetchFailureSource('autodiscover', r), origin: firstUrl };
  const base: SourceResult = { source: 'autodiscover', origin: firstUrl, status: 'absent', servers: [], httpStatus: r.status, ms: r.ms };
  if (r.status === 404 || r.status === 410 || r.status === 405) return { ...base, detail: `HTTP ${r.status}` };
  if (r.status === 401 || r.status === 403) return { ...base, status: 'unreachable', detail: `HTTP ${r.status}: the endpoint requires authentication (Exchange); maildoctor sends no credentials to Autodiscover` };
  if (r.status >= 500) return { ...base, status: 'unreachable', detail: `HTTP ${r.status}` };
  if (r.status !== 200) return { ...base, status: 'invalid', detail: `unexpected HTTP ${r.status}` };
  const doc = parseAutodiscover(r.body, url, maxBytes);
  const via = url === firstUrl ? '' : ` (via ${url})`;
  switch (doc.kind) {
    case 'invalid': {
      const html = /^\s*(<!doctype html|<html)/i.test(r.body);
      return { ...base, status: 'invalid', detail: html ? 'an HTML page, not an Autodiscover response' : (doc.problems[0] ?? 'invalid response'), problems: doc.problems };
    }
    case 'error':
      return { ...base, status: 'invalid', detail: `error response${doc.code ? ` ${doc.code}` : ''}: ${doc.message}`, problems: doc.problems };
    case 'redirect-addr':
    case 'redirect-url': {
      if (hops >= MAX_AUTODISCOVER_HOPS) return { ...base, status: 'invalid', detail: `more than ${MAX_AUTODISCOVER_HOPS} Autodiscover redirects` };
      if (doc.kind === 'redirect-url') {
        if (!doc.url.toLowerCase().startsWith('https://')) return { ...base, status: 'invalid', detail: `redirectUrl ${doc.url} is not https; not followed` };
        view.add('note', `Autodiscover redirectUrl -> ${doc.url}`);
        return post(doc.url, address, o, hops + 1, firstUrl);
      }
      const next = splitAddress(doc.address);
      if (!next) return { ...base, status: 'invalid', detail: `redirectAddr "${doc.address}" is not an address` };
      view.add('note', `Autodiscover redirectAddr -> ${next.address}`);
      for (const u of autodiscoverUrls(next.domain, o.httpsPort)) {
        const res = await post(u, next.address, o, hops + 1, firstUrl);
        if (res.status === 'found' || res.status === 'invalid') return { ...res, detail: `${res.detail ?? ''} (after redirectAddr to ${next.address})`.trim() };
      }
      return { ...base, status: 'invalid', detail: `redirectAddr to ${next.address}, whose endpoints gave no settings` };
    }
    case 'settings': {
      const servers = doc.servers.map((s) => ({ ...s, origin: firstUrl }));
      if (doc.invalid) return { ...base, status: 'invalid', detail: doc.problems[0] ?? 'invalid response', problems: doc.problems };
      if (!servers.length) {
        const other = doc.otherTypes.length ? `only ${doc.otherTypes.join(', ')} settings (Exchange), no IMAP/POP3/SMTP` : 'no IMAP, POP3 or SMTP settings';
        return { ...base, status: 'absent', detail: other + via, ...(doc.problems.length ? { problems: doc.problems } : {}) };
      }
      const res: SourceResult = { ...base, status: 'found', servers, detail: `${servers.length} server(s)${via}` };
      if (doc.problems.length) res.problems = doc.problems;
      return res;
    }
  }
}

/** Asks every Autodiscover endpoint; results in Outlook's order. */
export async function discoverAutodiscover(a: AddressParts, o: HttpDiscoveryOptions & { dns: DnsClient }): Promise<SourceResult[]> {
  const direct = autodiscoverUrls(a.domain, o.httpsPort).map((u) => post(u, a.address, o, 0, u));
  const viaSrv = (async (): Promise<SourceResult> => {
    const name = `_autodiscover._tcp.${a.domain}`;
    const res = await o.dns.withTranscript(o.transcript.view('autodiscover SRV')).query(name, 'SRV');
    const origin = `SRV ${name}`;
    if (!res.ok || res.records.length === 0) {
      const absent = !res.ok ? res.code === 'NXDOMAIN' || res.code === 'NODATA' : true;
      return { source: 'autodiscover', origin, status: absent ? 'absent' : 'unreachable', detail: res.ok ? 'no records' : res.code, servers: [] };
    }
    const first = orderSrv(res.records.filter((r) => r.name && r.name !== '.'))[0];
    if (!first) return { source: 'autodiscover', origin, status: 'not-offered', detail: 'target "."', servers: [] };
    const url = withPort('https', normHost(first.name), first.port, PATH);
    const r = await post(url, a.address, o, 0, url);
    return { ...r, origin: `${origin} -> ${url}` , servers: r.servers.map((s) => ({ ...s, origin: `${origin} -> ${url}` })) };
  })();
  return Promise.all([...direct, viaSrv]);
}
