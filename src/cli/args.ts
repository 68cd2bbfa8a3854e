/**
 * @module cli/args
 * The command-line layer: declarative command and option tables, the parser, and help.
 *
 * Why not commander (used until 0.1): a CLI diagnosis is one short process, and the target is
 * to be no slower than swaks. commander costs ~15 ms of a ~60 ms budget (its 3,400 lines plus
 * node:child_process, loaded on every run, to support features we do not use: executable
 * subcommands, hooks, async parsers). What we need fits here: `--long`, `-s`, `--long=value`,
 * values for options that take one, repeatable options, `--no-x`, choices, defaults, argument
 * parsers, one positional argument, `--`, help and did-you-mean suggestions. Nothing is
 * imported but the error type.
 */
import { UsageError } from '../core/errors.js';

/** An option: `flags` is e.g. `'-u, --user <name>'`, `'--json'` or `'--no-smtp'`. */
export interface OptionDef {
  readonly flags: string;
  readonly description: string;
  /** allowed values (compared exactly); shown in help */
  readonly choices?: readonly string[];
  /** converts the value; throws an Error whose message says what was expected */
  readonly parse?: (value: string) => unknown;
  /** value when the option is absent (shown in help unless it is boolean) */
  readonly default?: string | number | boolean;
  /** how help shows the default, when String(default) is not what a user types (10000 -> 10s) */
  readonly defaultText?: string;
  /** every occurrence is collected into an array */
  readonly repeatable?: boolean;
}

export interface ArgumentDef {
  /** e.g. `'host[:port]'` */
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** more than one may be given (a shell glob): the command gets them all (`args`) */
  readonly variadic?: boolean;
}

export type Options = Record<string, unknown>;

export interface CommandDef<O = Options> {
  readonly name: string;
  readonly description: string;
  readonly argument: ArgumentDef;
  readonly options: readonly OptionDef[];
  /** printed after the option list by --help */
  readonly helpAfter?: string;
  /** runs the command; returns the exit code. `args`: every positional (several when variadic) */
  readonly run: (arg: string | undefined, opts: O, args: string[]) => Promise<number>;
}

/**
 * Declares a command whose action reads its options as `O`. The parser builds `opts` from
 * the option table (keys in camelCase: --password-file -> passwordFile, --no-smtp -> smtp),
 * so `O` must describe that table; this is the one place where the two are tied.
 */
export function defineCommand<O>(def: CommandDef<O>): CommandDef {
  return def as unknown as CommandDef;
}

export interface ProgramDef {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly commands: readonly CommandDef[];
}

/** What to do with a command line: print text (help, version) or run a command. */
export type Parsed =
  | { kind: 'print'; text: string; code: 0 }
  | { kind: 'run'; command: CommandDef; arg: string | undefined; args: string[]; opts: Options };

/** Bad usage; `help` names the help to suggest. */
export class ArgError extends UsageError {
  constructor(
    message: string,
    readonly helpFor: string,
  ) {
    super(message);
  }
}

interface FlagInfo {
  def: OptionDef;
  long: string; // "--user"
  short?: string; // "-u"
  key: string; // "user"
  takesValue: boolean;
  valueName?: string;
  negates: boolean; // --no-x sets x=false
}

const flagCache = new WeakMap<OptionDef, FlagInfo>();

function flagInfo(def: OptionDef): FlagInfo {
  let info = flagCache.get(def);
  if (info) return info;
  const m = /^(?:(-[A-Za-z]),\s*)?(--[a-z0-9][a-z0-9-]*)(?:\s+<([^>]+)>)?$/.exec(def.flags.trim());
  if (!m) throw new Error(`bad option flags: ${def.flags}`);
  const long = m[2] as string;
  const negates = long.startsWith('--no-');
  const bare = negates ? long.slice(5) : long.slice(2);
  info = { def, long, key: camel(bare), takesValue: m[3] !== undefined, negates };
  if (m[1]) info.short = m[1];
  if (m[3]) info.valueName = m[3];
  flagCache.set(def, info);
  return info;
}

function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const HELP: OptionDef = { flags: '-h, --help', description: 'display help for this command' };

