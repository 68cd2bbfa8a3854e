/**
 * @module account/http-fetch
 * A bounded HTTP(S) client for settings files: one request, names resolved through the
 * DnsClient (so --dns applies), the certificate verified against the system trust store plus
 * --ca (never switched off: a client would refuse a bad certificate too), an overall
 * deadline, a response size cap, a bounded number of redirects, and every request and
 * response line written to the transcript (direction 'http'). Never throws.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipVersion } from '../net/ip.js';
import tls from 'node:tls';
import type { TranscriptView } from '../core/transcript.js';
import { printable } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';
import { VERSION } from '../core/version.js';
import { monotonicMs } from '../core/clock.js';

export interface FetchOptions {
  method?: 'GET' | 'POST';
  body?: string;
  contentType?: string;
  timeoutMs: number;
  /** response bytes kept; larger bodies fail with 'too-large' */
  maxBytes?: number;
  /** redirects followed (https only unless allowHttp) */
  maxRedirects?: number;
  allowHttp?: boolean;
  ca?: string | undefined;
  dns: DnsClient;
  transcript: TranscriptView;
}

export type FetchFailure =
  /** the host name does not exist */
  | 'no-such-host'
  | 'dns-failure'
  | 'refused'
  | 'timeout'
  | 'cert'
  | 'tls'
  | 'network'
  | 'too-large'
  | 'redirect'
  | 'bad-url';

export type FetchResult =
  | { ok: true; url: string; status: number; contentType: string; body: string; ms: number }
  | { ok: false; url: string; failure: FetchFailure; detail: string; status?: number; ms: number };

const CERT_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
]);

function lookupVia(dns: DnsClient): LookupFunction {
  return (hostname, options, callback) => {
    void dns.addresses(hostname).then((r) => {
      if (!r.ok) {
        const code = r.code === 'NXDOMAIN' || r.code === 'NODATA' ? 'ENOTFOUND' : 'EAI_AGAIN';
        callback(Object.assign(new Error(`${hostname}: ${r.code}`), { code }), '', 4);
        return;
      }
      const list = r.addresses.map((address) => ({ address, family: ipVersion(address) === 6 ? 6 : 4 }));
      const want = options.family === 4 || options.family === 6 ? list.filter((a) => a.family === options.family) : list;
      const chosen = want.length ? want : list;
      if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, chosen);
      else callback(null, chosen[0]?.address ?? '', chosen[0]?.family ?? 4);
    });
  };
}

function classify(err: NodeJS.ErrnoException): { failure: FetchFailure; detail: string } {
  const code = err.code ?? '';
  if (code === 'ENOTFOUND') return { failure: 'no-such-host', detail: err.message };
  if (code === 'EAI_AGAIN') return { failure: 'dns-failure', detail: err.message };
  if (code === 'ECONNREFUSED') return { failure: 'refused', detail: 'connection refused' };
  if (CERT_CODES.has(code)) return { failure: 'cert', detail: `certificate not valid: ${code}${err.message && !err.message.includes(code) ? ` (${err.message})` : ''}` };
  if (code.startsWith('ERR_SSL') || /ssl|tls/i.test(err.message)) return { failure: 'tls', detail: `TLS failed: ${err.message}` };
  return { failure: 'network', detail: `${code || 'error'}: ${err.message}` };
}

/** Fetches a URL once (following up to maxRedirects redirects). */
export async function fetchBounded(url: string, opts: FetchOptions): Promise<FetchResult> {
  const started = monotonicMs();
  const maxRedirects = opts.maxRedirects ?? 3;
  let current = url;
  for (let hop = 0; ; hop++) {
    const r = await fetchOnce(current, opts, started);
    if (!r.ok || r.status < 300 || r.status >= 400 || r.status === 304) return r;
    const location = r.location;
    if (!location) return { ok: true, url: current, status: r.status, contentType: r.contentType, body: r.body, ms: r.ms };
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { ok: false, url: current, failure: 'redirect', detail: `invalid redirect location "${printable(location)}"`, status: r.status, ms: r.ms };
    }
    if (next.protocol !== 'https:' && !(opts.allowHttp && next.protocol === 'http:')) {
      return { ok: false, url: current, failure: 'redirect', detail: `redirect to ${next.href} refused (not https)`, status: r.status, ms: r.ms };
    }
    if (hop >= maxRedirects) {
      return { ok: false, url: current, failure: 'redirect', detail: `more than ${maxRedirects} redirects`, status: r.status, ms: r.ms };
    }
    current = next.href;
  }
}

type OnceResult = (FetchResult & { ok: false }) | { ok: true; url: string; status: number; contentType: string; body: string; ms: number; location?: string };

function fetchOnce(url: string, opts: FetchOptions, started: number): Promise<OnceResult> {
  const t = opts.transcript;
  const ms = (): number => Math.round(monotonicMs() - started);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, url, failure: 'bad-url', detail: `invalid URL ${url}`, ms: ms() });
  }
  const isHttps = u.protocol === 'https:';
  if (!isHttps && !(u.protocol === 'http:' && opts.allowHttp)) {
    return Promise.resolve({ ok: false, url, failure: 'bad-url', detail: `${u.protocol} URLs are not fetched`, ms: ms() });
  }
  const method = opts.method ?? 'GET';
  const maxBytes = opts.maxBytes ?? 256 * 1024;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  t.add('http', `${method} ${u.href}`);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: OnceResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const headers: Record<string, string> = {
      'User-Agent': `maildoctor/${VERSION}`,
      Accept: 'text/xml, application/xml;q=0.9, */*;q=0.1',
      Connection: 'close',
    };
    if (opts.body !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'text/xml; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    }
    const common: http.RequestOptions = {
      method,
      host,
      port: u.port ? Number(u.port) : isHttps ? 443 : 80,
      path: `${u.pathname}${u.search}`,
      headers,
      agent: false,
      lookup: lookupVia(opts.dns),
    };
    const req = isHttps
      ? https.request({
          ...common,
          rejectUnauthorized: true,
          ...(opts.ca ? { ca: [...tls.rootCertificates, opts.ca] } : {}),
          ...(ipVersion(host) ? {} : { servername: host }),
        })
      : http.request(common);
    const timer = setTimeout(() => {
      t.add('http', `no complete answer within ${opts.timeoutMs} ms`);
      finish({ ok: false, url, failure: 'timeout', detail: `no complete answer within ${opts.timeoutMs} ms`, ms: ms() });
    }, opts.timeoutMs);
    timer.unref?.();
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (done) return;
      const c = classify(err);
      t.add('http', `request failed: ${c.detail}`);
      finish({ ok: false, url, ...c, ms: ms() });
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers['content-type'] ?? '');
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          t.add('http', `HTTP/${res.httpVersion} ${status} ${printable(res.statusMessage ?? '')}: body larger than ${maxBytes} bytes, abandoned`);
          finish({ ok: false, url, failure: 'too-large', detail: `response larger than ${maxBytes} bytes`, status, ms: ms() });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        t.add(
          'http',
          `HTTP/${res.httpVersion} ${status} ${printable(res.statusMessage ?? '')}${contentType ? ` (${printable(contentType)})` : ''}, ${size} bytes${location ? `, Location: ${printable(location)}` : ''} (${ms()} ms)`,
        );
        const r: OnceResult = { ok: true, url, status, contentType, body, ms: ms() };
        if (location) r.location = location;
        finish(r);
      });
      res.on('error', (err: NodeJS.ErrnoException) => {
        const c = classify(err);
        finish({ ok: false, url, ...c, status, ms: ms() });
      });
    });
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}
