/**
 * @module test/helpers/fake-dns
 * A zone-backed fake DNS backend for unit tests (the mailauth test pattern): names map to
 * records by type; a missing name is NXDOMAIN unless a longer name ends with it (an empty
 * non-terminal, NODATA as RFC 8020 says), a present name without the type is NODATA, and
 * `failures` turn chosen queries into SERVFAIL/TIMEOUT/REFUSED. Every query is recorded.
 */
import type { DnsErrorCode, DnsRecordType, DnsResult, RecordMap } from '../../src/dns/client.js';
import type { QueryBackend } from '../../src/dns/session.js';

export type FakeZone = Record<string, Partial<{ [T in DnsRecordType]: RecordMap[T] }>>;

export class FakeDns implements QueryBackend {
  readonly calls: string[] = [];
  readonly server = { host: '127.0.0.1', port: 5353 };

  constructor(
    readonly zone: FakeZone,
    /** "name TYPE" -> failure code */
    readonly failures: Record<string, DnsErrorCode> = {},
  ) {}

  async query<T extends DnsRecordType>(rawName: string, type: T): Promise<DnsResult<T>> {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    this.calls.push(`${name} ${type}`);
    await Promise.resolve();
    const fail = this.failures[`${name} ${type}`] ?? this.failures[`${name} *`];
    if (fail) return { ok: false, name, type, code: fail, message: `fake ${fail}`, ms: 0 };
    const node = this.zone[name];
    if (!node) {
      const ent = Object.keys(this.zone).some((k) => k.endsWith(`.${name}`));
      const code = ent ? 'NODATA' : 'NXDOMAIN';
      return { ok: false, name, type, code, message: code, ms: 0 };
    }
    const records = node[type];
    if (!records || records.length === 0) return { ok: false, name, type, code: 'NODATA', message: 'NODATA', ms: 0 };
    return { ok: true, name, type, records: records, ms: 0 };
  }

  /** How many times a query was asked. */
  count(name: string, type: DnsRecordType): number {
    return this.calls.filter((c) => c === `${name} ${type}`).length;
  }
}
