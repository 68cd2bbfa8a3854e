/**
 * @module test/peers/proc
 * Process plumbing shared by the daemon peers (dovecot, nsd): spawning a foreground daemon
 * that dies with the test process, killing it, cleaning its directory on exit, and finding
 * left-over processes by a unique marker (the peer's private config path).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, chmod } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';

const SETPRIV = '/usr/bin/setpriv';

/**
 * A private 0755 directory under the OS temp dir (daemons drop privileges and must traverse
 * it). With `pidFile` (relative to the dir), first removes stale dirs of the same kind left
 * by SIGKILLed test processes: older than a minute and whose daemon is not running.
 */
export async function makePeerDir(prefix: string, pidFile?: string): Promise<string> {
  if (pidFile) sweepStale(prefix, pidFile);
  const dir = await mkdtemp(join(tmpdir(), `maildoctor-${prefix}-`));
  await chmod(dir, 0o755);
  return dir;
}

function sweepStale(prefix: string, pidFile: string): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(`maildoctor-${prefix}-`));
  } catch {
    return;
  }
  for (const n of names) {
    const dir = join(tmpdir(), n);
    try {
      const age = Date.now() - statSync(dir).mtimeMs;
      if (age < 60_000) continue;
      let pid = 0;
      try {
        pid = Number(readFileSync(join(dir, pidFile), 'latin1').trim());
      } catch {
        // No pid file: killed during startup, or not ours to judge yet; only very old dirs go.
        if (age < 3_600_000) continue;
      }
      if (pid > 0 && isLive(pid)) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* raced with another cleaner */
    }
  }
}

type Cleanup = () => void;
const cleanups = new Set<Cleanup>();
let hooked = false;

function runCleanups(): void {
  for (const fn of [...cleanups]) {
    try {
      fn();
    } catch {
      /* best effort on exit */
    }
  }
  cleanups.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  runCleanups();
  process.removeListener(sig, onSignal);
  // Only exit when nobody else handles the signal (keeps the default "die" behaviour);
  // process.exit() (unlike re-raising) also runs other modules' 'exit' cleanups.
  if (process.listenerCount(sig) === 0) process.exit(128 + (constants.signals[sig] ?? 15));
}

/** Registers a synchronous cleanup run at process exit / SIGINT / SIGTERM; returns an unregister function. */
export function onProcessExit(fn: Cleanup): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', runCleanups);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/**
 * Spawns a daemon in the foreground. When util-linux `setpriv` exists the child gets
 * PR_SET_PDEATHSIG=TERM, so it is stopped even if this process is SIGKILLed.
 */
export function spawnDaemon(bin: string, args: string[], logTo?: { fd: number }): ChildProcess {
  const stdio: ['ignore', 'ignore' | number, 'ignore' | number] = logTo
    ? ['ignore', logTo.fd, logTo.fd]
    : ['ignore', 'ignore', 'ignore'];
  const child = existsSync(SETPRIV)
    ? spawn(SETPRIV, ['--pdeathsig', 'TERM', '--', bin, ...args], { stdio })
    : spawn(bin, args, { stdio });
  child.unref();
  return child;
}

/** Live (non-zombie) process ids whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (cmd && cmd.includes(marker) && isLive(pid)) out.push(pid);
    } catch {
      /* gone */
    }
  }
  return out;
}

function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map(Number);
  } catch {
    return [];
  }
}

/** [state, ppid] from /proc/PID/stat, or undefined when the process is gone. */
function statOf(pid: number): [string, number] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [rest[0] ?? '?', Number(rest[1])];
  } catch {
    return undefined;
  }
}

/** True when the process exists and is not a zombie. */
export function isLive(pid: number): boolean {
  const st = statOf(pid);
  return st !== undefined && st[0] !== 'Z' && st[0] !== 'X';
}

/** `root` and all its live descendants. */
export function processTree(root: number | undefined): number[] {
  if (!root || !isLive(root)) return [];
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const st = statOf(pid);
    if (!st || st[0] === 'Z') continue;
    const list = children.get(st[1]) ?? [];
    list.push(pid);
    children.set(st[1], list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Sends `sig` to a pid, ignoring "no such process". */
export function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the child has exited (or `ms` passed); returns true when it exited. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export interface StopOptions {
  /** Also stop processes whose command line contains this marker. */
  marker?: string;
  /** Wait this long before SIGKILL (default 3000 ms). */
  graceMs?: number;
  /**
   * SIGTERM every process of the tree at once instead of only the daemon. Dovecot needs
   * this: its master otherwise waits for its log process, which lingers for 1-3 s.
   */
  wholeTree?: boolean;
}

/**
 * Stops a daemon and its whole process tree: SIGTERM to the daemon (or the whole tree), then
 * waits up to `graceMs` for every process of the tree to end; SIGKILLs whatever is left.
 */
export async function stopDaemon(
  child: ChildProcess,
  optsOrMarker: StopOptions | string = {},
  legacyGraceMs?: number,
): Promise<void> {
  // (child, marker, graceMs) is the original signature, still used by other peers.
  const opts: StopOptions =
    typeof optsOrMarker === 'string' ? { marker: optsOrMarker, graceMs: legacyGraceMs } : optsOrMarker;
  const { marker, graceMs = 3000, wholeTree = false } = opts;
  const tracked = new Set<number>(processTree(child.pid));
  const refresh = (): number[] => {
    for (const p of [...tracked]) for (const d of processTree(p)) tracked.add(d);
    if (marker) for (const p of processesWith(marker)) tracked.add(p);
    return [...tracked].filter(isLive);
  };
  const signalled = new Set<number>();
  const term = (pids: number[]): void => {
    for (const p of pids) {
      if (signalled.has(p)) continue;
      signalled.add(p);
      signal(p, 'SIGTERM');
    }
  };
  const initial = refresh();
  term([child.pid ?? 0]);
  if (wholeTree) term(initial);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const live = refresh();
    if (live.length === 0) break;
    // Processes forked after the first signal (e.g. login processes for queued connections).
    if (wholeTree) term(live);
    await sleep(15);
  }
  const left = refresh();
  for (const pid of left) signal(pid, 'SIGKILL');
  if (left.length) await sleep(50);
  await waitExit(child, 1000);
}

/** Synchronous best-effort kill of a daemon tree and removal of its directory, for process exit. */
export function killAndRemoveSync(pid: number | undefined, dir: string, marker?: string): void {
  const pids = processTree(pid);
  if (marker) pids.push(...processesWith(marker));
  for (const p of pids) signal(p, 'SIGTERM');
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

/** True when a TCP connection to host:port is accepted within `ms`. */
export function tcpAccepts(host: string, port: number, ms = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(t);
      s.destroy();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), ms);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Last `max` bytes of a text file ('' when missing). */
export function tail(file: string, max = 4000): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > max ? text.slice(-max) : text;
  } catch {
    return '';
  }
}

/** uid/gid of a system user from /etc/passwd (node has no getpwnam). */
export function passwdEntry(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    /* no passwd */
  }
  return undefined;
}

/**
 * Runs a peer's command-line tool (postfix, exim...) with a time limit: its exit code (1 when
 * it could not run or timed out) and its output, stdout then stderr. `input` is its stdin.
 */
export function runTool(bin: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 15_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim() });
    });
    child.stdin?.end(opts.input ?? '');
  });
}
