/**
 * @module dns/session
 * The DNS view of one diagnosis. Every check of a domain asks through a session, which
 *  - asks each (name, type) once per diagnosis (concurrent askers share the answer),
 *  - shares answers between the domains of a batch through an optional bounded cache
 *    (common SPF includes, blocklist sanity checks), caching only definite answers,
 *  - caps the queries in flight with an optional process-wide limiter,
 *  - writes every answer to the diagnosis' transcript and keeps the records it read, so
 *    findings can cite them and the report's facts can list them.
 * Lookups never throw: failures are results with a code (NXDOMAIN, NODATA, SERVFAIL, ...).
 *
 * A `resolver` function can replace the DnsClient (unit tests use a zone-backed fake, the
 * mailauth pattern).
 */
import type { Transcript } from '../core/transcript.js';
import {
  DnsClient,
  describeDnsResult,
  formatDnsLogLine,
  formatDnsRecord,
  type DnsErrorCode,
  type DnsRecordType,
  type DnsResult,
  type RecordMap,
} from './client.js';
import type { Limiter } from './limit.js';
import type { Evidence } from '../core/finding.js';

export type AnyDnsResult = DnsResult<DnsRecordType>;

/** Something that answers queries: a DnsClient, or a fake in tests. */
export interface QueryBackend {
  query<T extends DnsRecordType>(name: string, type: T): Promise<DnsResult<T>>;
  readonly server?: { host: string; port: number } | undefined;
}

/**
 * A bounded cache of definite answers, shared by the diagnoses of a batch. Two generations
 * approximate least-recently-used in O(1): answers go to the young map; when it is full it
 * becomes the old map (the previous old one is dropped), and a hit in the old map moves the
 * answer back to the young one. (Evicting the first key of one Map is slow in V8 once many
 * keys were deleted from its front.)
 */
export class DnsCache {
  private young = new Map<string, AnyDnsResult>();
  private old = new Map<string, AnyDnsResult>();
  private readonly inflight = new Map<string, Promise<AnyDnsResult>>();
  hits = 0;
  misses = 0;

  /** `maxEntries` bounds the answers kept (at most this many, at least half of it once warm). */
  constructor(readonly maxEntries = 20_000) {}

