/**
 * @module probes/imap/render
 * The IMAP part of the human output: settings, attempts, server and TLS, capabilities,
 * INBOX counts and the folder table (role, how it was recognised, counts with --folders).
 */
import type { Report } from '../../core/report.js';
import { renderConnection } from '../incoming/render.js';
import type { ImapFacts } from './types.js';

export function renderImapFacts(report: Report<ImapFacts>): string[] {
  const f = report.facts;
  const out = renderConnection(f);
  if (f.capabilities.length) out.push(`Capabilities: ${f.capabilities.join(' ')}`);
  for (const a of f.alerts) out.push(`Server alert: ${a}`);
  if (f.inbox) {
    out.push(`INBOX: ${f.inbox.exists ?? '?'} messages, ${f.inbox.unseen ?? '?'} unseen, UIDVALIDITY ${f.inbox.uidValidity ?? '?'}${f.inbox.readOnly ? ' (opened read-only)' : ''}`);
  }
  if (f.folders) out.push(...renderFolderTable(f));
  return out;
}

export function renderFolderTable(f: ImapFacts): string[] {
  const folders = f.folders ?? [];
  const withCounts = folders.some((x) => x.messages !== undefined);
  const nameWidth = Math.min(40, Math.max(6, ...folders.map((x) => x.displayName.length)));
  const lines = [`Folders (${folders.length}, via ${f.listCommand ?? 'LIST'}):`];
  const head = `  ${'Folder'.padEnd(nameWidth)}  ${'Role'.padEnd(9)}  ${'Found by'.padEnd(10)}${withCounts ? '  Messages  Unseen' : ''}`;
  lines.push(head.trimEnd());
  for (const x of folders) {
    const by = x.roleSource === 'extension' ? 'attribute' : x.roleSource === 'name' ? 'name' : '';
    let counts = '';
    if (withCounts) {
      counts = x.messages === undefined ? '' : x.messages === null ? `  ${(x.statusError ? 'n/a' : '?').padStart(8)}  ${''.padStart(6)}` : `  ${String(x.messages).padStart(8)}  ${String(x.unseen ?? '?').padStart(6)}`;
    }
    const name = x.displayName.length > nameWidth ? `${x.displayName.slice(0, nameWidth - 1)}…` : x.displayName;
    lines.push(`  ${name.padEnd(nameWidth)}  ${(x.role ?? '').padEnd(9)}  ${by.padEnd(10)}${counts}${x.selectable ? '' : '  (not selectable)'}`.trimEnd());
  }
  return lines;
}
