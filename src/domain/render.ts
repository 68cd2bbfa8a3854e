/**
 * @module domain/render
 * The facts part of `maildoctor domain` text output: one block per section (MX hosts with
 * addresses, reverse DNS and SMTP outcome; SPF with its lookup count; DKIM; DMARC; MTA-STS;
 * TLS-RPT; blocklists; client settings), and with -v the SPF lookup tree.
 */
import pc from '../cli/color.js';
import type { Report } from '../core/report.js';
import type { DomainFacts } from './check-domain.js';
import type { SpfTreeFacts } from './spf.js';

function row(label: string, text: string): string {
  return `  ${pc.bold(label.padEnd(12))} ${text}`;
}

function treeLines(t: SpfTreeFacts, indent: string, num: string, out: string[]): void {
  const head = `${indent}${num}${t.via ?? t.domain}`;
  if (t.status === 'none') out.push(`${head}: no SPF record`);
  else if (t.status === 'dns-failure' || t.status === 'loop' || t.status === 'not-followed' || t.status === 'multiple') out.push(`${head}: ${t.detail ?? t.status}`);
  else out.push(`${head}${t.lookups ? ` [${t.lookups} below]` : ''}: "${t.record ?? ''}"`);
  for (const term of t.terms) {
    const n = term.lookup !== undefined ? `#${term.lookup} ` : '';
    if (term.child) treeLines(term.child, `${indent}  `, n, out);
    else if (term.lookup !== undefined || term.note) out.push(`${indent}  ${n}${term.term}${term.void !== undefined ? ` (void #${term.void})` : ''}${term.note ? ` (${term.note})` : ''}`);
  }
}

export function renderDomainFacts(report: Report<DomainFacts>, verbose = false): string[] {
  const f = report.facts;
  const lines: string[] = [pc.bold('What was found:')];
  // MX
  if (f.mx.nullMx && !f.mx.hosts.length) lines.push(row('MX', 'null MX (0 .): the domain accepts no mail'));
  else if (f.mx.implicit) lines.push(row('MX', f.mx.hosts.length ? `none; implicit MX ${f.mx.hosts[0]?.host ?? ''}` : 'none, and no address'));
  for (const h of f.mx.hosts) {
    const head = `${h.priority ?? '-'} ${h.host}${h.cname ? ` (CNAME ${h.cname})` : ''}${h.status !== 'ok' ? `: ${h.status}` : ''}`;
    lines.push(row(h === f.mx.hosts[0] ? 'MX' : '', head));
    for (const a of h.addresses) {
      const ptr = a.ptr.length ? `PTR ${a.ptr.join(',')}${a.fcrdns ? ' (confirmed)' : a.fcrdns === false ? ' (does not resolve back)' : ''}` : 'no PTR';
      let smtp = '';
      if (a.smtp) {
        const tls = a.smtp.tls ? `${a.smtp.tls.protocol ?? 'TLS'}${a.smtp.tls.valid ? ', certificate valid' : `, certificate problem: ${a.smtp.tls.verifyError ?? (a.smtp.tls.hostnameMatches ? '?' : 'name mismatch')}`}` : a.smtp.starttls === false ? 'no STARTTLS' : '';
        smtp = a.smtp.reachable ? `; SMTP answers${tls ? ` (${tls})` : ''}` : `; SMTP ${a.smtp.cause ?? 'failed'}`;
      }
      lines.push(row('', `  ${a.address}  ${ptr}${smtp}`));
    }
  }
  if (f.ip) lines.push(row('--ip', `${f.ip.address}  ${f.ip.ptr.length ? `PTR ${f.ip.ptr.join(',')}${f.ip.fcrdns ? ' (confirmed)' : ' (not confirmed)'}` : 'no PTR'}${f.ip.spf ? `; SPF ${f.ip.spf}` : ''}`));
  // SPF
  if (f.spf) {
    const s = f.spf;
    if (s.record) lines.push(row('SPF', `"${s.record}"`), row('', `${s.lookups}/${s.limit} DNS lookups, ${s.voidLookups}/${s.voidLimit} void${s.effectiveAll ? `, ends in ${s.effectiveAll}all` : ''}`));
    else lines.push(row('SPF', 'none'));
    if (s.result) lines.push(row('', `for ${s.result.ip}: ${s.result.result}`));
    if (verbose && s.record) {
      const t: string[] = [];
      treeLines(s.tree, '    ', '', t);
      lines.push(row('', 'lookup tree:'), ...t);
    }
  }
  // DKIM
  if (f.dkim) {
    const found = f.dkim.selectors.filter((s) => s.status !== 'missing');
    const list = f.dkim.selectors.map((s) => `${s.selector} (${s.status === 'found' ? `${s.keyType ?? '?'}${s.bits ? ` ${s.bits}` : ''}${s.testing ? ', t=y' : ''}` : s.status})`);
    lines.push(row('DKIM', list.length ? list.join(', ') : `no key among ${f.dkim.probed} common selector names`));
    if (f.dkim.wildcard) lines.push(row('', 'a wildcard answers every selector name'));
    else if (!found.length && f.dkim.selectors.length) lines.push(row('', `no key among ${f.dkim.probed} common selector names either`));
  }
  // DMARC
  if (f.dmarc) {
    const d = f.dmarc;
    if (d.record) {
      lines.push(row('DMARC', `"${d.record}"${d.inherited ? ` (from ${d.policyDomain ?? '?'})` : ''}`));
      const ext = d.external.map((e) => `${e.tag} ${e.uri}: ${e.authorized === null ? 'unknown' : e.authorized ? 'authorised' : 'NOT authorised'}`);
      if (ext.length) lines.push(row('', ext.join('; ')));
    } else lines.push(row('DMARC', 'none'));
  }
  // MTA-STS / TLS-RPT
  if (f.mtaSts) {
    const m = f.mtaSts;
    if (!m.record) lines.push(row('MTA-STS', 'none'));
    else {
      lines.push(row('MTA-STS', `"${m.record}"`));
      if (m.mode) lines.push(row('', `policy: mode ${m.mode}, max_age ${m.maxAge ?? '?'}, mx ${m.mx.join(' ') || '-'}`));
      else if (m.fetch && !m.fetch.ok) lines.push(row('', `policy: ${m.fetch.detail ?? `HTTP ${m.fetch.status ?? '?'}`}`));
      const uncovered = m.coverage.filter((c) => !c.covered).map((c) => c.host);
      if (m.coverage.length) lines.push(row('', uncovered.length ? `not covered: ${uncovered.join(', ')}` : 'covers every MX host'));
    }
  }
  if (f.tlsRpt) lines.push(row('TLS-RPT', f.tlsRpt.record ? `"${f.tlsRpt.record}"` : 'none'));
  // Reputation
  if (f.reputation) {
    const r = f.reputation;
    const listed = r.checks.filter((c) => c.result === 'listed');
    const addresses = new Set(r.checks.map((c) => c.address)).size;
    const failed = r.checks.filter((c) => c.result === 'error').length;
    const verdict = listed.length ? `${listed.length} listing${listed.length > 1 ? 's' : ''}` : failed === r.checks.length && failed ? 'no answer' : 'not listed';
    lines.push(row('Blocklists', `${r.zones.length} zone${r.zones.length === 1 ? '' : 's'} x ${addresses} address${addresses === 1 ? '' : 'es'}: ${verdict}${failed && failed < r.checks.length ? ` (${failed} lookups failed)` : ''}`));
    for (const c of r.checks.filter((x) => x.result !== 'not-listed')) lines.push(row('', `${c.address} on ${c.zone}: ${c.result}${c.meaning ? ` (${c.meaning})` : ''}`));
  }
  // Client settings
  if (f.clientSettings) {
    const c = f.clientSettings;
    const srv = c.srv.filter((s) => s.status !== 'absent').map((s) => `${s.name.split('.')[0] ?? s.name} ${s.status === 'found' ? s.targets.join(',') : s.status}`);
    const auto = c.autoconfig.filter((a) => a.status !== 'absent').map((a) => `autoconfig ${a.status}`);
    lines.push(row('Clients', [...srv, ...auto].join('; ') || 'no SRV records, no autoconfig'));
  }
  lines.push(row('DNS', `${f.dns.queries} queries to ${f.dns.server}`));
  return lines;
}
