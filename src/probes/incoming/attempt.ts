/**
 * @module probes/incoming/attempt
 * The start every IMAP and POP3 attempt shares: connect (implicit TLS or not), record the
 * address and TLS facts, judge the certificate, and keep the progress points that let
 * discovery pick the attempt that got furthest.
 */
import type { Finding } from '../../core/finding.js';
import type { Stage } from '../../core/stage.js';
import type { Transcript, TranscriptView } from '../../core/transcript.js';
import type { DnsClient } from '../../dns/client.js';
import { openConnection, upgradeLineSocket } from '../../net/connect.js';
import type { LineSocket } from '../../net/line-socket.js';
import type { TlsFacts } from '../../net/tls-facts.js';
import { identifyBanner, probeSilentPort, serviceLabel } from '../common/identify.js';
import type { CommonProbeOptions } from '../common/types.js';
import type { AttemptOutcome, PlannedAttempt } from './discover.js';
import { transcriptEvidence } from './evidence.js';
import { certificateFindings, finding, openFailureFinding, starttlsInjectionFinding, type StepContext } from './tls.js';

export interface AttemptInput<O extends CommonProbeOptions> {
  plan: PlannedAttempt;
  opts: O;
  transcript: Transcript;
  dns: DnsClient;
  /** label findings with the attempt (discovery tries several settings) */
  labelled: boolean;
}

export interface StartedAttempt<F, P extends string> {
  out: AttemptOutcome<F>;
  ctx: StepContext;
  view: TranscriptView;
  /** marks a stage as reached (progress for the discovery verdict) */
  reach: (stage: P) => void;
  /** TLS options for STARTTLS/STLS */
  tlsOpts: { verifyName: string; servername: string | undefined; ca: string | undefined };
  /** the open socket; absent when the connection failed (out holds the finding) */
  ls?: LineSocket;
  /** the certificate failed: no credentials may be sent */
  certBlocked: boolean;
}

/** Opens the attempt's connection; on failure `ls` is absent and `out` carries the finding. */
export async function startAttempt<O extends CommonProbeOptions, F extends { address: string | null; tls: TlsFacts | null }, P extends string>(
  input: AttemptInput<O>,
  facts: F,
  progress: Readonly<Record<P | 'connect' | 'tls', number>>,
): Promise<StartedAttempt<F, P | 'connect' | 'tls'>> {
  const { plan, opts, transcript } = input;
  const host = opts.host;
  const port = plan.port;
  const ctx: StepContext = { host, port, transcript, attempt: input.labelled ? plan.label : undefined, timeoutMs: opts.timeoutMs };
  const view = transcript.view(`${host}:${port} ${plan.security}`);
  const out: AttemptOutcome<F> = { plan, findings: [], facts, progress: 0, stage: 'resolve', transportOk: false };
  const reach = (stage: P | 'connect' | 'tls') => {
    out.stage = stage as Stage;
    out.progress = progress[stage];
  };
  const tlsOpts = { verifyName: opts.tlsName ?? host, servername: opts.tlsName, ca: opts.ca };
  const started: StartedAttempt<F, P | 'connect' | 'tls'> = { out, ctx, view, reach, tlsOpts, certBlocked: false };

  const openFrom = transcript.lastSeq + 1;
  const open = await openConnection({ host, port, implicitTls: plan.security === 'tls', tlsLater: plan.security === 'starttls', tls: tlsOpts, timeoutMs: opts.timeoutMs, dns: input.dns, transcript: view });
  if (!open.ok) {
    out.stage = open.stage;
    out.progress = open.stage === 'resolve' ? 0 : open.stage === 'connect' ? 1 : 2;
    if (open.tls) facts.tls = open.tls;
    out.findings.push(openFailureFinding(ctx, open, openFrom));
    return started;
  }
  facts.address = open.address;
  reach('connect');
  started.ls = open.socket;
  if (open.tls) {
    facts.tls = open.tls;
    reach('tls');
    const c = certificateFindings(ctx, open.tls, 'tls', transcript.lastSeq);
    out.findings.push(...c.findings);
    started.certBlocked = c.blocking;
  }
  return started;
}

/**
 * The TLS handshake after a STARTTLS/STLS reply: records the TLS facts, reports bytes the
 * server injected before TLS, a failed handshake (returns false) or certificate problems.
 */
