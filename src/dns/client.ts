/**
 * @module dns/client
 * The DNS client every check uses: node's c-ares Resolver (or the system resolver), with an
 * overall deadline per query (c-ares' own timeout is per try and runs longer than
 * timeout x tries), results as values instead of exceptions, and each query and answer
 * written to the transcript. `--dns HOST[:PORT]` points it at a given server.
 */
import type { Resolver } from 'node:dns/promises';
import { nodeDns } from '../core/builtins.js';
import type { TranscriptView, Transcript } from '../core/transcript.js';
import { monotonicMs } from '../core/clock.js';

export type DnsRecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'CNAME' | 'PTR' | 'SRV' | 'NS' | 'SOA' | 'CAA';

/** Why a lookup gave no records. NXDOMAIN: the name does not exist; NODATA: it exists without records of this type. */
export type DnsErrorCode = 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'CONNREFUSED' | 'FORMERR' | 'BADNAME' | 'ERROR';

export interface MxRecord {
  exchange: string;
  priority: number;
}
export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}
export interface SoaRecord {
  nsname: string;
  hostmaster: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minttl: number;
}

export interface RecordMap {
  A: string[];
  AAAA: string[];
  MX: MxRecord[];
  /** each TXT record with its character-strings joined */
  TXT: string[];
  CNAME: string[];
  PTR: string[];
  SRV: SrvRecord[];
  NS: string[];
  SOA: SoaRecord[];
  CAA: { critical: number; tag: string; value: string }[];
}

export type DnsResult<T extends DnsRecordType> =
  | { ok: true; name: string; type: T; records: RecordMap[T]; ms: number }
  | { ok: false; name: string; type: T; code: DnsErrorCode; message: string; ms: number };

export interface DnsClientOptions {
  /** "host:port" or "host" of the DNS server to ask; default: the system's resolvers */
  server?: { host: string; port: number } | undefined;
  /** overall deadline per query */
  timeoutMs?: number;
  /** c-ares tries per server */
  tries?: number;
  /** where to write queries and answers */
  transcript?: Transcript | TranscriptView | undefined;
  /**
   * Answer queries through this function instead of a resolver (a DnsSession that caches,
   * limits and records them, or a fake in tests). The source writes its own transcript.
   */
  source?: DnsQueryFn | undefined;
}

/** A function answering one query, as DnsClient#query does. */
export type DnsQueryFn = <T extends DnsRecordType>(name: string, type: T) => Promise<DnsResult<T>>;

const CODE_MAP: Record<string, DnsErrorCode> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NODATA',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'CONNREFUSED',
  EFORMERR: 'FORMERR',
  EBADNAME: 'BADNAME',
  EBADQUERY: 'BADNAME',
  EAI_AGAIN: 'TIMEOUT',
  ECANCELLED: 'TIMEOUT',
};

export function mapDnsError(err: unknown): { code: DnsErrorCode; message: string } {
  const e = err as { code?: string; message?: string };
  const code = (e.code && CODE_MAP[e.code]) || 'ERROR';
  return { code, message: e.message ?? String(err) };
}

function formatRecord(type: DnsRecordType, r: unknown): string {
  switch (type) {
    case 'MX': {
      const m = r as MxRecord;
      return `${m.priority} ${m.exchange}`;
    }
    case 'SRV': {
      const s = r as SrvRecord;
      return `${s.priority} ${s.weight} ${s.port} ${s.name}`;
    }
    case 'TXT':
      return JSON.stringify(r);
    case 'SOA': {
      const s = r as SoaRecord;
      return `${s.nsname} ${s.hostmaster} ${s.serial}`;
    }
    case 'CAA': {
      const c = r as { critical: number; tag: string; value: string };
      return `${c.critical} ${c.tag} "${c.value}"`;
    }
    default:
      return String(r);
  }
}

