/**
 * @module probes/incoming/failures
 * Findings for a dialogue that broke (no reply, connection closed, garbage, huge or endless
 * replies) and for refusals, classified by the reply table, with a stage fallback.
 */
import type { Finding } from '../../core/finding.js';
import type { Stage } from '../../core/stage.js';
import { classifyReply, type MailProtocol } from './classify.js';
import { transcriptEvidence } from './evidence.js';
import { finding, type StepContext } from './tls.js';

export interface BrokenExchange {
  reason: 'timeout' | 'partial' | 'closed' | 'too-long' | 'garbage';
  detail: string;
}

/** reply-timeout, connection-lost or protocol-error for an exchange that broke. */
export function brokenExchangeFinding(ctx: StepContext, b: BrokenExchange, stage: Stage, command: string, fromSeq: number): Finding {
  const evidence = [transcriptEvidence(ctx.transcript, fromSeq, ctx.transcript.lastSeq)];
  if (b.reason === 'timeout') {
    return finding(ctx, 'reply-timeout', {
      stage,
      summary: `no reply to ${command} within ${ctx.timeoutMs} ms`,
      slots: { host: ctx.host, command, timeout: `${ctx.timeoutMs} ms` },
      evidence,
    });
  }
  if (b.reason === 'closed') {
    return finding(ctx, 'connection-lost', { stage, summary: `the server closed the connection after ${command}`, slots: { host: ctx.host, stage }, evidence });
  }
  return finding(ctx, 'protocol-error', { stage, summary: `${b.detail} (after ${command})`, slots: { stage, detail: b.detail }, evidence });
}

export interface Refusal {
  protocol: MailProtocol;
  stage: Stage;
  code: string | null;
  /** human text of the refusal (without the code) */
  text: string;
  /** the whole reply as shown (for the {reply} slot) */
  display: string;
  /** extra texts to classify when the refusal itself matches nothing ([ALERT]s, BYE) */
  alsoTexts?: string[];
  /** cause when nothing in the table matches */
  fallback: string;
  fallbackConfidence?: 'certain' | 'likely' | 'possible';
  slots?: Record<string, string | number | undefined>;
  fromSeq: number;
  toSeq?: number;
}

/** Classifies a refusal through the reply table (the refusal, then the extra texts), else the fallback. */
export function refusalFinding(ctx: StepContext, r: Refusal): Finding {
  let rule = classifyReply({ protocol: r.protocol, stage: r.stage, code: r.code, text: r.text });
  for (const t of r.alsoTexts ?? []) {
    if (rule) break;
    rule = classifyReply({ protocol: r.protocol, stage: r.stage, code: null, text: t });
  }
  const cause = rule ? rule.cause : r.fallback;
  const confidence = rule ? (rule.confidence ?? 'certain') : (r.fallbackConfidence ?? 'possible');
  const init: Parameters<typeof finding>[2] = {
    stage: r.stage,
    summary: `${ctx.host} answered: ${r.display}`,
    slots: { host: ctx.host, port: ctx.port, reply: r.display, ...(rule?.slots ?? {}), ...(r.slots ?? {}) },
    evidence: [transcriptEvidence(ctx.transcript, r.fromSeq, r.toSeq ?? ctx.transcript.lastSeq)],
    confidence,
  };
  if (rule?.remedies) init.extraRemedies = rule.remedies;
  return finding(ctx, cause, init);
}
