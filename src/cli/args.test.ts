import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgError, commandHelp, defineCommand, parseCommandLine, programHelp, type ProgramDef } from './args.js';
import { durationArg, portArg } from './options.js';
import { PROGRAM } from './program.js';

const ran: unknown[] = [];
const probe = defineCommand<Record<string, unknown>>({
  name: 'probe',
  description: 'a test command',
  argument: { name: 'host', required: true, description: 'the host' },
  options: [
    { flags: '-u, --user <name>', description: 'user' },
    { flags: '--to <address>', description: 'recipient', repeatable: true },
    { flags: '--security <mode>', description: 'mode', choices: ['auto', 'tls'] },
    { flags: '--timeout <duration>', description: 'limit', parse: durationArg, default: 10_000, defaultText: '10s' },
    { flags: '--port <port>', description: 'port', parse: portArg },
    { flags: '--json', description: 'json' },
    { flags: '--no-smtp', description: 'no smtp' },
    { flags: '--dnsbl <zone>', description: 'zone', repeatable: true },
    { flags: '--no-dnsbl', description: 'no zones' },
    { flags: '--password-file <file>', description: 'file' },
  ],
  helpAfter: 'Examples:\n  test probe host',
  run: async (arg, opts) => {
    ran.push([arg, opts]);
    return 0;
  },
});
const list = defineCommand<Record<string, unknown>>({
  name: 'list',
  description: 'optional argument',
  argument: { name: 'id', required: false, description: 'an id' },
  options: [],
  run: async () => 0,
});
const many = defineCommand<Record<string, unknown>>({
  name: 'many',
  description: 'several paths',
  argument: { name: 'path', required: true, variadic: true, description: 'paths' },
  options: [{ flags: '--json', description: 'json' }],
  run: async () => 0,
});
const program: ProgramDef = { name: 'test', description: 'a test program', version: '9.8.7', commands: [probe, list, many] };

function run(...argv: string[]) {
  const p = parseCommandLine(program, argv);
  assert.equal(p.kind, 'run');
  if (p.kind !== 'run') throw new Error('unreachable');
  return { arg: p.arg, opts: p.opts };
}

function usageError(argv: string[], message: RegExp): void {
  assert.throws(() => parseCommandLine(program, argv), (e: unknown) => e instanceof ArgError && e.exitCode === 2 && message.test(e.message), argv.join(' '));
}

