/**
 * @module cli/commands/causes
 * `maildoctor causes [ID]`: lists the catalog of root causes, or shows one with its remedies.
 */
import { UsageError } from '../../core/errors.js';
import { defineCommand } from '../args.js';

export const causesCommand = defineCommand<{ json?: boolean; area?: string }>({
  name: 'causes',
  description: 'list the root causes maildoctor can diagnose, or explain one',
  argument: { name: 'id', required: false, description: 'a cause id, e.g. auth-bad-credentials' },
  options: [
    { flags: '--area <area>', description: 'only causes of this area (network, tls, smtp, auth, imap, pop3, dns, domain, account, bounce)' },
    { flags: '--json', description: 'print as JSON' },
  ],
  async run(id, opts) {
    const { allCauses, hasCause, getCause } = await import('../../catalog/index.js');
    if (id) {
      if (!hasCause(id)) throw new UsageError(`unknown cause id "${id}" (see: maildoctor causes)`);
      const c = getCause(id);
      if (opts.json) process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
      else {
        const lines = [`${c.id} (${c.area}, ${c.severity}${c.temporary ? ', temporary' : ''})`, `  ${c.title}`, '', `  ${c.explanation}`, '', '  What to do:'];
        c.remedies.forEach((r, i) => lines.push(`    ${i + 1}. ${r}`));
        if (c.references?.length) lines.push('', `  References: ${c.references.join(', ')}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return 0;
    }
    const list = allCauses().filter((c) => !opts.area || c.area === opts.area);
    if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else process.stdout.write(`${list.map((c) => `${c.id.padEnd(34)} ${c.area.padEnd(8)} ${c.severity.padEnd(8)} ${c.title}`).join('\n')}\n`);
    return 0;
  },
});
