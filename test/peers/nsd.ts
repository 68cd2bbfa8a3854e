/**
 * @module test/peers/nsd
 * A private, authoritative-only NSD instance on 127.0.0.1 (UDP + TCP, one free port) serving
 * the zones a test hands it. Each instance has its own directory (config, zone files, pid,
 * log, control socket) under the OS temp dir, so instances never share anything.
 *
 * @example
 * const dns = await startNsd({
 *   'test.example': zone('test.example', ['@ MX 10 mail', 'mail A 127.0.0.1',
 *     `sel._domainkey TXT ${txt('v=DKIM1; k=rsa; p=' + key)}`]),
 *   'zen.test': zone('zen.test', ['2.0.0.127 A 127.0.0.2', '2.0.0.127 TXT "listed"']),
 * });
 * const r = new Resolver({ timeout: 500, tries: 1 }); r.setServers([dns.server]);
 * await dns.stop();
 */
import { execFile } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import {
  killAndRemoveSync,
  makePeerDir,
  onProcessExit,
  processTree,
  sleep,
  spawnDaemon,
  stopDaemon,
  tail,
} from './proc.js';

const run = promisify(execFile);

export const NSD_BINARY = '/usr/sbin/nsd';
const NSD_CONTROL = '/usr/sbin/nsd-control';
const NSD_CHECKZONE = '/usr/sbin/nsd-checkzone';

/** Zones keyed by origin ('test.example', '0.0.127.in-addr.arpa'), value = zone file text. */
export type Zones = Record<string, string>;

export interface NsdPeer {
  host: '127.0.0.1';
  port: number;
  /** 'host:port', ready for `Resolver.setServers([peer.server])`. */
  server: string;
  /** Private directory (config, zones, log); removed by stop(). */
  dir: string;
  /** Current log text (nsd verbosity 2). */
  log(): string;
  /** Live pids of the nsd process tree (empty after stop()). */
  pids(): number[];
  /** Replaces the served zone set (added, changed and removed zones); resolves once served. */
  reload(zones: Zones): Promise<void>;
  stop(): Promise<void>;
}

export interface StartNsdOptions {
  /** Overall startup deadline in ms (default 10000). */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Zone text helpers

let serialCounter = Math.floor(Date.now() / 1000);

export interface ZoneOptions {
  /** Default TTL ($TTL), default 300. */
  ttl?: number;
  /** SOA serial; default is a per-process increasing counter (so reload() sees a new serial). */
  serial?: number;
  /** Negative-caching TTL (SOA minimum), default 60. */
  negativeTtl?: number;
  /**
   * NS host name (absolute, with trailing dot, or relative to the origin). Default `ns1`,
   * for which `ns1 A 127.0.0.1` is added unless the records already define `ns1`.
   */
  ns?: string;
}

function normOrigin(origin: string): string {
  const o = origin.trim().toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(o)) throw new Error(`invalid zone origin: ${origin}`);
  return o;
}

/**
 * Builds zone file text: `$ORIGIN`, `$TTL`, SOA and NS boilerplate followed by `records`,
 * one RR per entry in master-file syntax relative to the origin (e.g. `'@ MX 10 mail'`,
 * `'mail A 127.0.0.1'`, `'_imaps._tcp SRV 0 1 993 mail'`).
 */
export function zone(origin: string, records: string[], opts: ZoneOptions = {}): string {
  const o = normOrigin(origin);
  const ttl = opts.ttl ?? 300;
  const serial = opts.serial ?? ++serialCounter;
  const neg = opts.negativeTtl ?? 60;
  const ns = opts.ns ?? 'ns1';
  const lines = [
    `$ORIGIN ${o}.`,
    `$TTL ${ttl}`,
    `@ IN SOA ns1.${o}. hostmaster.${o}. ${serial} 3600 600 86400 ${neg}`,
    `@ IN NS ${ns}`,
  ];
  const definesNs1 = records.some((r) => /^ns1(\s|\.?$)/i.test(r) || r.toLowerCase().startsWith(`ns1.${o}.`));
  if (ns === 'ns1' && !definesNs1) lines.push('ns1 IN A 127.0.0.1');
  for (const r of records) lines.push(r);
  return lines.join('\n') + '\n';
}