describe('parseCommandLine', () => {
  test('options: long, short, attached values, =, repeatable, camelCase keys, defaults', () => {
    const r = run('probe', 'mail.example.com', '-u', 'alice', '--to', 'a@x', '--to=b@x', '--timeout', '500ms', '--json', '--password-file', 'pw');
    assert.equal(r.arg, 'mail.example.com');
    assert.deepEqual(r.opts, { timeout: 500, smtp: true, user: 'alice', to: ['a@x', 'b@x'], json: true, passwordFile: 'pw' });
    assert.equal(run('probe', '-ubob', 'h').opts.user, 'bob');
    assert.equal(run('probe', 'h').opts.timeout, 10_000);
    assert.equal(run('probe', 'h', '--port', '2525').opts.port, 2525);
  });

  test('--no-x alone defaults x to true; beside --x <value> it only turns x off', () => {
    assert.equal(run('probe', 'h').opts.smtp, true);
    assert.equal(run('probe', 'h', '--no-smtp').opts.smtp, false);
    assert.equal(run('probe', 'h').opts.dnsbl, undefined);
    assert.deepEqual(run('probe', 'h', '--dnsbl', 'z1', '--dnsbl', 'z2').opts.dnsbl, ['z1', 'z2']);
    assert.equal(run('probe', 'h', '--no-dnsbl').opts.dnsbl, false);
  });

  test('-- ends the options; "-" is a positional (standard input)', () => {
    assert.equal(run('probe', '--', '--weird-host').arg, '--weird-host');
    assert.equal(run('probe', '-').arg, '-');
  });

  test('bad usage names the problem', () => {
    usageError([], /no command given/);
    usageError(['prboe'], /unknown command 'prboe' \(did you mean 'probe'\?\)/);
    usageError(['zzzzzz'], /^unknown command 'zzzzzz'$/);
    usageError(['--bogus'], /unknown option '--bogus'/);
    usageError(['probe', 'h', '--secrity', 'tls'], /unknown option '--secrity' \(did you mean '--security'\?\)/);
    usageError(['probe', 'h', '--security', 'ssl'], /argument 'ssl' is invalid\. Allowed choices are auto, tls\./);
    usageError(['probe', 'h', '--timeout', 'soon'], /'--timeout <duration>' argument 'soon' is invalid: expected a duration/);
    usageError(['probe', 'h', '--port', '70000'], /out of range/);
    usageError(['probe', 'h', '--to'], /option '--to <address>' argument missing/);
    usageError(['probe', 'h', '--to', '--json'], /argument missing/);
    usageError(['probe', 'h', '--json=yes'], /takes no value/);
    usageError(['probe'], /missing required argument 'host'/);
    usageError(['probe', 'a', 'b'], /too many arguments for 'probe'/);
    usageError(['list', 'a', 'b'], /expected at most 1/);
    usageError(['many', '--json'], /missing required argument 'path'/);
  });

  test('a variadic argument takes every positional, options anywhere', () => {
    const p = parseCommandLine(program, ['many', 'a.eml', '--json', 'b.eml', '--', '-c.eml']);
    assert.equal(p.kind, 'run');
    if (p.kind !== 'run') return;
    assert.deepEqual(p.args, ['a.eml', 'b.eml', '-c.eml']);
    assert.equal(p.arg, 'a.eml');
    assert.equal(p.opts.json, true);
    assert.match(commandHelp(program, many), /Usage: test many \[options\] <path\.\.\.>/);
  });

  test('help and version print and exit 0', () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const p = parseCommandLine(program, argv);
      assert.equal(p.kind, 'print');
      if (p.kind === 'print') assert.match(p.text, /Usage: test \[options\] \[command\][\s\S]*probe <host>[\s\S]*list \[id\]/);
    }
    for (const argv of [['probe', '--help'], ['probe', 'h', '-h'], ['help', 'probe']]) {
      const p = parseCommandLine(program, argv);
      assert.equal(p.kind, 'print');
      if (p.kind === 'print') assert.equal(p.text, commandHelp(program, probe));
    }
    const v = parseCommandLine(program, ['--version']);
    assert.deepEqual(v, { kind: 'print', text: '9.8.7\n', code: 0 });
    usageError(['help', 'nope'], /unknown command 'nope'/);
  });

  test('command help lists every option with choices and defaults, then the extra text', () => {
    const h = commandHelp(program, probe);
    assert.match(h, /^Usage: test probe \[options\] <host>\n/);
    assert.match(h, /-u, --user <name>\s+user\n/);
    assert.match(h, /--security <mode>\s+mode \(choices: auto, tls\)/);
    assert.match(h, /--timeout <duration>\s+limit \(default: 10s\)/);
    assert.match(h, /-h, --help/);
    assert.match(h, /\n\nExamples:\n {2}test probe host\n$/);
    assert.doesNotMatch(programHelp(program), /undefined/);
  });

  test('the real command table parses and documents every option', () => {
    for (const cmd of PROGRAM.commands) {
      const h = commandHelp(PROGRAM, cmd);
      for (const o of cmd.options) assert.ok(h.includes(o.flags.replace(/^-[A-Za-z], /, '')), `${cmd.name}: ${o.flags}`);
    }
    const smtp = parseCommandLine(PROGRAM, ['smtp', 'mail.example.com:587', '--auth-type', 'xoauth2', '--to', 'a@example.org', '--to', 'b@example.org', '--timeout', '3s']);
    assert.equal(smtp.kind, 'run');
    if (smtp.kind === 'run') assert.deepEqual(smtp.opts, { timeout: 3000, mode: 'submission', authType: 'xoauth2', to: ['a@example.org', 'b@example.org'] });
    const domain = parseCommandLine(PROGRAM, ['domain', 'example.com', '--no-dkim-probe', '--no-smtp']);
    if (domain.kind === 'run') assert.deepEqual(domain.opts, { smtpPort: 25, httpsPort: 443, timeout: 10_000, concurrency: 10, dkimProbe: false, smtp: false });
    else assert.fail('domain did not parse');
  });
});
