/**
 * Bounce accuracy on the dev corpus: runs `maildoctor bounce --json` over
 * ../shared/corpus/bounces/maildir and scores it against labels.jsonl as the corpus README says:
 * a message is right when every labelled record has a predicted record with the same reason
 * (not-a-bounce: no record at all). Also prints hard/soft, recipient and status agreement per
 * labelled record (status exact for RFC 3463 codes, class 2/4/5 for Sisimai-internal ones).
 *
 *   node --import tsx bench/bounce-accuracy.ts [--corpus DIR] [--list] [--json]
 * Uses dist/ when built (npm run build), else runs the TypeScript sources through tsx.
 * Target: >= 95% of messages right.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = resolve(opt('--corpus') ?? join(root, '..', 'shared', 'corpus', 'bounces'));

interface Label { file: string; recipient: string | null; status: string; status_kind: string; replycode: string; reason: string; hardbounce: boolean; lhost: string; rhost: string }
interface Pred { file: string; recipient: string | null; status: string; replycode?: string; reason: string; hardbounce: boolean; lhost?: string; decidedBy?: string; diagnostic?: string }

const labels: Label[] = readFileSync(join(corpus, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);

const dist = join(root, 'dist', 'cli', 'main.js');
const cmd = existsSync(dist) && !args.includes('--tsx') ? [dist] : ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
let stdout: string;
try {
  stdout = execFileSync(process.execPath, [...cmd, 'bounce', '--json', join(corpus, 'maildir')], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, cwd: root });
} catch (e) {
  const err = e as { status?: number; stdout?: string };
  if (err.status !== 1 || err.stdout === undefined) throw e; // exit 1 = failed recipients found
  stdout = err.stdout;
}
const preds = new Map<string, Pred[]>();
for (const line of stdout.split('\n')) {
  if (!line) continue;
  const p = JSON.parse(line) as Pred;
  const f = relative(corpus, resolve(root, p.file.replace(/:\d+$/, "")));
  p.file = f;
  if (!preds.has(f)) preds.set(f, []);
  if (p.reason !== 'not-a-bounce') preds.get(f)!.push(p);
}

const byFile = new Map<string, Label[]>();
for (const l of labels) {
  if (!byFile.has(l.file)) byFile.set(l.file, []);
  byFile.get(l.file)!.push(l);
}

const cls = (s: string): string => s.slice(0, 1);
let msgOk = 0;
let recs = 0;
let hardOk = 0;
let rcptOk = 0;
let statusOk = 0;
let replyOk = 0;
let extraRecords = 0;
const extraFiles: string[] = [];
let replyLabelled = 0;
const failures: string[] = [];
const perFamily = new Map<string, [number, number]>();
for (const [file, ls] of byFile) {
  const ps = preds.get(file) ?? [];
  const notBounce = ls[0]?.reason === 'not-a-bounce';
  const ok = notBounce ? ps.length === 0 : ls.every((l) => ps.some((p) => p.reason === l.reason));
  if (ok) msgOk++;
  const fam = (file.split('/').pop() ?? '').replace(/-\d+\.eml$/, '');
  const f = perFamily.get(fam) ?? [0, 0];
  f[0] += ok ? 1 : 0;
  f[1] += 1;
  perFamily.set(fam, f);
  if (!ok) failures.push(`${file}  want ${ls.map((l) => l.reason).join(',')}  got ${ps.map((p) => `${p.reason}[${p.decidedBy ?? ''}]`).join(', ') || '(no record)'}`);
  if (notBounce) continue;
  if (ps.length > ls.length) {
    extraRecords += ps.length - ls.length;
    extraFiles.push(`${file} (${ps.length} records, ${ls.length} labelled)`);
  }
  ls.forEach((l, i) => {
    recs++;
    const p = ps.find((x) => l.recipient && x.recipient?.toLowerCase() === l.recipient.toLowerCase()) ?? ps[i] ?? ps[0];
    if (ps.some((x) => l.recipient && x.recipient?.toLowerCase() === l.recipient.toLowerCase())) rcptOk++;
    if (!p) return;
    if (p.hardbounce === l.hardbounce) hardOk++;
    const want = l.status_kind === 'rfc3463' ? l.status : cls(l.status);
    const got = l.status_kind === 'rfc3463' ? p.status : cls(p.status ?? '');
    if (want === got) statusOk++;
    if (l.replycode) {
      replyLabelled++;
      if (p.replycode === l.replycode) replyOk++;
    }
  });
}
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ messages: msgOk / byFile.size, hardsoft: hardOk / recs, recipient: rcptOk / recs, status: statusOk / recs, replycode: replyOk / replyLabelled, extraRecords })}\n`);
} else {
  console.log(`corpus: ${corpus}`);
  console.log(`reason accuracy per message: ${pct(msgOk, byFile.size)}   (target >= 95%)`);
  console.log(`hard/soft agreement:         ${pct(hardOk, recs)}`);
  console.log(`recipient agreement:         ${pct(rcptOk, recs)}`);
  console.log(`status agreement:            ${pct(statusOk, recs)}`);
  console.log(`reply code agreement:        ${pct(replyOk, replyLabelled)} (records labelled with one)`);
  console.log(`records beyond the labels:   ${extraRecords} in ${extraFiles.length} messages`);
  if (args.includes('--list')) {
    console.log('\nper family (right/total):');
    console.log([...perFamily].filter(([, [a, b]]) => a < b).map(([k, [a, b]]) => `  ${k} ${a}/${b}`).join('\n'));
    if (extraFiles.length) console.log(`\nmessages with more records than labelled (${extraFiles.length}):\n${extraFiles.map((f) => `  ${f}`).join('\n')}`);
    console.log(`\nmessages not right (${failures.length}):`);
    for (const f of failures) console.log(`  ${f}`);
  }
}
