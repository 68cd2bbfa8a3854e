/**
 * @module core/time
 * Deadlines for network operations: every wait in maildoctor is bounded.
 */

/** Parses "10", "10s", "500ms", "2m" into milliseconds; returns null when malformed. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const ms = unit === 'ms' ? n : unit === 'm' ? n * 60_000 : n * 1000;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return Math.round(ms);
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly ms: number,
    what: string,
  ) {
    super(`${what} timed out after ${ms} ms`);
  }
}

/** Resolves with the promise's value, or rejects with TimeoutError after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new TimeoutError(ms, what));
    }, ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Human form of a duration in ms: "850 ms", "12.3 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
