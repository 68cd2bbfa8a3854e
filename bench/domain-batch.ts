/**
 * Benchmark: `maildoctor domain --file LIST --json --no-smtp` over 1,000 and 10,000 generated
 * domains served by a local nsd (one zone, bench.test), with a local blocklist zone and, for
 * the first 100 domains, an MTA-STS policy on a local HTTPS server. Measures domains per
 * second (the batch's own clock, and wall time including start-up) and the peak resident
 * memory of the maildoctor process (the built CLI, bin/maildoctor.js). Not a test: it prints
 * numbers.
 *
 *   npm run build && node --import tsx bench/domain-batch.ts [SIZES=1000,10000] [CONCURRENCY=20]
 *
 * Each domain: MX to its own host (127.0.0.x, with PTR), SPF with a shared include, a
 * 2048-bit DKIM key at "default", DMARC, TLS-RPT; every tenth domain lacks DMARC, so the
 * batch reports problems too. About 45 DNS queries per domain (22 of them the DKIM selector
 * probe).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeNameCert } from '../test/helpers/name-cert.js';
import { startNsd, txt, zone } from '../test/peers/nsd.js';

const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const concurrency = Number(process.argv[3] ?? 20);
const max = Math.max(...sizes);
const STS_DOMAINS = 100;

const dkim = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const name = (i: number): string => `d${i}.bench.test`;

function benchZone(n: number): string {
  const rr: string[] = [`_spf TXT ${txt('v=spf1 ip4:127.0.0.0/24 -all')}`];
  const dkimTxt = txt(`v=DKIM1; k=rsa; p=${dkim}`);
  for (let i = 0; i < n; i++) {
    const d = `d${i}`;
    const ip = `127.0.0.${(i % 250) + 1}`;
    rr.push(
      `${d} MX 10 mx.${d}`,
      `mx.${d} A ${ip}`,
      `${d} TXT ${txt('v=spf1 mx include:_spf.bench.test -all')}`,
      `default._domainkey.${d} TXT ${dkimTxt}`,
      `_smtp._tls.${d} TXT "v=TLSRPTv1; rua=mailto:tls@${d}.bench.test"`,
    );
    if (i % 10 !== 0) rr.push(`_dmarc.${d} TXT "v=DMARC1; p=reject; rua=mailto:dmarc@${d}.bench.test"`);
    if (i < STS_DOMAINS) rr.push(`_mta-sts.${d} TXT "v=STSv1; id=1"`, `mta-sts.${d} A 127.0.0.1`);
  }
  return zone('bench.test', rr);
}

function reverseZone(): string {
  return zone('0.0.127.in-addr.arpa', Array.from({ length: 250 }, (_, i) => `${i + 1} PTR mx.d${i}.bench.test.`));
}

interface Run {
  lines: number;
  heapMb: number | null;
  wallS: number;
  batchRate: number | null;
  maxRssMb: number | null;
  summary: string;
}

function runBatch(list: string, server: string, httpsPort: number, caFile: string): Promise<Run> {
  const started = performance.now();
  const rssHook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxRSS="+process.resourceUsage().maxRSS+" heapUsed="+process.memoryUsage().heapUsed+"\\n"))';
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), '--import', rssHook, 'bin/maildoctor.js', 'domain', '--file', list, '--json', '--no-smtp', '--dns', server,
      '--dnsbl', 'bl.bench.test', '--https-port', String(httpsPort), '--ca', caFile, '--concurrency', String(concurrency), '--timeout', '5s'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let lines = 0;
  createInterface({ input: child.stdout }).on('line', () => lines++);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    child.on('close', () => {
      const wallS = (performance.now() - started) / 1000;
      const rss = /maxRSS=(\d+)/.exec(stderr);
      const heap = /heapUsed=(\d+)/.exec(stderr);
      const rate = /\(([\d.]+)\/s\)/.exec(stderr);
      const summary = (/checked .*/.exec(stderr)?.[0] ?? stderr.trim()).slice(0, 300);
      resolve({ lines, wallS, batchRate: rate ? Number(rate[1]) : null, maxRssMb: rss ? Number(rss[1]) / 1024 : null, heapMb: heap ? Number(heap[1]) / 2 ** 20 : null, summary });
    });
  });
}

if (!existsSync('dist/cli/main.js')) {
  console.error('bench/domain-batch: run `npm run build` first (it measures the built CLI, bin/maildoctor.js)');
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), 'md-bench-domain-'));
const cert = await makeNameCert(Array.from({ length: STS_DOMAINS }, (_, i) => `mta-sts.${name(i)}`));
const caFile = join(dir, 'ca.pem');
await writeFile(caFile, cert.caPem);
const policy = (host: string): string => `version: STSv1\nmode: enforce\nmx: mx.${host.replace(/^mta-sts\./, '')}\nmax_age: 604800\n`;
const web = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
  const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
  res.writeHead(200, { 'content-type': 'text/plain' }).end(policy(host));
});
await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
const httpsPort = (web.address() as AddressInfo).port;
const t0 = performance.now();
const nsd = await startNsd(
  { 'bench.test': benchZone(max), '0.0.127.in-addr.arpa': reverseZone(), 'bl.bench.test': zone('bl.bench.test', ['7.0.0.127 A 127.0.0.2']) },
  { timeoutMs: 120_000 },
);
console.log(`nsd serving ${max} domains on ${nsd.server} (started in ${((performance.now() - t0) / 1000).toFixed(1)} s); concurrency ${concurrency}`);
try {
  for (const n of sizes) {
    const list = join(dir, `domains-${n}.txt`);
    await writeFile(list, `${Array.from({ length: n }, (_, i) => name(i)).join('\n')}\n`);
    const r = await runBatch(list, nsd.server, httpsPort, caFile);
    console.log(
      `${String(n).padStart(6)} domains: ${r.lines} JSON lines, batch ${r.batchRate?.toFixed(1) ?? '?'} domains/s, ` +
        `wall ${r.wallS.toFixed(1)} s (${(n / r.wallS).toFixed(1)}/s incl. start-up), peak RSS ${r.maxRssMb?.toFixed(0) ?? '?'} MB (heap at exit ${r.heapMb?.toFixed(0) ?? '?'} MB)`,
    );
    console.log(`        ${r.summary}`);
  }
} finally {
  await nsd.stop();
  web.close();
  await rm(dir, { recursive: true, force: true });
}