/** One transcript line for a query and its answer ("name TYPE @server: answers (ms)"). */
export function formatDnsLogLine(res: DnsResult<DnsRecordType>, server?: { host: string; port: number }, note = ''): string {
  const via = server ? ` @${server.host}:${server.port}` : '';
  const ms = `(${res.ms} ms${note ? `, ${note}` : ''})`;
  if (!res.ok) return `${res.name} ${res.type}${via}: ${res.code} ${ms}`;
  if (res.records.length === 0) return `${res.name} ${res.type}${via}: no records ${ms}`;
  const shown = (res.records as unknown[]).slice(0, 20).map((r) => formatRecord(res.type, r));
  const more = res.records.length > 20 ? ` … +${res.records.length - 20}` : '';
  return `${res.name} ${res.type}${via}: ${shown.join(' | ')}${more} ${ms}`;
}

/** Formats one record of a result, as in a zone file ("10 mx.example.com", "\"v=spf1 -all\""). */
export function formatDnsRecord(type: DnsRecordType, record: unknown): string {
  return formatRecord(type, record);
}

/** Formats a result as dig-like lines, for evidence. */
export function describeDnsResult(res: DnsResult<DnsRecordType>): string {
  if (!res.ok) return `${res.name} ${res.type}: ${res.code}`;
  if (res.records.length === 0) return `${res.name} ${res.type}: (no records)`;
  return (res.records as unknown[]).map((r) => `${res.name} ${res.type} ${formatRecord(res.type, r)}`).join('\n');
}

interface PooledResolver {
  resolver: Resolver;
  /** queries in flight on this channel */
  inflight: number;
}
interface ResolverPool {
  resolvers: PooledResolver[];
  next: number;
}
const POOL_SIZE = 4;

export class DnsClient {
  readonly server: { host: string; port: number } | undefined;
  readonly timeoutMs: number;
  private readonly tries: number;
  private transcript: Transcript | TranscriptView | undefined;
  private readonly source: DnsQueryFn | undefined;

  constructor(opts: DnsClientOptions = {}) {
    this.server = opts.server;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.tries = opts.tries ?? 2;
    this.transcript = opts.transcript;
    this.source = opts.source;
  }

  /** A client with the same server and limits writing to another transcript (it shares the resolvers). */
  withTranscript(t: Transcript | TranscriptView | undefined): DnsClient {
    const c = new DnsClient({ server: this.server, timeoutMs: this.timeoutMs, tries: this.tries, transcript: t, source: this.source });
    c.pool = this.pool;
    return c;
  }

  private pool: ResolverPool = { resolvers: [], next: 0 };

