/**
 * @module account/probes
 * The thin adapter between the account check and the protocol probes (probeImap, probePop3,
 * probeSmtp). It turns a discovered setting into probe options, runs the probe on the shared
 * transcript, and keeps the probe's report without its transcript copy (the account report
 * holds the one transcript; `transcriptSeq` says which part belongs to the probe). The real
 * probes are bound in default-probes.ts, loaded only when no probes are injected.
 */
import type { Report } from '../core/report.js';
import type { Transcript } from '../core/transcript.js';
import type { DnsClient } from '../dns/client.js';
import type { CommonProbeOptions, Security } from '../probes/common/types.js';
import type { MailProtocol, ServerSecurity } from './types.js';

export type AnyReport = Report<Record<string, unknown>>;
export type ProbeFn = (opts: CommonProbeOptions & { mode?: 'submission'; from?: string | undefined }) => Promise<AnyReport>;
export type ProbeSet = Record<MailProtocol, ProbeFn>;

export interface ProbeTarget {
  protocol: MailProtocol;
  host: string;
  port: number | null;
  security: ServerSecurity;
  user?: string | undefined;
  /** the address, used as MAIL FROM for SMTP */
  address: string;
}

export interface ProbeRunOptions {
  password?: string | undefined;
  authType?: string | undefined;
  allowPlaintextAuth?: boolean | undefined;
  timeoutMs: number;
  ca?: string | undefined;
  dns: DnsClient;
  transcript: Transcript;
  probes: ProbeSet;
}

export interface ProbeRun {
  report: AnyReport | null;
  /** transcript range the probe wrote */
  transcriptSeq: [number, number] | null;
  /** set when the probe itself crashed (a bug): the message */
  crashed?: string;
}

const STANDARD_SECURITY: Record<MailProtocol, Record<number, Exclude<Security, 'auto'>>> = {
  imap: { 993: 'tls', 143: 'starttls' },
  pop3: { 995: 'tls', 110: 'starttls' },
  smtp: { 465: 'tls', 587: 'starttls', 25: 'starttls' },
};

/** Security for a client-entered HOST[:PORT]: from the standard port, else auto. */
export function securityForPort(protocol: MailProtocol, port: number | null | undefined): ServerSecurity {
  if (!port) return 'auto';
  return STANDARD_SECURITY[protocol][port] ?? 'auto';
}

/** Runs one probe on the shared transcript. Never throws. */
export async function runProbe(target: ProbeTarget, o: ProbeRunOptions): Promise<ProbeRun> {
  const t = o.transcript;
  const from = t.lastSeq + 1;
  const opts: CommonProbeOptions & { from?: string } = {
    host: target.host,
    port: target.port ?? undefined,
    security: target.security,
    timeoutMs: o.timeoutMs,
    ca: o.ca,
    dns: o.dns,
    transcript: t,
  };
  // without a password the probe tests connection and TLS only
  if (o.password !== undefined && target.user) {
    opts.user = target.user;
    opts.password = o.password;
    if (o.authType) opts.authType = o.authType;
  }
  if (o.allowPlaintextAuth) opts.allowPlaintextAuth = true;
  // MAIL FROM only when logged in: a submission server refuses it before AUTH
  if (target.protocol === 'smtp' && opts.password !== undefined) opts.from = target.address;
  try {
    const report = await o.probes[target.protocol](opts);
    const to = t.lastSeq;
    return { report: { ...report, transcript: [] }, transcriptSeq: to >= from ? [from, to] : null };
  } catch (e) {
    // bad input (e.g. a line break in the password) is the user's to fix: exit 2
    if (e instanceof Error && (e.name === 'UsageError' || e.name === 'InputError')) throw e;
    const to = t.lastSeq;
    t.add('note', `the ${target.protocol} probe failed unexpectedly: ${(e as Error)?.message ?? String(e)}`);
    return { report: null, transcriptSeq: to >= from ? [from, to] : null, crashed: (e as Error)?.message ?? String(e) };
  }
}
