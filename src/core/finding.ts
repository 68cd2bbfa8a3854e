/**
 * @module core/finding
 * A finding is one diagnosed fact: a cause from the catalog, where it happened (stage), how
 * bad it is, the evidence that proves it and what to do. The text is rendered from the
 * catalog with the finding's slot values, so every front end shows the same words.
 */
import { getCause, renderCause, type Severity, type Slots } from '../catalog/index.js';
import type { Stage } from './stage.js';

export type { Severity } from '../catalog/index.js';

export type EvidenceKind = 'transcript' | 'dns' | 'tls' | 'header' | 'dsn' | 'http' | 'config' | 'imap' | 'sieve';

export interface Evidence {
  kind: EvidenceKind;
  /** the lines or record that prove the finding, as shown to people */
  excerpt: string;
  /** transcript sequence range [from, to] the excerpt comes from */
  seq?: [number, number];
  /** DNS name / record type or header name the excerpt comes from */
  source?: string;
}

export interface Finding {
  cause: string;
  severity: Severity;
  stage: Stage;
  /** rendered catalog title */
  title: string;
  /** this occurrence in one line, with the concrete values */
  summary: string;
  explanation: string;
  remedies: string[];
  evidence: Evidence[];
  /** slot values the texts were rendered with */
  slots: Record<string, string>;
  /** which attempt (port/security, MX host, ...) this finding belongs to, when there are several */
  attempt?: string;
  confidence?: 'certain' | 'likely' | 'possible';
}

export interface FindingInit {
  stage: Stage;
  summary?: string;
  severity?: Severity;
  slots?: Slots;
  evidence?: Evidence[];
  attempt?: string;
  confidence?: Finding['confidence'];
  /** extra remedies specific to this occurrence, shown before the catalog's */
  extraRemedies?: string[];
}

export function createFinding(cause: string, init: FindingInit): Finding {
  const def = getCause(cause);
  const slots: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.slots ?? {})) {
    if (v !== undefined && v !== null && v !== '') slots[k] = String(v);
  }
  const r = renderCause(cause, slots);
  const f: Finding = {
    cause,
    severity: init.severity ?? def.severity,
    stage: init.stage,
    title: r.title,
    summary: init.summary ?? r.title,
    explanation: r.explanation,
    remedies: [...(init.extraRemedies ?? []), ...r.remedies],
    evidence: init.evidence ?? [],
    slots,
  };
  if (init.attempt) f.attempt = init.attempt;
  if (init.confidence) f.confidence = init.confidence;
  return f;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

export function isFailure(f: Finding): boolean {
  return RANK[f.severity] >= RANK.error;
}

/** Returns a copy of the finding with another severity (e.g. a failed alternative port becomes info). */
export function withSeverity(f: Finding, severity: Severity): Finding {
  return { ...f, severity };
}
