/**
 * Accuracy regression over the whole dev corpus (a correctness target, no timing): a message is
 * right when every labelled record has a predicted record with the same reason (not-a-bounce:
 * no record). bench/bounce-accuracy.ts prints the full report through the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBounce } from './analyze.js';
import { corpusFile, corpusMissing, labels, type Label } from '../../test/helpers/bounce-corpus.js';

const skip = corpusMissing();

test('reason accuracy on the dev corpus is at least 95% of messages', { skip }, () => {
  const byFile = new Map<string, Label[]>();
  for (const l of labels()) byFile.set(l.file, [...(byFile.get(l.file) ?? []), l]);
  let right = 0;
  let hard = 0;
  let recs = 0;
  const wrong: string[] = [];
  for (const [file, ls] of byFile) {
    const got = analyzeBounce(corpusFile(file));
    const ok = ls[0]?.reason === 'not-a-bounce' ? got.length === 0 : ls.every((l) => got.some((g) => g.reason === l.reason));
    if (ok) right++;
    else wrong.push(`${file}: want ${ls.map((l) => l.reason).join(',')} got ${got.map((g) => g.reason).join(',') || '-'}`);
    for (const l of ls) {
      if (l.reason === 'not-a-bounce') continue;
      recs++;
      const g = got.find((x) => l.recipient && x.recipient.toLowerCase() === l.recipient.toLowerCase()) ?? got[0];
      if (g?.hardbounce === l.hardbounce) hard++;
    }
  }
  const accuracy = right / byFile.size;
  assert.ok(accuracy >= 0.95, `accuracy ${(accuracy * 100).toFixed(1)}% (${right}/${byFile.size}); wrong:\n${wrong.join('\n')}`);
  assert.ok(hard / recs >= 0.95, `hard/soft agreement ${(100 * hard / recs).toFixed(1)}%`);
});
