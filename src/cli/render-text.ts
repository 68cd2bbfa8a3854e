/**
 * @module cli/render-text
 * Human output: one verdict line, the failing step with its explanation, evidence and
 * remedies, other findings, then kind-specific facts (settings summary); -v adds the
 * transcript in the classic C:/S: form with times.
 */
import pc from './color.js';
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { TranscriptEntry } from '../core/transcript.js';

export type FactsRenderer<F> = (report: Report<F>) => string[];

export interface RenderOptions {
  verbose: boolean;
  renderFacts?: FactsRenderer<unknown> | undefined;
}

const SEV_LABEL: Record<Finding['severity'], string> = {
  critical: 'CRITICAL',
  error: 'ERROR',
  warning: 'WARNING',
  info: 'INFO',
};

function sevColor(sev: Finding['severity'], text: string): string {
  if (sev === 'critical' || sev === 'error') return pc.red(text);
  if (sev === 'warning') return pc.yellow(text);
  return pc.dim(text);
}

function indent(lines: string[], n = 2): string[] {
  const pad = ' '.repeat(n);
  return lines.map((l) => (l ? pad + l : l));
}

export function targetLabel(report: Report<unknown>): string {
  const t = report.target;
  if (typeof t.label === 'string') return t.label;
  const host = typeof t.host === 'string' ? t.host : typeof t.domain === 'string' ? t.domain : typeof t.address === 'string' ? t.address : '';
  const port = typeof t.port === 'number' ? `:${t.port}` : '';
  return `${host}${port}`;
}

export function renderFinding(f: Finding, opts: { detailed: boolean }): string[] {
  const head = `${sevColor(f.severity, SEV_LABEL[f.severity])} [${f.stage}] ${f.cause}${f.attempt ? ` (${f.attempt})` : ''}: ${f.summary}`;
  const lines = [head];
  if (!opts.detailed) return lines;
  if (f.summary !== f.title) lines.push(...indent([f.title]));
  lines.push(...indent([`Why: ${f.explanation}`]));
  if (f.evidence.length) {
    lines.push('  Evidence:');
    for (const e of f.evidence) {
      for (const l of e.excerpt.split('\n')) lines.push(`    ${pc.dim(l)}`);
    }
  }
  if (f.remedies.length) {
    lines.push('  What to do:');
    f.remedies.forEach((r, i) => lines.push(`    ${i + 1}. ${r}`));
  }
  return lines;
}

export function renderTranscript(entries: readonly TranscriptEntry[]): string[] {
  const prefix: Record<TranscriptEntry['dir'], string> = { c: 'C:', s: 'S:', tls: '==', dns: 'DNS', net: '--', http: 'HTTP', note: '**' };
  let lastConn: string | undefined;
  const lines: string[] = [];
  for (const e of entries) {
    if (e.conn && e.conn !== lastConn) {
      lines.push(pc.bold(`[${e.conn}]`));
      lastConn = e.conn;
    }
    const t = e.tMs.toFixed(1).padStart(9);
    lines.push(`${pc.dim(t + ' ms')} ${prefix[e.dir].padEnd(4)} ${e.text}`);
  }
  return lines;
}

export function renderReportText(report: Report<unknown>, opts: RenderOptions): string {
  const lines: string[] = [];
  const label = targetLabel(report);
  if (report.ok) {
    lines.push(`${pc.green('OK')}      maildoctor ${report.kind} ${label}: ${report.summary}`);
  } else {
    lines.push(`${pc.red('PROBLEM')} maildoctor ${report.kind} ${label}: failed at ${report.stage}: ${report.cause}`);
  }
  const deciding = report.findings.find((f) => f.cause === report.cause && f.stage === report.stage && !report.ok);
  if (deciding) {
    lines.push('');
    lines.push(...renderFinding(deciding, { detailed: true }));
  }
  const others = report.findings.filter((f) => f !== deciding);
  const failures = others.filter((f) => f.severity === 'error' || f.severity === 'critical');
  const warnings = others.filter((f) => f.severity === 'warning');
  const infos = others.filter((f) => f.severity === 'info');
  if (failures.length || warnings.length) {
    lines.push('');
    lines.push(pc.bold('Other findings:'));
    for (const f of [...failures, ...warnings]) lines.push(...indent(renderFinding(f, { detailed: opts.verbose || f.severity !== 'info' })));
  }
  if (infos.length) {
    lines.push('');
    lines.push(pc.bold('Notes:'));
    for (const f of infos) lines.push(...indent(renderFinding(f, { detailed: false })));
  }
  if (opts.renderFacts) {
    const factLines = opts.renderFacts(report);
    if (factLines.length) {
      lines.push('');
      lines.push(...factLines);
    }
  }
  if (opts.verbose && report.transcript.length) {
    lines.push('');
    lines.push(pc.bold('Transcript:'));
    lines.push(...indent(renderTranscript(report.transcript)));
  }
  return `${lines.join('\n')}\n`;
}
