/**
 * @module account/srv-check
 * Checks that every host an SRV record names resolves and accepts TCP connections on the
 * published port (a connect, nothing sent), so a record pointing at a dead or renamed host
 * is reported even when that service is not the one probed in depth.
 */
import { createFinding, type Finding } from '../core/finding.js';
import type { Transcript } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';
import { connectTcp } from '../net/connect.js';
import { normHost, type SourceResult } from './types.js';

const MAX_CHECKS = 8;

export interface SrvReachability {
  host: string;
  port: number;
  record: string;
  ok: boolean;
  detail: string;
}

export async function checkSrvTargets(
  sources: readonly SourceResult[],
  o: { dns: DnsClient; transcript: Transcript; timeoutMs: number },
): Promise<{ results: SrvReachability[]; findings: Finding[] }> {
  const targets = new Map<string, { host: string; port: number; record: string }>();
  for (const s of sources) {
    if (s.source !== 'srv' || s.status !== 'found') continue;
    for (const srv of s.servers) {
      const key = `${normHost(srv.host)}:${srv.port}`;
      if (!targets.has(key) && srv.port !== null) targets.set(key, { host: normHost(srv.host), port: srv.port, record: s.origin.replace(/^SRV /, '') });
    }
  }
  const list = [...targets.values()].slice(0, MAX_CHECKS);
  const results = await Promise.all(
    list.map(async ({ host, port, record }): Promise<SrvReachability> => {
      const view = o.transcript.view(`SRV target ${host}:${port}`);
      const addr = await o.dns.withTranscript(view).addresses(host);
      if (!addr.ok) return { host, port, record, ok: false, detail: `the name does not resolve (${addr.code})` };
      let last = 'no address';
      for (const a of addr.addresses.slice(0, 4)) {
        const c = await connectTcp(a, port, o.timeoutMs, view);
        if (c.ok) {
          c.socket.destroy();
          return { host, port, record, ok: true, detail: `accepts connections on ${a}` };
        }
        last = c.failure.detail;
      }
      return { host, port, record, ok: false, detail: last };
    }),
  );
  const findings = results
    .filter((r) => !r.ok)
    .map((r) =>
      createFinding('srv-host-unreachable', {
        stage: 'discovery',
        slots: { record: r.record, host: r.host, port: r.port, detail: r.detail },
        evidence: [{ kind: 'dns', excerpt: `${r.record} SRV -> ${r.host}:${r.port}: ${r.detail}`, source: r.record }],
      }),
    );
  return { results, findings };
}
