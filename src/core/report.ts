/**
 * @module core/report
 * The report every diagnosis returns. Its top-level `ok`, `stage` and `cause` are the
 * verdict (`cause` null when healthy); `findings` explain, `facts` describe what was seen,
 * and `transcript` is the evidence. This shape is the documented --json contract.
 */
import { isFailure, type Finding } from './finding.js';
import type { Stage } from './stage.js';
import type { Transcript, TranscriptEntry } from './transcript.js';
import { VERSION } from './version.js';

export const REPORT_SCHEMA = 'maildoctor/report@1';

export type ReportKind = 'smtp' | 'imap' | 'pop3' | 'account' | 'domain' | 'bounce' | 'mailbox' | 'headers' | 'queue' | 'doctor';

export interface Report<Facts = Record<string, unknown>> {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'maildoctor'; version: string };
  kind: ReportKind;
  /** what was diagnosed: host, port, security, domain, address, ... */
  target: Record<string, unknown>;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  /** stage of the deciding failure, null when healthy */
  stage: Stage | null;
  /** cause id of the deciding failure, null when healthy */
  cause: string | null;
  /** one line verdict */
  summary: string;
  findings: Finding[];
  facts: Facts;
  transcript: TranscriptEntry[];
}

export interface BuildReportInput<Facts> {
  kind: ReportKind;
  target: Record<string, unknown>;
  startedAt: Date;
  findings: Finding[];
  facts: Facts;
  transcript?: Transcript;
  /** which finding decides the verdict; defaults to the first failure */
  deciding?: Finding | null;
  /** verdict line when healthy */
  healthySummary?: string;
}

export function buildReport<Facts>(input: BuildReportInput<Facts>): Report<Facts> {
  const deciding = input.deciding === undefined ? (input.findings.find(isFailure) ?? null) : input.deciding;
  const ok = deciding === null;
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'maildoctor', version: VERSION },
    kind: input.kind,
    target: input.target,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(Date.now() - input.startedAt.getTime()),
    ok,
    stage: deciding ? deciding.stage : null,
    cause: deciding ? deciding.cause : null,
    summary: deciding ? deciding.summary : (input.healthySummary ?? 'no problem found'),
    findings: input.findings,
    facts: input.facts,
    transcript: input.transcript ? [...input.transcript.entries] : [],
  };
}