function quoteChunk(bytes: Buffer): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) s += '\\' + String(b).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  return s + '"';
}

/**
 * TXT rdata for any length: the UTF-8 value split into 255-byte character-strings, each
 * quoted and escaped (`"..." "..."`). Resolvers join them back (node returns the chunks,
 * `.join('')` gives the value). An empty value gives `""`.
 */
export function txt(value: string): string {
  const buf = Buffer.from(value, 'utf8');
  if (buf.length === 0) return '""';
  const parts: string[] = [];
  for (let i = 0; i < buf.length; i += 255) parts.push(quoteChunk(buf.subarray(i, i + 255)));
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Server

function zoneFileName(origin: string): string {
  return `${origin}.zone`;
}

function soaSerial(text: string): number | undefined {
  const m = /\bSOA\s+\S+\s+\S+\s*\(?\s*(\d+)/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

function config(dir: string, port: number, origins: string[]): string {
  const q = (p: string): string => JSON.stringify(p);
  const lines = [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    `  port: ${port}`,
    '  do-ip4: yes',
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: ${q(dir)}`,
    `  pidfile: ${q(join(dir, 'nsd.pid'))}`,
    '  database: ""',
    `  zonelistfile: ${q(join(dir, 'zone.list'))}`,
    `  xfrdfile: ${q(join(dir, 'xfrd.state'))}`,
    `  xfrdir: ${q(dir)}`,
    `  logfile: ${q(join(dir, 'nsd.log'))}`,
    `  cookie-secret-file: ${q(join(dir, 'cookiesecrets.txt'))}`,
    '  verbosity: 2',
    '  server-count: 1',
    '  hide-version: yes',
    '  hide-identity: yes',
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    '  zonefiles-check: yes',
    'remote-control:',
    '  control-enable: yes',
    `  control-interface: ${q(join(dir, 'nsd.ctl'))}`,
  ];
  for (const o of origins) lines.push('zone:', `  name: ${q(o)}`, `  zonefile: ${q(zoneFileName(o))}`);
  return lines.join('\n') + '\n';
}

async function checkZone(dir: string, origin: string): Promise<void> {
  try {
    await run(NSD_CHECKZONE, [origin, join(dir, zoneFileName(origin))], { timeout: 5000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`nsd: zone ${origin} does not parse:\n${err.stderr || err.stdout || err.message}`, { cause: e });
  }
}

async function writeZones(dir: string, zones: Zones, previous: Map<string, string>): Promise<Map<string, string>> {
  const next = new Map<string, string>();
  for (const [origin, text] of Object.entries(zones)) next.set(normOrigin(origin), text);
  for (const [o, text] of next) {
    if (previous.get(o) !== text) {
      await writeFile(join(dir, zoneFileName(o)), text);
      await checkZone(dir, o);
    }
  }
  return next;
}

/** Polls until nsd answers (any DNS reply) or, with `expect`, until each zone's SOA has the serial. */
async function waitServing(
  server: string,
  expect: Map<string, number | undefined>,
  deadline: number,
  alive: () => boolean,
  what: () => string,
): Promise<void> {
  const r = new Resolver({ timeout: 200, tries: 1 });
  r.setServers([server]);
  const pending = new Map(expect);
  let answered = false;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`nsd exited during startup\n${what()}`);
    if (pending.size === 0) {
      try {
        await r.resolveSoa('.');
        return;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== 'ECONNREFUSED' && code !== 'ETIMEOUT' && code !== 'ECANCELLED') return; // it replied
      }
    }
    for (const [origin, serial] of [...pending]) {
      try {
        const soa = await r.resolveSoa(origin);
        answered = true;
        if (serial === undefined || soa.serial === serial) pending.delete(origin);
      } catch {
        /* not yet */
      }
    }
    if (pending.size === 0 && expect.size > 0) return;
    await sleep(answered ? 20 : 10);
  }
  throw new Error(`nsd did not serve ${[...pending.keys()].join(', ') || 'queries'} in time on ${server}\n${what()}`);
}

/**
 * Starts NSD on 127.0.0.1:<free port> serving `zones`. Resolves once every zone answers its
 * SOA query. Errors carry the nsd log. Stop with `peer.stop()` (also done at process exit).
 */
export async function startNsd(zones: Zones = {}, opts: StartNsdOptions = {}): Promise<NsdPeer> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const dir = await makePeerDir('nsd', 'nsd.pid');
  try {
    let current = await writeZones(dir, zones, new Map());
    const confFile = join(dir, 'nsd.conf');
    const logFile = join(dir, 'nsd.log');
    const what = (): string => `--- ${logFile}\n${tail(logFile)}`;

    // A port free on TCP may (rarely) be taken on UDP: retry with another one.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      await writeFile(confFile, config(dir, port, [...current.keys()]));
      const outFd = openSync(join(dir, 'nsd.stderr'), 'a');
      const child = spawnDaemon(NSD_BINARY, ['-d', '-c', confFile], { fd: outFd });
      closeSync(outFd);
      const unregister = onProcessExit(() => killAndRemoveSync(child.pid, dir, confFile));
      const alive = (): boolean => child.exitCode === null && child.signalCode === null;
      const server = `127.0.0.1:${port}`;
      const serials = new Map([...current].map(([o, t]) => [o, soaSerial(t)] as const));
      try {
        await waitServing(server, serials, deadline, alive, () => `${what()}\n${tail(join(dir, 'nsd.stderr'))}`);
      } catch (e) {
        await stopDaemon(child, { marker: confFile, graceMs: 1000 });
        unregister();
        const log = tail(logFile);
        if (attempt < 2 && /can't bind|address already in use/i.test(log) && Date.now() < deadline) continue;
        throw e;
      }

      let stopped = false;
      const control = async (...args: string[]): Promise<string> => {
        const { stdout } = await run(NSD_CONTROL, ['-c', confFile, ...args], { timeout: 5000 });
        return stdout;
      };
      const peer: NsdPeer = {
        host: '127.0.0.1',
        port,
        server,
        dir,
        log: () => tail(logFile, 1 << 20),
        pids: () => processTree(child.pid),
        async reload(next: Zones): Promise<void> {
          if (stopped) throw new Error('nsd peer is stopped');
          const before = current;
          current = await writeZones(dir, next, before);
          for (const o of before.keys()) if (!current.has(o)) await rm(join(dir, zoneFileName(o)), { force: true });
          await writeFile(confFile, config(dir, port, [...current.keys()]));
          await control('reconfig');
          await control('reload');
          const changed = new Map<string, number | undefined>();
          for (const [o, t] of current) if (before.get(o) !== t) changed.set(o, soaSerial(t));
          await waitServing(server, changed, Date.now() + 10_000, alive, what);
          // Removed zones: wait until they are no longer served authoritatively.
          const r = new Resolver({ timeout: 200, tries: 1 });
          r.setServers([server]);
          for (const o of before.keys()) {
            if (current.has(o)) continue;
            const end = Date.now() + 5000;
            while (Date.now() < end) {
              try {
                await r.resolveSoa(o);
                await sleep(20);
              } catch {
                break;
              }
            }
          }
        },
        async stop(): Promise<void> {
          if (stopped) return;
          stopped = true;
          await stopDaemon(child, { marker: confFile });
          unregister();
          await rm(dir, { recursive: true, force: true });
        },
      };
      return peer;
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

