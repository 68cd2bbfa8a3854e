/**
 * @module net/connect
 * Opens a connection the way a mail client does: resolve the name (system resolver, or
 * --dns), try each address in turn with a connect timeout, optionally start TLS at once
 * (implicit TLS) or later (STARTTLS), and report every failure as a cause id with evidence
 * instead of throwing.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { nodeTls, preloadTls } from './tls-module.js';
import type { TranscriptView } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';
import { ipVersion } from './ip.js';
import { classifyConnectError, classifyTlsError, type NetFailure } from './errors.js';
import { LineSocket } from './line-socket.js';
import { collectTlsFacts, describeTls, sniFor, type TlsFacts } from './tls-facts.js';
import { monotonicMs } from '../core/clock.js';

export interface TlsClientOptions {
  /** name to verify the certificate against (default: the host connected to) */
  verifyName?: string | undefined;
  /** SNI to send (default: verifyName unless it is an IP address) */
  servername?: string | undefined;
  /** extra CA certificates (PEM) trusted in addition to the system's */
  ca?: string | undefined;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
}

export interface OpenOptions {
  host: string;
  port: number;
  /** start TLS immediately (ports 465, 993, 995) */
  implicitTls: boolean;
  /** TLS will probably follow the plain-text greeting (STARTTLS, STLS): load node:tls meanwhile */
  tlsLater?: boolean;
  tls?: TlsClientOptions;
  timeoutMs: number;
  dns: DnsClient;
  transcript: TranscriptView;
}

export type OpenResult =
  | { ok: true; socket: LineSocket; address: string; tls: TlsFacts | null }
  | { ok: false; stage: 'resolve' | 'connect' | 'tls'; failure: NetFailure; address?: string; tls?: TlsFacts };

const FAILURE_RANK: Record<string, number> = {
  'connection-refused': 4,
  'connection-timeout': 3,
  'connection-lost': 2,
  'network-unreachable': 1,
};

/** Resolves `host` (or uses it as an address) and connects to the first address that answers. */
export async function openConnection(opts: OpenOptions): Promise<OpenResult> {
  const t = opts.transcript;
  let addresses: string[];
  if (ipVersion(opts.host)) addresses = [opts.host];
  else {
    const r = await opts.dns.withTranscript(t).addresses(opts.host);
    if (!r.ok) {
      const cause = r.code === 'NXDOMAIN' || r.code === 'NODATA' ? 'dns-no-such-host' : 'dns-failure';
      return { ok: false, stage: 'resolve', failure: { cause, detail: `${r.code}: ${r.message}`, code: r.code } };
    }
    addresses = r.addresses;
  }
  if (opts.implicitTls || opts.tlsLater) preloadTls();
  let best: { failure: NetFailure; address: string } | null = null;
  for (const address of addresses.slice(0, 8)) {
    const c = await connectTcp(address, opts.port, opts.timeoutMs, t);
    if (c.ok) {
      if (!opts.implicitTls) return { ok: true, socket: new LineSocket(c.socket, t), address, tls: null };
      const up = await startTls(c.socket, { ...opts.tls, verifyName: opts.tls?.verifyName ?? opts.host }, opts.timeoutMs, t);
      if (!up.ok) {
        const r: OpenResult = { ok: false, stage: 'tls', failure: up.failure, address };
        if (up.tls) r.tls = up.tls;
        return r;
      }
      return { ok: true, socket: new LineSocket(up.socket, t), address, tls: up.tls };
    }
    if (!best || (FAILURE_RANK[c.failure.cause] ?? 0) > (FAILURE_RANK[best.failure.cause] ?? 0)) best = { failure: c.failure, address };
  }
  if (!best) return { ok: false, stage: 'resolve', failure: { cause: 'dns-no-such-host', detail: `${opts.host} has no addresses` } };
  return { ok: false, stage: 'connect', failure: best.failure, address: best.address };
}

type TcpResult = { ok: true; socket: net.Socket } | { ok: false; failure: NetFailure };

export function connectTcp(address: string, port: number, timeoutMs: number, t: TranscriptView): Promise<TcpResult> {
  t.add('net', `connecting to ${ipVersion(address) === 6 ? `[${address}]` : address}:${port}`);
  return new Promise((resolve) => {
    const started = monotonicMs();
    const socket = net.connect({ host: address, port, noDelay: true });
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      socket.destroy();
      t.add('net', `no answer to the connection attempt within ${timeoutMs} ms`);
      resolve({ ok: false, failure: { cause: 'connection-timeout', detail: `no answer within ${timeoutMs} ms (packets dropped)`, code: 'ETIMEDOUT' } });
    }, timeoutMs);
    socket.once('connect', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      t.add('net', `connected to ${address}:${port} from ${socket.localAddress ?? '?'}:${socket.localPort ?? '?'} in ${Math.round(monotonicMs() - started)} ms`);
      resolve({ ok: true, socket });
    });
    socket.once('error', (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const failure = classifyConnectError(err);
      t.add('net', `connection failed: ${failure.detail}`);
      resolve({ ok: false, failure });
    });
  });
}

/**
 * A context trusting the system's roots plus `ca` (--ca: "also trust"). Passing
 * `ca: [...tls.rootCertificates, pem]` re-parses ~140 PEM roots (20 ms per connection);
 * adding the PEM to the default context copies the already-parsed root store instead
 * (what NODE_EXTRA_CA_CERTS does). Falls back to the slow way if node's internals differ.
 */