/** Parses argv (without the node and script paths). */
export function parseCommandLine(program: ProgramDef, argv: readonly string[]): Parsed {
  const first = argv[0];
  if (first === undefined) throw new ArgError('no command given', '');
  if (first === '-h' || first === '--help') return { kind: 'print', text: programHelp(program), code: 0 };
  if (first === '-V' || first === '--version') return { kind: 'print', text: `${program.version}\n`, code: 0 };
  if (first === 'help') {
    const name = argv[1];
    if (name === undefined) return { kind: 'print', text: programHelp(program), code: 0 };
    const cmd = program.commands.find((c) => c.name === name);
    if (!cmd) throw unknownCommand(program, name);
    return { kind: 'print', text: commandHelp(program, cmd), code: 0 };
  }
  if (first.startsWith('-')) throw new ArgError(`unknown option '${first}'${suggest(first, ['--help', '--version'])}`, '');
  const cmd = program.commands.find((c) => c.name === first);
  if (!cmd) throw unknownCommand(program, first);
  return parseCommand(program, cmd, argv.slice(1));
}

function unknownCommand(program: ProgramDef, name: string): ArgError {
  return new ArgError(`unknown command '${name}'${suggest(name, program.commands.map((c) => c.name))}`, '');
}

function parseCommand(program: ProgramDef, cmd: CommandDef, args: readonly string[]): Parsed {
  const infos = cmd.options.map(flagInfo);
  const byFlag = new Map<string, FlagInfo>();
  for (const i of infos) {
    byFlag.set(i.long, i);
    if (i.short) byFlag.set(i.short, i);
  }
  const opts: Options = {};
  for (const i of infos) if (i.def.default !== undefined) opts[i.key] = i.def.default;
  // --no-x alone means x defaults to true; beside a --x <value> it only turns x off
  for (const i of infos) if (i.negates && !(i.key in opts) && !infos.some((o) => o.key === i.key && !o.negates)) opts[i.key] = true;
  const positionals: string[] = [];
  for (let n = 0; n < args.length; n++) {
    const a = args[n] as string;
    if (a === '--') {
      positionals.push(...args.slice(n + 1));
      break;
    }
    if (a === '-h' || a === '--help') return { kind: 'print', text: commandHelp(program, cmd), code: 0 };
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    let eq = a.startsWith('--') ? a.indexOf('=') : -1;
    let flag = eq > 0 ? a.slice(0, eq) : a;
    let info = byFlag.get(flag);
    if (!info && !a.startsWith('--') && a.length > 2 && byFlag.get(a.slice(0, 2))?.takesValue) {
      // -ualice: a short option with its value attached
      flag = a.slice(0, 2);
      info = byFlag.get(flag);
      eq = 1;
    }
    if (!info) {
      const known = [...infos.map((i) => i.long), '--help'];
      throw new ArgError(`unknown option '${flag}'${suggest(flag, known)}`, cmd.name);
    }
    const label = info.valueName ? `${info.long} <${info.valueName}>` : info.long;
    if (!info.takesValue) {
      if (eq > 0) throw new ArgError(`option '${info.long}' takes no value`, cmd.name);
      opts[info.key] = !info.negates;
      continue;
    }
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else {
      const next = args[n + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new ArgError(`option '${label}' argument missing`, cmd.name);
      value = next;
      n++;
    }
    if (info.def.choices && !info.def.choices.includes(value)) {
      throw new ArgError(`option '${label}' argument '${value}' is invalid. Allowed choices are ${info.def.choices.join(', ')}.`, cmd.name);
    }
    let parsed: unknown = value;
    if (info.def.parse) {
      try {
        parsed = info.def.parse(value);
      } catch (e) {
        const why = (e as Error).message;
        throw new ArgError(`option '${label}' argument '${value}' is invalid: ${why}`, cmd.name);
      }
    }
    if (info.def.repeatable) {
      const prev = opts[info.key];
      opts[info.key] = Array.isArray(prev) ? [...(prev as unknown[]), parsed] : [parsed];
    } else opts[info.key] = parsed;
  }
  if (positionals.length > 1 && !cmd.argument.variadic) {
    throw new ArgError(`too many arguments for '${cmd.name}': expected ${cmd.argument.required ? '' : 'at most '}1 (${cmd.argument.name}), got ${positionals.length}`, cmd.name);
  }
  const arg = positionals[0];
  if (arg === undefined && cmd.argument.required) throw new ArgError(`missing required argument '${cmd.argument.name}'`, cmd.name);
  return { kind: 'run', command: cmd, arg, args: positionals, opts };
}

/** " (did you mean '--user'?)" when one known word is close enough. */
function suggest(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const bare = word.replace(/^-+/, '');
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(bare.length * 0.4)) ? ` (did you mean '${best}'?)` : '';
}

