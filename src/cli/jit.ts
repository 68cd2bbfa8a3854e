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
 * experimental: there, Maglev alone was slower than the default (1.65 against 1.50 s), so
 * nothing is changed. `--no-turbofan` is one of the flags V8 still reads when set at run
 * time (`--max-opt`, for one, is read at start-up only); it is process-wide, which is why
 * only the batch command sets it, not the library.
 */
import { setFlagsFromString } from 'node:v8';

/** Node's major version from which Maglev is V8's default optimising tier. */
const MAGLEV_BY_DEFAULT = 22;

/** True when this Node's V8 optimises with Maglev by default (see the module comment). */
export function hasDefaultMaglev(version: string = process.versions.node): boolean {
  return Number(version.split('.')[0]) >= MAGLEV_BY_DEFAULT;
}

/**
 * Leaves TurboFan out of this process when Maglev can do its work (Node >= 22); call it
 * before the batch starts. Returns whether the flag was set.
 */
export function preferBatchJit(version: string = process.versions.node): boolean {
  if (!hasDefaultMaglev(version)) return false;
  try {
    setFlagsFromString('--no-turbofan');
  } catch {
    // a Node whose V8 refuses flag changes once running: the default tiers, slower, still right
    return false;
  }
  return true;
}
