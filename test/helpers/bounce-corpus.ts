/**
 * @module test/helpers/bounce-corpus
 * The shared bounce corpus (../shared/corpus/bounces from the project root; CI has it there
 * too): paths, labels, and a skip reason when it is absent outside CI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = resolve(process.env.BOUNCE_CORPUS ?? join(PROJECT_ROOT, '..', 'shared', 'corpus', 'bounces'));

export interface Label {
  file: string;
  recipient: string | null;
  status: string;
  status_kind: 'rfc3463' | 'sisimai-internal' | 'none';
  replycode: string;
  reason: string;
  hardbounce: boolean;
  feedbacktype: string;
}

/** Skip reason when the corpus is missing (throws in CI, where it is required). */
export function corpusMissing(): string | false {
  if (existsSync(join(CORPUS, 'labels.jsonl'))) return false;
  const msg = `bounce corpus not found at ${CORPUS}`;
  if (process.env.CI === 'true') throw new Error(msg);
  return msg;
}

export function corpusFile(name: string): Buffer {
  const rel = name.includes('/') ? name : `maildir/bsd/${name}.eml`;
  return readFileSync(join(CORPUS, rel));
}

export function labels(): Label[] {
  return readFileSync(join(CORPUS, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
}