/** Damerau-Levenshtein distance (adjacent transpositions count as one edit). */
function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

// ---------------------------------------------------------------------------------- help

function width(): number {
  const cols = process.stdout.columns;
  return typeof cols === 'number' && cols >= 40 ? Math.min(cols, 120) : 80;
}

/** Two columns: terms padded to one width, descriptions wrapped under themselves. */
function table(rows: Array<[string, string]>): string {
  const termWidth = Math.min(Math.max(...rows.map(([t]) => t.length)) + 2, 34);
  const descWidth = Math.max(width() - termWidth - 2, 30);
  const out: string[] = [];
  for (const [term, desc] of rows) {
    const lines = wrap(desc, descWidth);
    const pad = ' '.repeat(termWidth);
    if (term.length + 2 > termWidth) {
      out.push(`  ${term}`);
      for (const l of lines) out.push(`  ${pad}${l}`);
    } else {
      lines.forEach((l, i) => out.push(`  ${i === 0 ? term.padEnd(termWidth) : pad}${l}`));
    }
  }
  return out.join('\n');
}

function wrap(text: string, w: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > w) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

function optionTerm(i: FlagInfo): string {
  const value = i.valueName ? ` <${i.valueName}>` : '';
  return i.short ? `${i.short}, ${i.long}${value}` : `    ${i.long}${value}`;
}

function optionDescription(d: OptionDef): string {
  const extras: string[] = [];
  if (d.choices) {
    // a table that accepts both spellings (PLAIN, plain) shows each choice once
    const shown = d.choices.filter((c, i) => d.choices?.findIndex((o) => o.toLowerCase() === c.toLowerCase()) === i);
    extras.push(`choices: ${shown.join(', ')}`);
  }
  if (d.default !== undefined && typeof d.default !== 'boolean') extras.push(`default: ${d.defaultText ?? String(d.default)}`);
  return extras.length ? `${d.description} (${extras.join('; ')})` : d.description;
}

/** `<path...>`, `<host>`, `[id]` */
function argumentTerm(a: ArgumentDef): string {
  const name = `${a.name}${a.variadic ? '...' : ''}`;
  return a.required ? `<${name}>` : `[${name}]`;
}

export function commandHelp(program: ProgramDef, cmd: CommandDef): string {
  const a = cmd.argument;
  const usage = `Usage: ${program.name} ${cmd.name} [options] ${argumentTerm(a)}`;
  const parts = [usage, '', cmd.description, '', 'Arguments:', table([[a.name, a.description]]), '', 'Options:'];
  parts.push(table([...cmd.options, HELP].map((d) => [optionTerm(flagInfo(d)), optionDescription(d)])));
  let text = `${parts.join('\n')}\n`;
  if (cmd.helpAfter) text += `${cmd.helpAfter.replace(/^\n?/, '\n')}\n`;
  return text;
}

export function programHelp(program: ProgramDef): string {
  const cmds = program.commands.map((c): [string, string] => [`${c.name} ${argumentTerm(c.argument)}`, c.description]);
  cmds.push(['help [command]', 'display help for a command']);
  return [
    `Usage: ${program.name} [options] [command]`,
    '',
    program.description,
    '',
    'Options:',
    table([
      ['-V, --version', 'output the version number'],
      ['-h, --help', 'display help'],
    ]),
    '',
    'Commands:',
    table(cmds),
    '',
    `Run '${program.name} help <command>' or '${program.name} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}
