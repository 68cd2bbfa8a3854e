/**
 * @module cli/jit
 * V8's compiler tiers for a batch command (`maildoctor bounce` over a mailbox).
 *
 * V8 runs a function interpreted, then compiled by Sparkplug (baseline), Maglev (a fast
 * optimising compiler) and TurboFan (the slow, thorough one). A batch run analyses a few
 * thousand messages and exits: TurboFan then spends more time compiling the hot functions
 * (hundreds of milliseconds, on the one core the run has) than its code saves before the
 * process ends, and on bounce analysis, which runs mostly in native regular-expression and
 * string code, its code is not faster than Maglev's anyway. Measured on 9,140 messages (the
 * corpus x 20, one core, Node 24.21, bench/bounce-throughput.sh): 1.66 s with TurboFan,
 * 1.18-1.22 s without; the sustained per-message rate of a long-running process is the same
 * or better (93 against 107 us per message).
 *
 * Maglev is on by default from Node 22 (V8 12). Node 20's V8 (11.3) has it off and
 * experimental: there, Maglev alone was slower than the default (1.65 against 1.50 s), and so
 * was TurboFan off (1.61 against 1.45 s). What Node 20 is given instead is TurboFan without
 * inlining (`--no-turbo-inlining`): its jobs get smaller (a function compiled with its callees
 * inlined is compiled again for each caller), its code is no slower (513k against 542k
 * instructions per message in a steady state, corpus passes 11-20 in memory), and the run does 6 %
 * less work (callgrind, the whole 9,140-message CLI run with its compiler threads: 7.91 G
 * against 7.43 G instructions; best wall times 1.36 against 1.31 s, and 1.01 against 0.92 s
 * for the same corpus as one 4,570-message mbox).
 *
 * Both are flags V8 still reads when set at run time (`--max-opt`, for one, is read at
 * start-up only); they are process-wide, which is why only the batch command sets them, not
 * the library.
 */
import { setFlagsFromString } from 'node:v8';

/** Node's major version from which Maglev is V8's default optimising tier. */
const MAGLEV_BY_DEFAULT = 22;

/** True when this Node's V8 optimises with Maglev by default (see the module comment). */
export function hasDefaultMaglev(version: string = process.versions.node): boolean {
  return Number(version.split('.')[0]) >= MAGLEV_BY_DEFAULT;
}

/**
 * Leaves TurboFan out of this process when Maglev can do its work (Node >= 22), and TurboFan's
 * inlining out otherwise (Node 20); call it before the batch starts. Returns whether the flag
 * was set.
 */
export function preferBatchJit(version: string = process.versions.node): boolean {
  try {
    setFlagsFromString(hasDefaultMaglev(version) ? '--no-turbofan' : '--no-turbo-inlining');
  } catch {
    // a Node whose V8 refuses flag changes once running: the default tiers, slower, still right
    return false;
  }
  return true;
}
