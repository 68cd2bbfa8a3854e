/**
 * @module probes/incoming/evidence
 * Evidence excerpts for IMAP/POP3 findings: the transcript lines of a seq range, in the
 * classic C:/S: form, so a finding carries the exact wire exchange that proves it.
 */
import type { Evidence } from '../../core/finding.js';
import type { Transcript } from '../../core/transcript.js';

const PREFIX: Record<string, string> = { c: 'C:', s: 'S:', tls: '==', dns: 'DNS', net: '--', http: 'HTTP', note: '**' };

/** Transcript evidence for seq range [from, to] (at most `maxLines`, keeping the last ones). */
export function transcriptEvidence(t: Transcript, from: number, to: number, maxLines = 12): Evidence {
  const entries = t.slice(from, to);
  const shown = entries.length > maxLines ? entries.slice(-maxLines) : entries;
  const lines = shown.map((e) => `${PREFIX[e.dir] ?? e.dir} ${e.text}`);
  if (entries.length > maxLines) lines.unshift(`… ${entries.length - maxLines} earlier lines`);
  return { kind: 'transcript', excerpt: lines.join('\n') || '(no transcript lines)', seq: [from, to] };
}

/** A plain-text evidence item (e.g. a capability list or a TLS summary). */
export function textEvidence(kind: Evidence['kind'], excerpt: string, seq?: [number, number]): Evidence {
  return seq ? { kind, excerpt, seq } : { kind, excerpt };
}
