/**
 * @module bounce/run
 * The `maildoctor bounce` command: reads every message of a path, analyses it and prints one
 * block (text) or one JSON line per recipient. Returns the exit code.
 */
import pc from '../cli/color.js';
import { analyzeBounce } from './analyze.js';
import { assertReadable, forEachMessage } from './mailbox-source.js';
import { EXIT, InputError, OutputError } from '../core/errors.js';
import type { Writable } from 'node:stream';
import type { BounceRecord } from './types.js';

export interface RunOptions {
  json: boolean;
  verbose: boolean;
  out?: NodeJS.WritableStream;
  /** where a file that cannot be read is reported (default: standard error) */
  err?: NodeJS.WritableStream;
}

/** Reasons that are not delivery problems (exit code 0 when only these are found). */
const NOT_PROBLEMS = new Set(['delivered', 'vacation']);

/** Characters JSON.stringify escapes: quote, backslash, controls, surrogates (lone ones are escaped). */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A value as JSON.stringify writes it; a string without such characters is quoted as it is. */
function json(v: unknown): string {
  return typeof v === 'string' && !NEEDS_ESCAPE.test(v) ? `"${v}"` : (JSON.stringify(v) ?? 'null');
}

/**
 * JSON line for one record, with the contract fields first, then the others in the order
 * analyzeBounce sets them; absent (undefined) fields are left out, as JSON.stringify does, and
 * the text is the same as JSON.stringify's. Written field by field: most values need no
 * escaping, and a native check of that is several times cheaper than JSON.stringify's
 * character-by-character serialisation of the 1-2 KB of each record (explanation, remedies).
 */
export function jsonLine(file: string, r: BounceRecord): string {
  let s = `{"file":${json(file)}`;
  const add = (key: string, v: unknown): void => {
    if (v !== undefined) s += `,"${key}":${json(v)}`;
  };
  add('recipient', r.recipient);
  add('status', r.status);
  add('replycode', r.replycode);
  add('reason', r.reason);
  add('hardbounce', r.hardbounce);
  add('diagnostic', r.diagnostic);
  add('remoteMta', r.remoteMta);
  add('command', r.command);
  add('action', r.action);
  add('reportingMta', r.reportingMta);
  add('date', r.date);
  add('cause', r.cause);
  add('explanation', r.explanation);
  if (Array.isArray(r.remedies)) {
    s += ',"remedies":[';
    for (let i = 0; i < r.remedies.length; i++) s += `${i ? ',' : ''}${json(r.remedies[i])}`;
    s += ']';
  } else add('remedies', r.remedies);
  add('lhost', r.lhost);
  add('decidedBy', r.decidedBy);
  add('statusInferred', r.statusInferred);
  add('diagnosticType', r.diagnosticType);
  add('feedbackType', r.feedbackType);
  add('origMessageId', r.origMessageId);
  add('origFrom', r.origFrom);
  add('origTo', r.origTo);
  add('origSubject', r.origSubject);
  return `${s}}`;
}

export function notBounceLine(file: string): string {
  return JSON.stringify({ file, recipient: null, status: '', replycode: '', reason: 'not-a-bounce', hardbounce: false, diagnostic: '', remoteMta: '', command: '', cause: 'not-a-bounce' });
}

function textBlock(file: string, r: BounceRecord, verbose: boolean): string {
  const hard =
    r.reason === 'delivered' || r.reason === 'vacation' || r.reason === 'feedback'
      ? ''
      : r.cause === 'delivery-delayed'
        ? pc.yellow(' delayed, still being retried')
        : r.hardbounce
          ? pc.red(' hard bounce')
          : pc.yellow(' soft bounce');
  const lines = [`${pc.bold(r.recipient || '(recipient unknown)')}  ${pc.bold(r.reason)}${hard}  ${r.status}${r.statusInferred ? ' (inferred)' : ''}${r.replycode ? ` ${r.replycode}` : ''}`];
  lines.push(`  ${r.explanation}`);
  if (r.diagnostic) lines.push(`  ${pc.dim('Diagnostic:')} ${r.diagnosticType ? `${r.diagnosticType}; ` : ''}${r.diagnostic}`);
  const where = [
    r.command && `command ${r.command}`,
    r.remoteMta && `remote MTA ${r.remoteMta}`,
    r.reportingMta && `reported by ${r.reportingMta}`,
    r.feedbackType && `feedback type ${r.feedbackType}`,
    r.date && `date ${r.date}`,
  ].filter(Boolean);
  if (where.length) lines.push(`  ${pc.dim(where.join(', '))}`);
  if (verbose) {
    lines.push(`  ${pc.dim(`decoded by ${r.lhost}; reason decided by ${r.decidedBy ?? '?'}`)}`);
    const orig = [r.origFrom && `from ${r.origFrom}`, r.origTo && `to ${r.origTo}`, r.origSubject && `subject "${r.origSubject}"`, r.origMessageId && `id ${r.origMessageId}`].filter(Boolean);
    if (orig.length) lines.push(`  ${pc.dim(`original message: ${orig.join(', ')}`)}`);
  }
  lines.push('  What to do:');
  r.remedies.forEach((x, i) => lines.push(`    ${i + 1}. ${x}`));
  return `${pc.dim(file)}\n${lines.join('\n')}\n`;
}