  private newResolver(): Resolver {
    const r = new (nodeDns().Resolver)({ timeout: Math.max(200, Math.floor(this.timeoutMs / this.tries)), tries: this.tries });
    if (this.server) {
      const { host, port } = this.server;
      r.setServers([host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`]);
    }
    return r;
  }

  /**
   * A resolver from the client's small pool: creating a c-ares channel per query costs about
   * three times the throughput of reusing a few (measured against a local nsd).
   */
  private takeResolver(): PooledResolver {
    const p = this.pool;
    if (p.resolvers.length < POOL_SIZE) {
      const r: PooledResolver = { resolver: this.newResolver(), inflight: 0 };
      p.resolvers.push(r);
      return r;
    }
    const r = p.resolvers[p.next++ % POOL_SIZE] as PooledResolver;
    return r;
  }

  /** Resolves one record type; never throws. */
  async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsResult<T>> {
    if (this.source) return this.source(name, type);
    const started = monotonicMs();
    const pooled = this.takeResolver();
    const resolver = pooled.resolver;
    pooled.inflight++;
    const q = this.rawQuery(resolver, name, type).finally(() => {
      pooled.inflight--;
    });
    let res: DnsResult<T>;
    try {
      // cancel only when no other query shares the channel; otherwise c-ares' own
      // timeout ends the abandoned query a little later
      const records = (await withDeadline(q, this.timeoutMs, () => {
        if (pooled.inflight <= 1) resolver.cancel();
      })) as RecordMap[T];
      res = { ok: true, name, type, records, ms: Math.round(monotonicMs() - started) };
    } catch (err) {
      const m = mapDnsError(err);
      res = { ok: false, name, type, code: m.code, message: m.message, ms: Math.round(monotonicMs() - started) };
    }
    q.catch(() => undefined);
    this.log(res);
    return res;
  }

  private log(res: DnsResult<DnsRecordType>): void {
    if (!this.transcript) return;
    this.transcript.add('dns', formatDnsLogLine(res, this.server));
  }

  private async rawQuery(r: Resolver, name: string, type: DnsRecordType): Promise<unknown[]> {
    switch (type) {
      case 'A':
        return r.resolve4(name);
      case 'AAAA':
        return r.resolve6(name);
      // Node 24 adds a `type` field to some record objects: keep the same shape on every Node
      case 'MX':
        return (await r.resolveMx(name)).map(({ exchange, priority }) => ({ exchange, priority }));
      case 'TXT':
        return (await r.resolveTxt(name)).map((chunks) => chunks.join(''));
      case 'CNAME':
        return r.resolveCname(name);
      case 'PTR':
        return r.resolvePtr(name);
      case 'SRV':
        return (await r.resolveSrv(name)).map(({ name: target, port, priority, weight }) => ({ name: target, port, priority, weight }));
      case 'NS':
        return r.resolveNs(name);
      case 'SOA': {
        const { nsname, hostmaster, serial, refresh, retry, expire, minttl } = await r.resolveSoa(name);
        return [{ nsname, hostmaster, serial, refresh, retry, expire, minttl }];
      }
      case 'CAA':
        return (await r.resolveCaa(name)).map((c) => {
          const { critical, ...rest } = c as unknown as Record<string, string | number> & { critical: number };
          const tag = Object.keys(rest).find((k) => k !== 'type') ?? '';
          return { critical, tag, value: String(rest[tag] ?? '') };
        });
    }
  }

  /** Reverse lookup of an IP address (PTR names). */
  async reverse(ip: string): Promise<DnsResult<'PTR'>> {
    return this.query(reverseName(ip), 'PTR');
  }

  /**
   * Addresses of a host, as a connecting client would get them. With an explicit server
   * (or a query source): A and AAAA through it. Without: the system resolver (getaddrinfo, /etc/hosts included).
   */
  async addresses(host: string): Promise<{ ok: true; addresses: string[] } | { ok: false; code: DnsErrorCode; message: string }> {
    if (this.server || this.source) {
      const [a, aaaa] = await Promise.all([this.query(host, 'A'), this.query(host, 'AAAA')]);
      const addrs = [...(a.ok ? a.records : []), ...(aaaa.ok ? aaaa.records : [])];
      if (addrs.length) return { ok: true, addresses: addrs };
      const failed = [a, aaaa].find((r) => !r.ok && r.code !== 'NODATA' && r.code !== 'NXDOMAIN');
      if (failed && !failed.ok) return { ok: false, code: failed.code, message: failed.message };
      const nx = !a.ok && a.code === 'NXDOMAIN';
      return { ok: false, code: nx ? 'NXDOMAIN' : 'NODATA', message: `${host} has no address records` };
    }
    const started = monotonicMs();
    try {
      const res = await withDeadline(nodeDns().lookup(host, { all: true, verbatim: true }), this.timeoutMs);
      const addrs = res.map((r) => r.address);
      this.transcript?.add('dns', `${host} (system resolver): ${addrs.join(', ')} (${Math.round(monotonicMs() - started)} ms)`);
      return { ok: true, addresses: addrs };
    } catch (err) {
      const m = mapDnsError(err);
      this.transcript?.add('dns', `${host} (system resolver): ${m.code} ${m.message} (${Math.round(monotonicMs() - started)} ms)`);
      return { ok: false, code: m.code, message: m.message };
    }
  }
}

/** Rejects with an ETIMEOUT error (a DNS timeout to mapDnsError) when `p` takes longer than `ms`. */
function withDeadline<T>(p: Promise<T>, ms: number, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const d = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEOUT' }));
    }, ms);
    timer.unref?.();
  });
  return Promise.race([p, d]).finally(() => clearTimeout(timer));
}

/** The in-addr.arpa / ip6.arpa name of an address. */
export function reverseName(ip: string): string {
  if (ip.includes(':')) {
    const full = expandIpv6(ip);
    return `${full.replace(/:/g, '').split('').reverse().join('.')}.ip6.arpa`;
  }
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

export function expandIpv6(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = ip.includes('::') ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array<string>(missing).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}
