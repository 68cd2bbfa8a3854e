/**
 * @module core/clock
 * A monotonic clock in milliseconds for transcripts and step timings. Not the global
 * `performance`: its first use loads eight perf_hooks modules (about 2 ms of a CLI run).
 */

/** Milliseconds on a monotonic clock (only differences are meaningful). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