  private remember(key: string, res: AnyDnsResult): void {
    this.young.set(key, res);
    if (this.young.size >= Math.max(1, Math.floor(this.maxEntries / 2))) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  private lookup(key: string): AnyDnsResult | undefined {
    const y = this.young.get(key);
    if (y) return y;
    const o = this.old.get(key);
    if (o) {
      this.old.delete(key);
      this.remember(key, o);
    }
    return o;
  }

  /** Returns the answer, asking `fetch` only when neither cached nor already being asked. */
  async get(key: string, fetch: () => Promise<AnyDnsResult>): Promise<{ res: AnyDnsResult; cached: boolean }> {
    const hit = this.lookup(key);
    if (hit) {
      this.hits++;
      return { res: hit, cached: true };
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.hits++;
      return { res: await pending, cached: true };
    }
    this.misses++;
    const p = fetch();
    this.inflight.set(key, p);
    try {
      const res = await p;
      if (res.ok || res.code === 'NXDOMAIN' || res.code === 'NODATA') this.remember(key, res);
      return { res, cached: false };
    } finally {
      this.inflight.delete(key);
    }
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

export interface DnsSessionOptions {
  backend: QueryBackend;
  cache?: DnsCache | undefined;
  limiter?: Limiter | undefined;
  transcript?: Transcript | undefined;
}

/** Address lookup of a host through A and AAAA. */
export interface AddressLookup {
  host: string;
  a: DnsResult<'A'>;
  aaaa: DnsResult<'AAAA'>;
  addresses: string[];
  /** why there are no addresses: NXDOMAIN, NODATA, or the failure code of a failed query */
  code?: DnsErrorCode;
}

export function keyOf(name: string, type: DnsRecordType): string {
  return `${normName(name)} ${type}`;
}

/** Lower-case, without the trailing dot. */
export function normName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** True for the codes that are an answer (the name or type does not exist), not a failure. */
export function isNegative(code: DnsErrorCode): boolean {
  return code === 'NXDOMAIN' || code === 'NODATA';
}

export class DnsSession {
  private readonly memo = new Map<string, Promise<AnyDnsResult>>();
  /** every answer read, keyed "name TYPE", in the order asked */
  readonly reads = new Map<string, AnyDnsResult>();
  readonly backend: QueryBackend;
  private readonly cache: DnsCache | undefined;
  private readonly limiter: Limiter | undefined;
  private readonly transcript: Transcript | undefined;
  queries = 0;

  constructor(opts: DnsSessionOptions) {
    this.backend = opts.backend;
    this.cache = opts.cache;
    this.limiter = opts.limiter;
    this.transcript = opts.transcript;
  }

  /** Resolves one record type. An empty answer is reported as NODATA. Never throws. */
  query<T extends DnsRecordType>(name: string, type: T): Promise<DnsResult<T>> {
    const n = normName(name);
    const key = `${n} ${type}`;
    let p = this.memo.get(key);
    if (!p) {
      p = this.ask(n, type, key);
      this.memo.set(key, p);
    }
    return p as Promise<DnsResult<T>>;
  }

  private async ask(name: string, type: DnsRecordType, key: string): Promise<AnyDnsResult> {
    const fetch = async (): Promise<AnyDnsResult> => {
      this.queries++;
      const run = (): Promise<AnyDnsResult> => this.backend.query(name, type).then(normalizeEmpty, (e: unknown) => failure(name, type, e));
      return this.limiter ? this.limiter.run(run) : run();
    };
    let res: AnyDnsResult;
    let cached = false;
    if (this.cache) ({ res, cached } = await this.cache.get(key, fetch));
    else res = await fetch();
    this.reads.set(key, res);
    this.transcript?.add('dns', formatDnsLogLine(res, this.backend.server, cached ? 'cached' : ''));
    return res;
  }

  /** A and AAAA of a host, asked in parallel. */
  async addresses(host: string): Promise<AddressLookup> {
    const [a, aaaa] = await Promise.all([this.query(host, 'A'), this.query(host, 'AAAA')]);
    const addresses = [...(a.ok ? a.records : []), ...(aaaa.ok ? aaaa.records : [])];
    const out: AddressLookup = { host: normName(host), a, aaaa, addresses };
    if (!addresses.length) {
      const failed = [a, aaaa].find((r) => !r.ok && !isNegative(r.code));
      if (failed && !failed.ok) out.code = failed.code;
      else out.code = !a.ok && a.code === 'NXDOMAIN' ? 'NXDOMAIN' : 'NODATA';
    }
    return out;
  }

  /** A DnsClient whose queries go through this session (for code that takes a DnsClient: probes, fetches). */
  asClient(timeoutMs: number): DnsClient {
    return new DnsClient({ server: this.backend.server, timeoutMs, source: (name, type) => this.query(name, type) });
  }

  /** The answers read so far as "name TYPE" -> record lines or the error code (for report facts). */
  recordsRead(): Record<string, string[] | string> {
    const out: Record<string, string[] | string> = {};
    for (const [key, res] of this.reads) {
      out[key] = res.ok ? (res.records as unknown[]).map((r) => formatDnsRecord(res.type, r)) : res.code;
    }
    return out;
  }
}

function normalizeEmpty(res: AnyDnsResult): AnyDnsResult {
  if (res.ok && res.records.length === 0) {
    return { ok: false, name: res.name, type: res.type, code: 'NODATA', message: 'no records', ms: res.ms };
  }
  return res;
}

function failure(name: string, type: DnsRecordType, e: unknown): AnyDnsResult {
  return { ok: false, name, type, code: 'ERROR', message: e instanceof Error ? e.message : String(e), ms: 0 };
}

/** Evidence citing DNS answers: dig-like lines of each result. */
export function dnsEvidence(...results: (AnyDnsResult | undefined)[]): { kind: 'dns'; excerpt: string; source: string }[] {
  const out: { kind: 'dns'; excerpt: string; source: string }[] = [];
  for (const r of results) {
    if (!r) continue;
    out.push({ kind: 'dns', excerpt: describeDnsResult(r), source: `${r.name} ${r.type}` });
  }
  return out;
}

/** Evidence from free text (a computed tree, a policy file) labelled with its source. */
export function textEvidence(kind: Evidence['kind'], excerpt: string, source?: string): Evidence {
  const e: Evidence = { kind, excerpt };
  if (source) e.source = source;
  return e;
}

/** Records of a successful result, or [] (typed helper). */
export function recordsOf<T extends DnsRecordType>(res: DnsResult<T>): RecordMap[T] {
  return res.ok ? res.records : ([]);
}

/** The default backend: a DnsClient without its own transcript (the session logs). */
export function clientBackend(client: DnsClient): QueryBackend {
  return client.withTranscript(undefined);
}