export async function upgradeAttempt<F extends { tls: TlsFacts | null }, P extends string>(
  started: StartedAttempt<F, P>,
  ls: LineSocket,
  command: 'STARTTLS' | 'STLS',
): Promise<boolean> {
  const { out, ctx, tlsOpts } = started;
  const { transcript, host, port } = ctx;
  const facts = out.facts;
  const tlsFrom = transcript.lastSeq + 1;
  const up = await upgradeLineSocket(ls, tlsOpts, ctx.timeoutMs);
  if (up.tls) facts.tls = up.tls;
  if (up.leftover?.length) out.findings.push(starttlsInjectionFinding(ctx, up.leftover, command, tlsFrom));
  if (!up.ok) {
    out.stage = 'tls';
    out.findings.push(
      finding(ctx, up.failure.cause, {
        stage: 'tls',
        summary: `TLS handshake after ${command} failed: ${up.failure.detail}`,
        slots: { host, port, detail: up.failure.detail },
        evidence: [transcriptEvidence(transcript, tlsFrom, transcript.lastSeq)],
      }),
    );
    return false;
  }
  const c = certificateFindings(ctx, up.tls, 'tls', transcript.lastSeq);
  out.findings.push(...c.findings);
  started.certBlocked = c.blocking;
  return true;
}

/** A greeting that could not be read: nothing in time, a hang-up, another service, or garbage. */
export interface GreetingReadFailure {
  reason: 'timeout' | 'partial' | 'closed' | 'too-long' | 'garbage';
  detail: string;
  partial: string;
}

/** What differs between IMAP and POP3 when a greeting fails. */
export interface GreetingProtocol {
  service: 'imap' | 'pop3';
  /** "IMAP", "POP3" */
  name: string;
  notCause: 'not-imap' | 'not-pop3';
  /** a harmless first command, sent to a silent port to see who answers */
  probeCommand: string;
}

/**
 * Explains a failed greeting. A silent port (not implicit TLS) is probed further: a TLS hello
 * tells an implicit-TLS port, a command tells another service, nothing at all a dead or
 * tarpitting server.
 */
export async function greetingFailure(
  ctx: StepContext,
  f: GreetingReadFailure,
  ls: LineSocket,
  address: string,
  implicitTls: boolean,
  tlsName: string | undefined,
  from: number,
  proto: GreetingProtocol,
): Promise<Finding> {
  const t = ctx.transcript;
  const where = `${ctx.host}:${ctx.port}`;
  const evidence = () => [transcriptEvidence(t, from, t.lastSeq)];
  if (f.reason === 'timeout') {
    if (!implicitTls) {
      ls.destroy();
      const v = await probeSilentPort({ address, port: ctx.port, timeoutMs: ctx.timeoutMs, transcript: ls.transcript, command: proto.probeCommand, servername: tlsName });
      if (v.kind === 'implicit-tls') {
        return finding(ctx, 'implicit-tls-expected', { stage: 'greeting', summary: `${where} sent no greeting but answers a TLS handshake: it expects implicit TLS`, slots: { host: ctx.host, port: ctx.port }, evidence: evidence() });
      }
      if (v.kind === 'service' && v.service && v.service !== 'unknown' && v.service !== proto.service) {
        return finding(ctx, proto.notCause, { stage: 'greeting', summary: `${where} sent no ${proto.name} greeting; it answered like ${serviceLabel(v.service)}: ${v.sample ?? ''}`, slots: { host: ctx.host, port: ctx.port, service: serviceLabel(v.service) }, evidence: evidence() });
      }
    }
    return finding(ctx, 'greeting-timeout', { stage: 'greeting', summary: `${where} accepted the connection but sent no greeting within ${ctx.timeoutMs} ms`, slots: { host: ctx.host, port: ctx.port, timeout: `${ctx.timeoutMs} ms` }, evidence: evidence() });
  }
  if (f.reason === 'closed') {
    return finding(ctx, 'connection-lost', { stage: 'greeting', summary: `${where} closed the connection before greeting`, slots: { host: ctx.host, stage: 'greeting' }, evidence: evidence() });
  }
  const service = identifyBanner(f.partial);
  if (service !== proto.service && service !== 'unknown') {
    return finding(ctx, proto.notCause, { stage: 'greeting', summary: `the server greeted like ${serviceLabel(service)}: ${f.partial.slice(0, 120)}`, slots: { host: ctx.host, port: ctx.port, service: serviceLabel(service) }, evidence: evidence() });
  }
  return finding(ctx, 'protocol-error', { stage: 'greeting', summary: `${f.detail} at the greeting`, slots: { stage: 'greeting', detail: f.detail }, evidence: evidence() });
}
