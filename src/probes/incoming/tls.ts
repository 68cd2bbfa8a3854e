/**
 * @module probes/incoming/tls
 * Findings for the connection and TLS steps shared by the IMAP and POP3 probes: a failed
 * resolve/connect/handshake as its catalog cause, and certificate problems from
 * assessCertificate. A certificate that fails verification stops the probe before login:
 * a client must not send a password to a server it cannot authenticate.
 */
import { createFinding, type Finding } from '../../core/finding.js';
import type { Stage } from '../../core/stage.js';
import type { Transcript } from '../../core/transcript.js';
import type { OpenResult } from '../../net/connect.js';
import { assessCertificate, certProblemBlocks, describeTls, type TlsFacts } from '../../net/tls-facts.js';
import { transcriptEvidence, textEvidence } from './evidence.js';

export interface StepContext {
  host: string;
  port: number;
  transcript: Transcript;
  /** attempt label ("993 tls") when several settings are tried */
  attempt?: string | undefined;
  timeoutMs: number;
}

/** Adds the attempt label when there is one. */
export function finding(ctx: StepContext, cause: string, init: Parameters<typeof createFinding>[1]): Finding {
  return createFinding(cause, ctx.attempt ? { ...init, attempt: ctx.attempt } : init);
}

/** The finding for a failed openConnection (resolve, connect or implicit-TLS handshake). */
export function openFailureFinding(ctx: StepContext, r: Extract<OpenResult, { ok: false }>, fromSeq: number): Finding {
  const stage: Stage = r.stage;
  return finding(ctx, r.failure.cause, {
    stage,
    summary: `${stageLabel(stage)} ${ctx.host}:${ctx.port} failed: ${r.failure.detail}`,
    slots: { host: ctx.host, port: ctx.port, address: r.address, detail: r.failure.detail, name: ctx.host, timeout: `${ctx.timeoutMs} ms` },
    evidence: [transcriptEvidence(ctx.transcript, fromSeq, ctx.transcript.lastSeq)],
  });
}

function stageLabel(stage: Stage): string {
  if (stage === 'resolve') return 'resolving';
  if (stage === 'tls') return 'TLS handshake with';
  return 'connecting to';
}

/** Certificate findings; `blocking` is true when login must not happen (anything but an expiry warning). */
export function certificateFindings(ctx: StepContext, facts: TlsFacts, stage: Stage, seq: number): { findings: Finding[]; blocking: boolean } {
  const problems = assessCertificate(facts, { host: ctx.host });
  const findings = problems.map((p) =>
    finding(ctx, p.cause, {
      stage,
      summary: `${p.detail} (certificate of ${ctx.host}:${ctx.port})`,
      slots: { ...p.slots, port: ctx.port, detail: p.detail },
      evidence: [textEvidence('tls', describeTls(facts), [seq, seq])],
    }),
  );
  return { findings, blocking: problems.some(certProblemBlocks) };
}

/** Bytes the server sent after accepting STARTTLS/STLS and before the handshake (discarded). */
export function starttlsInjectionFinding(ctx: StepContext, leftover: Buffer, command: string, seq: number): Finding {
  const sample = JSON.stringify(leftover.subarray(0, 80).toString('latin1'));
  return finding(ctx, 'starttls-injection', {
    stage: 'starttls',
    summary: `${leftover.length} bytes arrived after the ${command} reply and before TLS: ${sample}`,
    slots: { host: ctx.host, bytes: leftover.length },
    evidence: [transcriptEvidence(ctx.transcript, Math.max(1, seq - 1), seq), textEvidence('transcript', `discarded: ${sample}`)],
  });
}
