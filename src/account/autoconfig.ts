/**
 * @module account/autoconfig
 * Thunderbird's ISP autoconfig lookup: `https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<addr>`
 * and `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`, fetched in parallel,
 * first success by that order. Plain http (which Thunderbird also tries unless sslOnly is
 * set) is only fetched with --allow-http: a settings file over http can be rewritten by
 * anyone on the path and send the password elsewhere, so maildoctor does not rely on it
 * unless asked, and flags it when it is the only source.
 */
import type { Transcript } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';
import { fetchBounded, type FetchResult } from './http-fetch.js';
import { parseAutoconfig, type AddressParts } from './autoconfig-xml.js';
import type { SourceResult } from './types.js';

export interface HttpDiscoveryOptions {
  dns: DnsClient;
  transcript: Transcript;
  timeoutMs: number;
  ca?: string | undefined;
  /** port for https:// URLs built from the domain (default 443) */
  httpsPort?: number | undefined;
  /** also try plain http:// URLs */
  allowHttp?: boolean | undefined;
  /** port for http:// URLs (default 80) */
  httpPort?: number | undefined;
  maxBytes?: number;
}

export function withPort(scheme: 'https' | 'http', host: string, port: number | undefined, pathAndQuery: string): string {
  const def = scheme === 'https' ? 443 : 80;
  return `${scheme}://${host}${port && port !== def ? `:${port}` : ''}${pathAndQuery}`;
}

/** The autoconfig URLs in the order clients prefer them. */
export function autoconfigUrls(a: AddressParts, o: Pick<HttpDiscoveryOptions, 'httpsPort' | 'allowHttp' | 'httpPort'>): string[] {
  const q = `?emailaddress=${encodeURIComponent(a.address)}`;
  const urls = [
    withPort('https', `autoconfig.${a.domain}`, o.httpsPort, `/mail/config-v1.1.xml${q}`),
    withPort('https', a.domain, o.httpsPort, '/.well-known/autoconfig/mail/config-v1.1.xml'),
  ];
  if (o.allowHttp) {
    urls.push(withPort('http', `autoconfig.${a.domain}`, o.httpPort, `/mail/config-v1.1.xml${q}`));
    urls.push(withPort('http', a.domain, o.httpPort, '/.well-known/autoconfig/mail/config-v1.1.xml'));
  }
  return urls;
}

/** Turns a fetch outcome into a SourceResult for a settings file. */
export function fetchFailureSource(source: SourceResult['source'], r: FetchResult & { ok: false }): SourceResult {
  const absent = r.failure === 'no-such-host';
  const s: SourceResult = { source, origin: r.url, status: absent ? 'absent' : 'unreachable', detail: r.detail, servers: [], ms: r.ms };
  if (r.status !== undefined) s.httpStatus = r.status;
  if (r.failure === 'cert') s.certProblem = true;
  if (r.url.startsWith('http:')) s.insecure = true;
  return s;
}

async function fetchOne(url: string, a: AddressParts, o: HttpDiscoveryOptions): Promise<SourceResult> {
  const maxBytes = o.maxBytes ?? 256 * 1024;
  const r = await fetchBounded(url, {
    timeoutMs: o.timeoutMs,
    maxBytes,
    allowHttp: o.allowHttp,
    ca: o.ca,
    dns: o.dns.withTranscript(o.transcript.view(`autoconfig ${url}`)),
    transcript: o.transcript.view(`autoconfig ${url}`),
  });
  if (!r.ok) return fetchFailureSource('autoconfig', r);
  const base: SourceResult = { source: 'autoconfig', origin: url, status: 'absent', servers: [], httpStatus: r.status, ms: r.ms };
  if (url.startsWith('http:')) base.insecure = true;
  if (r.status === 404 || r.status === 410) return { ...base, detail: `HTTP ${r.status}` };
  if (r.status === 401 || r.status === 403 || r.status >= 500) return { ...base, status: 'unreachable', detail: `HTTP ${r.status}` };
  if (r.status !== 200) return { ...base, status: 'invalid', detail: `unexpected HTTP ${r.status}` };
  const doc = parseAutoconfig(r.body, a, url, maxBytes);
  if (doc.invalid) {
    const html = /^\s*(<!doctype html|<html)/i.test(r.body);
    return { ...base, status: 'invalid', detail: html ? 'an HTML page, not an autoconfig file' : (doc.problems[0] ?? 'invalid document'), problems: doc.problems };
  }
  const res: SourceResult = { ...base, status: 'found', servers: doc.servers, detail: `${doc.servers.length} server(s)${doc.provider ? `, provider ${doc.provider}` : ''}` };
  if (doc.problems.length) res.problems = doc.problems;
  return res;
}

/** Fetches every autoconfig URL in parallel; results in preference order. */
export async function discoverAutoconfig(a: AddressParts, o: HttpDiscoveryOptions): Promise<SourceResult[]> {
  return Promise.all(autoconfigUrls(a, o).map((u) => fetchOne(u, a, o)));
}
