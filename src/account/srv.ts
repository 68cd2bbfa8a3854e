/**
 * @module account/srv
 * RFC 6186 / RFC 8314 service records: `_submissions._tcp`, `_submission._tcp`,
 * `_imaps._tcp`, `_imap._tcp`, `_pop3s._tcp`, `_pop3._tcp`. Records are ordered by
 * priority (lowest first) and, within a priority, by weight (highest first), which is the
 * deterministic reading of RFC 2782's weighted choice. A single record with target "."
 * means the service is deliberately not offered.
 */
import type { DnsClient, SrvRecord } from '../dns/client.js';
import { SRV_SERVICES, normHost, type ServerSetting, type SourceResult } from './types.js';

/** Sorts SRV records: priority ascending, then weight descending, then name (stable). */
export function orderSrv<T extends Pick<SrvRecord, 'priority' | 'weight' | 'name'>>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.name.localeCompare(b.name));
}

/** True when the record set says "service not offered" (one record, target "."). */
export function isNotOffered(records: readonly Pick<SrvRecord, 'name'>[]): boolean {
  return records.length > 0 && records.every((r) => r.name === '' || r.name === '.');
}

/** Looks up every mail SRV service of the domain, in parallel; one SourceResult per service. */
export async function discoverSrv(domain: string, dns: DnsClient): Promise<SourceResult[]> {
  return Promise.all(
    SRV_SERVICES.map(async (svc): Promise<SourceResult> => {
      const name = `${svc.service}.${domain}`;
      const origin = `SRV ${name}`;
      const res = await dns.query(name, 'SRV');
      if (!res.ok) {
        const absent = res.code === 'NXDOMAIN' || res.code === 'NODATA';
        return { source: 'srv', origin, status: absent ? 'absent' : 'unreachable', detail: res.code, servers: [], ms: res.ms };
      }
      if (res.records.length === 0) return { source: 'srv', origin, status: 'absent', detail: 'no records', servers: [], ms: res.ms };
      if (isNotOffered(res.records)) return { source: 'srv', origin, status: 'not-offered', detail: 'target "."', servers: [], ms: res.ms };
      const servers: ServerSetting[] = orderSrv(res.records.filter((r) => r.name && r.name !== '.' && r.port > 0)).map((r) => ({
        protocol: svc.protocol,
        host: normHost(r.name),
        port: r.port,
        security: svc.security,
        source: 'srv',
        origin,
        guess: false,
        priority: r.priority,
        weight: r.weight,
      }));
      return { source: 'srv', origin, status: servers.length ? 'found' : 'invalid', servers, ms: res.ms };
    }),
  );
}