const extraCaContexts = new Map<string, tls.SecureContext>();

/** One context per (CA, versions), shared by every connection that uses them (a domain check opens many). */
function contextWithExtraCa(ca: string, minVersion?: tls.SecureVersion, maxVersion?: tls.SecureVersion): tls.SecureContext {
  const key = `${minVersion ?? ''}|${maxVersion ?? ''}|${ca}`;
  let ctx = extraCaContexts.get(key);
  if (!ctx) {
    ctx = buildContextWithExtraCa(ca, minVersion, maxVersion);
    extraCaContexts.set(key, ctx);
  }
  return ctx;
}

function buildContextWithExtraCa(ca: string, minVersion?: tls.SecureVersion, maxVersion?: tls.SecureVersion): tls.SecureContext {
  const versions: tls.SecureContextOptions = {};
  if (minVersion) versions.minVersion = minVersion;
  if (maxVersion) versions.maxVersion = maxVersion;
  const tlsLib = nodeTls();
  const ctx = tlsLib.createSecureContext(versions);
  const native = (ctx as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert === 'function') {
    try {
      for (const pem of ca.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) native.addCACert(pem);
      return ctx;
    } catch {
      /* fall through */
    }
  }
  return tlsLib.createSecureContext({ ...versions, ca: [...tlsLib.rootCertificates, ca] });
}

/** Longest wait for a TLS 1.3 session ticket after the handshake (see startTls). */
const TICKET_WAIT_MS = 25;

export type TlsResult = { ok: true; socket: tls.TLSSocket; tls: TlsFacts } | { ok: false; failure: NetFailure; tls?: TlsFacts };

/**
 * Runs a TLS handshake over an open socket. Verification is deferred (the chain is kept and
 * judged by assessCertificate); SNI is sent for names, not for IP addresses.
 */
export function startTls(socket: net.Socket, o: TlsClientOptions & { verifyName: string }, timeoutMs: number, t: TranscriptView): Promise<TlsResult> {
  const servername = o.servername ?? sniFor(o.verifyName);
  t.add('tls', `starting TLS handshake${servername ? ` (SNI ${servername})` : ''}`);
  return new Promise((resolve) => {
    const options: tls.ConnectionOptions = {
      socket,
      rejectUnauthorized: false,
      // our own host-name check runs in collectTlsFacts; this one must not abort the handshake
      checkServerIdentity: () => undefined,
    };
    if (servername) options.servername = servername;
    if (o.ca) options.secureContext = contextWithExtraCa(o.ca, o.minVersion, o.maxVersion);
    else {
      if (o.minVersion) options.minVersion = o.minVersion;
      if (o.maxVersion) options.maxVersion = o.maxVersion;
    }
    const s = nodeTls().connect(options);
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      s.destroy();
      t.add('tls', `no TLS handshake answer within ${timeoutMs} ms`);
      resolve({ ok: false, failure: { cause: 'tls-handshake-failed', detail: `the server did not complete the TLS handshake within ${timeoutMs} ms`, code: 'ETIMEDOUT' } });
    }, timeoutMs);
    // TLS 1.3 servers send session tickets right after the handshake. A command written
    // before they arrive makes the server's reply wait for the ACK of the tickets (server
    // Nagle vs client delayed ACK: +40 ms per STARTTLS on Linux). So wait for the first
    // ticket, briefly (servers without tickets cost at most TICKET_WAIT_MS).
    let ticket = false;
    let onTicket: (() => void) | null = null;
    s.on('session', () => {
      ticket = true;
      onTicket?.();
    });
    s.once('secureConnect', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const facts = collectTlsFacts(s, o.verifyName, servername);
      t.add('tls', describeTls(facts));
      if (ticket || facts.protocol !== 'TLSv1.3') return resolve({ ok: true, socket: s, tls: facts });
      const go = () => {
        onTicket = null;
        clearTimeout(wait);
        resolve({ ok: true, socket: s, tls: facts });
      };
      const wait = setTimeout(go, TICKET_WAIT_MS);
      // resolve outside the ticket callback: a write issued from within it stalls in node's TLS layer
      onTicket = () => setImmediate(go);
    });
    s.once('error', (err: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const failure = classifyTlsError(err);
      t.add('tls', `TLS handshake failed: ${failure.detail}`);
      resolve({ ok: false, failure });
    });
    s.once('close', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      t.add('tls', 'connection closed during the TLS handshake');
      resolve({ ok: false, failure: { cause: 'tls-handshake-failed', detail: 'the server closed the connection during the TLS handshake' } });
    });
  });
}

/** STARTTLS on a LineSocket: detach, handshake, continue on the TLS socket. */
export async function upgradeLineSocket(ls: LineSocket, o: TlsClientOptions & { verifyName: string }, timeoutMs: number): Promise<TlsResult & { leftover?: Buffer }> {
  const { socket, leftover } = ls.detachForUpgrade();
  if (leftover.length) {
    ls.transcript.add('note', `the server sent ${leftover.length} bytes after its STARTTLS reply and before TLS; they were discarded (a STARTTLS injection flaw)`);
  }
  const r = await startTls(socket, o, timeoutMs, ls.transcript);
  if (r.ok) ls.adopt(r.socket);
  return leftover.length ? { ...r, leftover } : r;
}
