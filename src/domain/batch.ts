/**
 * @module domain/batch
 * `maildoctor domain --file domains.txt`: checks many domains with bounded concurrency and
 * streams one result per domain as soon as it is known (completion order), so memory stays
 * flat whatever the size of the list: the list is read line by line, each report is written
 * and dropped, and only counters are kept. DNS answers are shared between domains through a
 * bounded cache (common SPF includes, blocklist sanity checks) and the queries in flight are
 * capped process-wide.
 *
 * Output: with --json one JSON report per line (JSON Lines) on stdout and the summary on
 * stderr; without, one line per domain and the summary as the last line, on stdout.
 * Progress goes to stderr: a redrawn bar on a terminal, otherwise a plain line every 30 s.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Report } from '../core/report.js';
import { formatMs } from '../core/time.js';
import { createLimiter } from '../dns/limit.js';
import { DnsCache } from '../dns/session.js';
import { checkDomain, type DomainCheckDeps, type DomainCheckOptions, type DomainFacts } from './check-domain.js';
import { monotonicMs } from '../core/clock.js';

export interface BatchOptions {
  /** the list: a file path, or "-" for stdin */
  file: string;
  concurrency: number;
  json: boolean;
  check: DomainCheckOptions;
  deps: DomainCheckDeps;
  out?: Writable;
  err?: Writable & { isTTY?: boolean };
  stdin?: Readable;
  /** interval of plain progress lines when stderr is not a terminal (ms; 0: none) */
  progressEveryMs?: number;
}

export interface BatchSummary {
  domains: number;
  ok: number;
  problems: number;
  invalid: number;
  internalErrors: number;
  durationMs: number;
  perSecond: number;
  /** deciding causes by count, most common first */
  causes: { cause: string; count: number }[];
  dnsQueries: number;
  cacheHits: number;
}

/** A domain from one line of the list: text before "#", trimmed; null for blank and comment lines. */
export function domainOfLine(line: string): string | null {
  const text = line.replace(/#.*$/, '').trim();
  if (!text) return null;
  return text.split(/[\s,;]+/)[0] ?? null;
}

async function countLines(file: string): Promise<number | null> {
  if (file === '-') return null;
  let n = 0;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (domainOfLine(line)) n++;
  return n;
}

function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', resolve));
}

function bar(done: number, total: number | null, rate: number, width = 30): string {
  const r = `${rate.toFixed(1)}/s`;
  if (!total) return `checked ${done} domains, ${r}`;
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${r}`;
}

function textLine(r: Report<DomainFacts>): string {
  const domain = typeof r.target.domain === 'string' ? r.target.domain : '';
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  if (r.ok) return `OK      ${domain}${warnings ? `  (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}\n`;
  const errors = r.findings.filter((f) => f.severity === 'error' || f.severity === 'critical').length;
  return `PROBLEM ${domain}  ${r.cause ?? '?'} [${r.stage ?? '?'}]: ${r.summary}${errors > 1 ? ` (+${errors - 1} more error${errors > 2 ? 's' : ''})` : ''}\n`;
}

export function summaryLine(s: BatchSummary): string {
  const top = s.causes.slice(0, 5).map((c) => `${c.cause} ${c.count}`).join(', ');
  return (
    `checked ${s.domains} domain${s.domains === 1 ? '' : 's'} in ${formatMs(s.durationMs)} (${s.perSecond.toFixed(1)}/s): ` +
    `${s.ok} ok, ${s.problems} with problems${s.invalid ? ` (${s.invalid} invalid names)` : ''}` +
    `${s.internalErrors ? `, ${s.internalErrors} internal errors` : ''}${top ? `; most common: ${top}` : ''}`
  );
}

export async function runDomainBatch(o: BatchOptions): Promise<BatchSummary> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  const tty = Boolean(err.isTTY);
  const started = monotonicMs();
  const total = tty && o.file !== '-' ? await countLines(o.file) : null;
  const cache = o.deps.cache ?? new DnsCache();
  const limiter = o.deps.limiter ?? createLimiter(Math.max(32, o.concurrency * 8));
  const deps: DomainCheckDeps = { ...o.deps, cache, limiter };
  const summary: BatchSummary = { domains: 0, ok: 0, problems: 0, invalid: 0, internalErrors: 0, durationMs: 0, perSecond: 0, causes: [], dnsQueries: 0, cacheHits: 0 };
  const causes = new Map<string, number>();
  const input = o.file === '-' ? (o.stdin ?? process.stdin) : createReadStream(o.file);
  const rl = createInterface({ input, crlfDelay: Infinity });

  let lastDraw = 0;
  let lastPlain = monotonicMs();
  const every = o.progressEveryMs ?? 30_000;
  const progress = (final = false): void => {
    const now = monotonicMs();
    const rate = summary.domains / Math.max(0.001, (now - started) / 1000);
    if (tty) {
      if (!final && now - lastDraw < 100) return;
      lastDraw = now;
      err.write(`\r${bar(summary.domains, total, rate)}${final ? '\n' : ''}`);
    } else if (!final && every > 0 && now - lastPlain >= every) {
      lastPlain = now;
      err.write(`maildoctor: progress: ${summary.domains} domains checked, ${rate.toFixed(1)}/s\n`);
    }
  };

  const one = async (domain: string): Promise<void> => {
    let report: Report<DomainFacts>;
    try {
      report = await checkDomain(domain, o.check, deps);
    } catch (e) {
      summary.domains++;
      summary.internalErrors++;
      err.write(`${tty ? '\n' : ''}maildoctor: internal error while checking ${domain}: ${(e as Error)?.stack ?? String(e)}\n`);
      return;
    }
    summary.domains++;
    summary.dnsQueries += report.facts.dns.queries;
    if (report.ok) summary.ok++;
    else {
      summary.problems++;
      if (report.cause === 'domain-invalid') summary.invalid++;
      if (report.cause) causes.set(report.cause, (causes.get(report.cause) ?? 0) + 1);
    }
    await write(out, o.json ? `${JSON.stringify(report)}\n` : textLine(report));
    progress();
  };

  const running = new Set<Promise<void>>();
  for await (const line of rl) {
    const domain = domainOfLine(line);
    if (!domain) continue;
    const p: Promise<void> = one(domain).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= o.concurrency) await Promise.race(running);
  }
  await Promise.all(running);

  summary.durationMs = Math.round(monotonicMs() - started);
  summary.perSecond = summary.domains / Math.max(0.001, summary.durationMs / 1000);
  summary.causes = [...causes].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
  summary.cacheHits = cache.hits;
  if (tty) progress(true);
  const line = summaryLine(summary);
  if (o.json) err.write(`maildoctor: ${line}\n`);
  else await write(out, `${line}\n`);
  return summary;
}