/**
 * Output is collected and written in chunks: one write per line costs a system call each. Lines
 * are encoded straight into a chunk buffer (no joined string, encoded again by the stream); a
 * written chunk is never reused, as a stream may still hold it. A write that fails stops the
 * run with an OutputError: a closed pipe (`| head`) is known at once (the stream is destroyed
 * while write returns), not after the whole mailbox was read for nobody.
 */
class Buffered {
  private static readonly SIZE = 1 << 16;
  private buf = Buffer.allocUnsafe(Buffered.SIZE);
  private used = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}
  write(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit
    if (this.used + s.length * 3 > this.buf.length) {
      this.flush();
      if (s.length * 3 > this.buf.length) {
        this.put(s);
        return;
      }
    }
    this.used += this.buf.write(s, this.used);
  }
  flush(): void {
    if (this.used === 0) return;
    const chunk = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(Buffered.SIZE);
    this.used = 0;
    this.put(chunk);
  }
  private put(chunk: Buffer | string): void {
    this.check();
    try {
      this.out.write(chunk);
    } catch (e) {
      // a file or terminal is written synchronously: its errors are thrown
      const err = e as NodeJS.ErrnoException;
      throw new OutputError(err.code, err.message);
    }
    this.check();
  }
  private check(): void {
    const failed: NodeJS.ErrnoException | null | undefined = (this.out as Partial<Writable>).errored;
    if (failed) throw new OutputError(failed.code, failed.message);
  }
}

/**
 * Reads every message of the paths in turn (a path that cannot be read stops the run with an
 * InputError before anything is printed for it; standard input, "-", may be given once).
 */
export async function runBounce(paths: string | readonly string[], opts: RunOptions): Promise<number> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.filter((p) => p === '-').length > 1) throw new InputError('standard input (-) can be read only once');
  await Promise.all(list.filter((p) => p !== '-').map((p) => assertReadable(p)));
  const out = new Buffered(opts.out ?? process.stdout);
  try {
    return await run(list, opts, out);
  } finally {
    out.flush();
  }
}

async function run(paths: readonly string[], opts: RunOptions, out: Buffered): Promise<number> {
  let problems = 0;
  let messages = 0;
  // A file of a directory that cannot be read is said and skipped, so the rest of the mailbox
  // is still read; the run then ends with exit code 2 (its input was not all read).
  let unreadable = 0;
  const onUnreadable = (e: InputError): void => {
    unreadable++;
    (opts.err ?? process.stderr).write(`maildoctor: ${e.message} (skipped)\n`);
  };
  // borrow: each message is analysed and its lines written before the callback returns
  for (const path of paths) await forEachMessage(path, (m) => {
    messages++;
    const records = analyzeBounce(m.raw);
    if (records.length === 0) {
      out.write(opts.json ? `${notBounceLine(m.file)}\n` : `${pc.dim(m.file)}\n  not a bounce\n\n`);
      return;
    }
    for (const r of records) {
      if (!NOT_PROBLEMS.has(r.reason)) problems++;
      out.write(opts.json ? `${jsonLine(m.file, r)}\n` : `${textBlock(m.file, r, opts.verbose)}\n`);
    }
  }, { borrow: true, onUnreadable });
  if (messages === 0 && !opts.json) out.write('no messages found\n');
  return unreadable > 0 ? EXIT.usage : problems > 0 ? EXIT.problem : EXIT.healthy;
}
