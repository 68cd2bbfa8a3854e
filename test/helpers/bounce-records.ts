/**
 * @module test/helpers/bounce-records
 * Assertions shared by the tests that read bounces written by real MTAs.
 */
import assert from 'node:assert/strict';
import type { BounceRecord } from '../../src/bounce/types.js';

/** The one record of a notice about one recipient (fails, listing them, when there are more or none). */
export function onlyRecord(recs: readonly BounceRecord[]): BounceRecord {
  assert.equal(recs.length, 1, JSON.stringify(recs));
  return recs[0]!;
}
