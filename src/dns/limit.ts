/**
 * @module dns/limit
 * Bounded concurrency: at most `n` tasks run at once, the rest wait in FIFO order. Used to
 * cap DNS queries in flight (one process-wide limiter shared by every domain of a batch) and
 * connections per domain.
 */

export interface Limiter {
  /** Runs `fn` when a slot is free; resolves or rejects with its result. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(n: number): Limiter {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`limit must be a positive integer, got ${n}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    active--;
    const next = queue.shift();
    if (next) next();
  };
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = (): void => {
          active++;
          let p: Promise<T>;
          try {
            p = fn();
          } catch (e) {
            p = Promise.reject(e instanceof Error ? e : new Error(String(e)));
          }
          p.then(resolve, reject).finally(release);
        };
        if (active < n) start();
        else queue.push(start);
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** Maps `items` through `fn` with at most `n` calls in flight; keeps the order of `items`. */
export async function mapLimit<T, R>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limiter = createLimiter(n);
  return Promise.all(items.map((item, i) => limiter.run(() => fn(item, i))));
}
