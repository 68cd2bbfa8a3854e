/**
 * @module account/render
 * Text lines for an account report: the one summary (incoming / outgoing / what to change),
 * the settings to configure with their source, and every source consulted.
 */
import pc from '../cli/color.js';
import type { Report } from '../core/report.js';
import type { AccountFacts, RoleSummary, SettingRef } from './facts.js';
import { protocolLabel, securityLabel } from './types.js';

function settingLine(s: SettingRef): string {
  const port = s.port === null ? 'standard ports' : `port ${s.port}`;
  const user = s.username ? `  user ${s.username}` : '';
  const from = s.guess ? `guessed (${s.origin})` : s.source === 'client' ? 'client settings' : s.origin;
  return `${protocolLabel(s.protocol).padEnd(5)} ${s.host}  ${port}  ${securityLabel(s.security)}${user}  [from ${from}]`;
}

function roleLine(r: RoleSummary): string {
  const label = r.role === 'incoming' ? 'Incoming' : 'Outgoing';
  const status =
    r.status === 'works' ? pc.green('works') : r.status === 'fails' ? pc.red('FAILS') : r.status === 'not-found' ? pc.red('no server found') : pc.dim('not tested');
  return `${label.padEnd(9)} ${status}  ${r.detail}`;
}

export function renderAccountFacts(report: Report<AccountFacts>): string[] {
  const f = report.facts;
  const lines: string[] = [pc.bold(`Account ${f.address}:`)];
  lines.push(`  ${roleLine(f.summary.incoming)}`, `  ${roleLine(f.summary.outgoing)}`);
  const settings = [f.summary.incoming.setting, f.summary.outgoing.setting].filter((s): s is SettingRef => s !== null);
  if (settings.length) {
    lines.push('', pc.bold('Settings to configure:'));
    for (const s of settings) lines.push(`  ${settingLine(s)}`);
  }
  if (f.summary.changes.length) {
    lines.push('', pc.bold('What to change:'));
    f.summary.changes.forEach((c, i) => lines.push(`  ${i + 1}. ${c}`));
  }
  if (f.client.length) {
    lines.push('', pc.bold('Client settings:'));
    for (const c of f.client) {
      const cl = `${c.client.host}${c.client.port ? `:${c.client.port}` : ''}`;
      const state = c.matches === null ? 'nothing published to compare with' : c.matches ? 'matches what the domain publishes' : `differs from the published ${c.published?.host ?? '?'}`;
      const works = c.clientOk === undefined ? '' : c.clientOk ? ', works' : ', does not work';
      lines.push(`  ${protocolLabel(c.protocol).padEnd(5)} ${cl}: ${state}${works}`);
    }
  }
  lines.push('', pc.bold('Where the settings came from:'));
  for (const s of f.sources) {
    const servers = s.servers.length
      ? `: ${s.servers.map((x) => `${x.protocol} ${x.host}${x.port ? `:${x.port}` : ''}${x.security !== 'auto' ? ` ${x.security}` : ''}`).join(', ')}`
      : '';
    const status = s.status === 'found' ? pc.green(s.status) : s.status === 'invalid' ? pc.yellow(s.status) : pc.dim(s.status);
    lines.push(`  ${s.origin}  ${status}${s.detail && s.status !== 'found' ? ` (${s.detail})` : ''}${servers}`);
  }
  return lines;
}
