/**
 * Benchmark: the same full SMTP probe (EHLO, STARTTLS, EHLO, AUTH PLAIN, MAIL FROM, RCPT TO,
 * QUIT, certificate verified against the test CA) against the same local Postfix, by
 * maildoctor (built dist, a fresh `node` process per run, as a user runs it) and by swaks.
 * Prints the median wall time of each, the ratio, and the median of `maildoctor --help`.
 *
 *   node --import tsx bench/smtp-vs-swaks.ts [runs]      (default 15; needs root for Postfix)
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
const MAIN = join(ROOT, 'dist/cli/main.js');
const RUNS = Number(process.argv[2] ?? 15);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; code: number | null; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, code: r.status, out: `${r.stdout}${r.stderr}` };
}

if (process.env.BENCH_NO_BUILD !== '1' || !existsSync(MAIN)) {
  const b = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (!existsSync(MAIN)) throw new Error(`build failed:\n${b.stdout}${b.stderr}`);
}
if (spawnSync('swaks', ['--version']).status !== 0) throw new Error('swaks is not installed (scripts/install-peers.sh)');

const pf = await startPostfix();
const dir = mkdtempSync(join(tmpdir(), 'maildoctor-bench-'));
try {
  const port = pf.ports.submission;
  const alice = pf.users.alice;
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, `${alice.password}\n`, { mode: 0o600 });
  const md = [MAIN, 'smtp', `${pf.host}:${port}`, '--security', 'starttls', '--ca', pf.pki.caFile, '--user', alice.user, '--password-file', pwFile, '--from', alice.address, '--to', pf.users.bob.address, '--json'];
  const sw = ['--server', `${pf.host}:${port}`, '-tls', '--tls-verify', '--tls-ca-path', pf.pki.caFile, '-a', 'PLAIN', '-au', alice.user, '-ap', alice.password, '--from', alice.address, '--to', pf.users.bob.address, '--quit-after', 'RCPT', '--ehlo', 'bench.test.example'];
  // warm-up and sanity: both must succeed
  const m0 = timed(process.execPath, md);
  if (m0.code !== 0) throw new Error(`maildoctor failed:\n${m0.out}`);
  const s0 = timed('swaks', sw);
  if (s0.code !== 0) throw new Error(`swaks failed:\n${s0.out}`);
  const mdTimes: number[] = [];
  const swTimes: number[] = [];
  const helpTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // interleaved so that both see the same machine state
    const a = timed(process.execPath, md);
    if (a.code !== 0) throw new Error(`maildoctor run ${i} failed:\n${a.out}`);
    mdTimes.push(a.ms);
    const b = timed('swaks', sw);
    if (b.code !== 0) throw new Error(`swaks run ${i} failed:\n${b.out}`);
    swTimes.push(b.ms);
    helpTimes.push(timed(process.execPath, [MAIN, '--help']).ms);
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
  const mdMed = median(mdTimes);
  const swMed = median(swTimes);
  const helpMed = median(helpTimes);
  const f = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`smtp probe vs swaks: ${RUNS} runs each, Postfix submission port, EHLO STARTTLS EHLO AUTH PLAIN MAIL RCPT QUIT`);
  console.log(`  maildoctor smtp  median ${f(mdMed)}  (min ${f(Math.min(...mdTimes))}, max ${f(Math.max(...mdTimes))})`);
  console.log(`  swaks            median ${f(swMed)}  (min ${f(Math.min(...swTimes))}, max ${f(Math.max(...swTimes))})`);
  console.log(`  ratio maildoctor/swaks = ${(mdMed / swMed).toFixed(2)}  (target <= 1.00: ${mdMed <= swMed ? 'met' : 'NOT met'})`);
  console.log(`  maildoctor --help median ${f(helpMed)}  (target < 300 ms: ${helpMed < 300 ? 'met' : 'NOT met'})`);
  console.log(`  for scale: \`node -e 0\` median ${f(median(nodeTimes))}; the same probe in-process (library, tsx) median ${f(median(libTimes))}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await pf.stop();
}
