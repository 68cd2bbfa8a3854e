/**
 * @module probes/smtp/evidence
 * Evidence from the transcript: the exchange that proves a finding, as "C:"/"S:" lines with
 * the sequence range it comes from.
 */
import type { Evidence } from '../../core/finding.js';
import type { Transcript, TranscriptEntry } from '../../core/transcript.js';

const PREFIX: Record<TranscriptEntry['dir'], string> = { c: 'C:', s: 'S:', tls: 'TLS:', dns: 'DNS:', net: 'NET:', http: 'HTTP:', note: '**' };

/** Transcript entries [from, to] (at most `max`, the last ones kept) as one excerpt. */
export function transcriptEvidence(t: Transcript, from: number, to: number, max = 12): Evidence {
  const lo = Math.max(1, from);
  const entries = t.slice(lo, to);
  const shown = entries.length > max ? entries.slice(entries.length - max) : entries;
  const lines = shown.map((e) => `${PREFIX[e.dir]} ${e.text}`);
  if (entries.length > max) lines.unshift(`... (${entries.length - max} earlier lines)`);
  const first = shown[0]?.seq ?? lo;
  const last = shown[shown.length - 1]?.seq ?? to;
  return { kind: 'transcript', excerpt: lines.join('\n'), seq: [first, last] };
}
