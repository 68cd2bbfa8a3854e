/**
 * @module bounce/mailbox-source
 * Messages from a path: an .eml file, an mbox file (split at "From " lines), a Maildir
 * (cur/ and new/, and its folders), a plain directory of files (recursively), or standard input
 * ("-"); see listFiles for what a directory holds.
 * Memory stays bounded: at most MAX_PARSE_BYTES of each message are kept, the rest is skipped
 * (and the message marked truncated); mbox files and stdin are streamed.
 */
import { closeSync, createReadStream, openSync, promises as fs, readSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import { MAX_PARSE_BYTES } from './mime/parse.js';

export interface SourceMessage {
  /** file path; for mbox members "path:N" (1-based); "-" or "-:N" for stdin */
  file: string;
  raw: Buffer;
  truncated: boolean;
}

const SEP = Buffer.from('\nFrom ');
/** "From sender date" (mboxo/mboxrd separator): a "From " line with a weekday or a year after the sender. */
const FROM_LINE = /^From \S+ +(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|\S+ .*\b(?:19|20)\d\d\b)/;

/** True when the bytes start with "From " (an mbox), compared in place (no string made per file). */
function startsWithFrom(buf: Buffer): boolean {
  return buf.length >= 5 && buf[0] === 0x46 && buf[1] === 0x72 && buf[2] === 0x6f && buf[3] === 0x6d && buf[4] === 0x20;
}

function isFromLine(buf: Buffer, at: number): boolean {
  const end = buf.indexOf(10, at);
  const line = buf.subarray(at, end < 0 ? Math.min(buf.length, at + 200) : Math.min(end, at + 200)).toString('latin1');
  // at a chunk end the line may be incomplete: accept it, a real body line rarely starts so
  return end < 0 || FROM_LINE.test(line);
}

/** Splits a byte stream into messages: mbox when it starts with "From ", else one message. */
async function* splitStream(stream: Readable, name: string, cap: number): AsyncGenerator<SourceMessage> {
  let kept: Buffer[] = [];
  let keptLen = 0;
  let truncated = false;
  let carry = Buffer.alloc(0);
  let first = true;
  let isMbox = false;
  let index = 0;
  const add = (b: Buffer): void => {
    if (b.length === 0) return;
    const room = cap - keptLen;
    if (room <= 0) {
      truncated = true;
      return;
    }
    const piece = b.length > room ? b.subarray(0, room) : b;
    if (piece.length < b.length) truncated = true;
    kept.push(Buffer.from(piece));
    keptLen += piece.length;
  };
  // An mbox member is named "path:N"; a file holding a single message keeps its plain name.
  let held: SourceMessage | undefined;
  const emit = (): SourceMessage | undefined => {
    if (keptLen === 0) return undefined;
    index++;
    const m = { file: `${name}:${index}`, raw: Buffer.concat(kept, keptLen), truncated };
    kept = [];
    keptLen = 0;
    truncated = false;
    return m;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (first) {
      first = false;
      isMbox = startsWithFrom(data);
    }
    if (!isMbox) {
      add(data);
      carry = Buffer.alloc(0);
      continue;
    }
    let start = 0;
    for (let i = data.indexOf(SEP, 0); i >= 0; i = data.indexOf(SEP, i + 1)) {
      if (!isFromLine(data, i + 1)) continue;
      add(data.subarray(start, i + 1));
      const m = emit();
      if (m) {
        if (held) yield held;
        held = m;
      }
      start = i + 1;
    }
    const keepFrom = Math.max(start, data.length - (SEP.length - 1));
    add(data.subarray(start, keepFrom));
    carry = Buffer.from(data.subarray(keepFrom));
  }
  add(carry);
  const last = emit();
  if (index === 1) {
    const only = last ?? held;
    if (only) yield { ...only, file: name };
    return;
  }
  if (held) yield held;
  if (last) yield last;
}

/** Read buffer shared by every file read: one allocation, not one per file (see readHead). */
let scratch: Buffer | undefined;

/**
 * The first `cap` bytes of a file, and whether there is more. Read synchronously: a sequence of
 * small synchronous reads is several times faster than the libuv thread pool round trips of
 * fs/promises, and a CLI has nothing else to do meanwhile. The file is read into one reused
 * buffer until end of file (no fstat: Node builds a full Stats object, dates included, for
 * each call), then the bytes are copied out at their exact size, or, with `borrow`, handed out
 * as a view of the shared buffer, valid until the next read (see SourceOptions.borrow).
 */
function readHead(path: string, cap: number, borrow = false): { head: Buffer; more: boolean } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${why(e as NodeJS.ErrnoException)}`);
  }
  try {
    const want = cap + 1;
    if (!scratch || scratch.length < want) scratch = Buffer.allocUnsafe(want);
    const buf = scratch;
    let off = 0;
    while (off < want) {
      const n = readSync(fd, buf, off, want - off, null);
      if (n === 0) break;
      off += n;
    }
    const len = Math.min(off, cap);
    if (borrow) return { head: buf.subarray(0, len), more: off > cap };
    const head = Buffer.allocUnsafe(len);
    buf.copy(head, 0, 0, len);
    return { head, more: off > cap };
  } finally {
    closeSync(fd);
  }
}

function hasSeparator(buf: Buffer): boolean {
  for (let i = buf.indexOf(SEP); i >= 0; i = buf.indexOf(SEP, i + 1)) if (isFromLine(buf, i + 1)) return true;
  return false;
}

/**
 * The messages of one file: the file itself, or, for an mbox, each message in it. A plain
 * file costs no generator (the directory loop calls this for every file).
 */
function messagesOf(path: string, cap: number, borrow = false): SourceMessage | AsyncGenerator<SourceMessage> {
  const { head, more } = readHead(path, cap, borrow);
  if (isGzip(head, path)) return gunzipped(path, cap);
  // an mbox read whole is split from its own copy of the bytes: its messages outlive the next
  // read (a longer one is streamed from the file again, and its head not used)
  return plainMessage(path, head, more) ?? splitMbox(path, borrow && !more ? Buffer.from(head) : head, more, cap);
}

/**
 * Files that are not mail as such, known by their first bytes, and what to do with them. gzip is
 * read (see gunzipped); these are said, not reported as "not a bounce".
 */
const FOREIGN: Array<{ magic: number[]; what: string }> = [
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Outlook .msg file, not a MIME message: save it from Outlook as .eml, or convert it (msgconvert, Debian package libemail-outlook-message-perl)' },
  { magic: [0x42, 0x5a, 0x68], what: 'compressed with bzip2: decompress it first (bunzip2 -k, or bzcat FILE | maildoctor bounce -)' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'compressed with xz: decompress it first (unxz -k, or xzcat FILE | maildoctor bounce -)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'compressed with zstd: decompress it first (unzstd, or zstdcat FILE | maildoctor bounce -)' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive: extract it first (unzip), then give the directory' },
];

/**
 * What the first bytes of a file (or of standard input, `name`) say: true for gzip data, an
 * InputError for a file that is not mail (FOREIGN), false for anything else. A loop, as it runs
 * for every file.
 */
function isGzip(head: Buffer, name: string): boolean {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
  outer: for (const f of FOREIGN) {
    if (f.magic.length > head.length) continue;
    for (let i = 0; i < f.magic.length; i++) if (head[i] !== f.magic[i]) continue outer;
    throw new InputError(`cannot read ${name}: ${f.what}`);
  }
  return false;
}

/**
 * Standard input as a file would be read: gzip data is decompressed (`maildoctor bounce - <
 * box.mbox.gz`), and a file that is not mail (FOREIGN) is an input error. The first bytes are
 * gathered to tell, then given back in front of the rest.
 */
async function* fromStdin(stdin: Readable, cap: number): AsyncGenerator<SourceMessage> {
  const chunks = (stdin as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let got = 0;
  let ended = false;
  while (got < 8) {
    const n = await chunks.next();
    if (n.done) {
      ended = true;
      break;
    }
    const b = typeof n.value === 'string' ? Buffer.from(n.value, 'latin1') : n.value;
    first.push(b);
    got += b.length;
  }
  const head = Buffer.concat(first);
  const all = Readable.from((async function* () {
    if (head.length) yield head;
    if (ended) return;
    for (let n = await chunks.next(); !n.done; n = await chunks.next()) yield n.value;
  })(), { objectMode: false });
  yield* isGzip(head, 'standard input') ? gunzipStream(all, '-', cap) : splitStream(all, '-', cap);
}

/** Decompresses a gzip stream and splits what it holds (see gunzipped). */
async function* gunzipStream(stream: Readable, name: string, cap: number): AsyncGenerator<SourceMessage> {
  // loaded here, not with the module: most runs read no compressed file (start-up cost)
  const { createGunzip } = await import('node:zlib');
  try {
    yield* splitStream(stream.pipe(createGunzip()), name, cap);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${name === '-' ? 'standard input' : name}: not valid gzip data (${(e as Error).message})`);
  }
}

/**
 * A gzip-compressed file (an mbox or a message archived with gzip, as mailing-list archives
 * are): decompressed as a stream and split as any file, so memory stays bounded by the cap
 * per message whatever the file's size. Corrupt data stops the run with an InputError.
 */
async function* gunzipped(path: string, cap: number): AsyncGenerator<SourceMessage> {
  yield* gunzipStream(createReadStream(path, { highWaterMark: 1 << 20 }), path, cap);
}

/** An mbox longer than the cap is read again as a stream, so every message is seen. */
function splitMbox(path: string, head: Buffer, more: boolean, cap: number): AsyncGenerator<SourceMessage> {
  return splitStream(more ? createReadStream(path, { highWaterMark: 1 << 20 }) : Readable.from([head]), path, cap);
}

/** The file as one message, or undefined when it is an mbox. */
function plainMessage(path: string, head: Buffer, more: boolean): SourceMessage | undefined {
  if (startsWithFrom(head) && (more || hasSeparator(head))) return undefined;
  return { file: path, raw: head, truncated: more };
}

/** Entries of a directory in name order (code units: the same order on every system). */
async function sortedEntries(dir: string): Promise<Dirent[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${dir}: ${why(e)}`);
  });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The entries of a subdirectory met in a walk, or undefined when it cannot be read and
 * `onUnreadable` takes the error (see SourceOptions.onUnreadable).
 */
async function subEntries(dir: string, onUnreadable?: (err: InputError) => void): Promise<Dirent[] | undefined> {
  try {
    return await sortedEntries(dir);
  } catch (e) {
    if (!skipped(e, onUnreadable)) throw e;
    return undefined;
  }
}

/**
 * The message files under a directory, in name order.
 * - A Maildir (a cur/ or new/ subdirectory): the messages of cur/ and new/, then those of its
 *   folders, the subdirectories that are Maildirs themselves: Maildir++ (.Sent, .Junk,
 *   .INBOX.Bounces: Dovecot's and Courier's default layout) and Dovecot's LAYOUT=fs (Sent/cur).
 *   tmp/ (deliveries in progress), the server's own files (dovecot-uidlist, dovecot.index*,
 *   subscriptions, maildirfolder) and its other directories (courierimapkeywords/) are not mail.
 * - Any other directory: every file not starting with "." (hidden), and its subdirectories.
 * A link to a file is read: the search-result maildirs of mu (`mu find --format=links`) and
 * notmuch are made of links. A link to a directory is not followed (as find without -L: no
 * cycles), and a dangling one has nothing to read.
 */
async function listFiles(dir: string, entries: Dirent[], onUnreadable?: (err: InputError) => void): Promise<string[]> {
  // what join(dir, name) gives, without normalising a path per entry ("a/b/" + name; "" for ".")
  const prefix = join(dir, 'x').slice(0, -1);
  const out: string[] = [];
  // a subdirectory that cannot be read is said (onUnreadable) and skipped, or stops the walk
  const into = async (sub: string, maildirOnly: boolean): Promise<void> => {
    const list = await subEntries(sub, onUnreadable);
    if (list && (!maildirOnly || isMaildir(list))) out.push(...(await listFiles(sub, list, onUnreadable)));
  };
  if (isMaildir(entries)) {
    for (const box of ['cur', 'new']) if (entries.some((e) => e.name === box && e.isDirectory())) await into(prefix + box, false);
    for (const e of entries) {
      if (!e.isDirectory() || e.name === 'cur' || e.name === 'new' || e.name === 'tmp') continue;
      await into(prefix + e.name, true);
    }
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = prefix + e.name;
    if (e.isDirectory()) await into(p, false);
    else if (e.isFile() || (e.isSymbolicLink() && (await fs.stat(p).catch(() => undefined))?.isFile())) out.push(p);
  }
  return out;
}

/** True for the entries of a Maildir: a cur/ or new/ subdirectory. */
function isMaildir(entries: readonly Dirent[]): boolean {
  return entries.some((e) => (e.name === 'cur' || e.name === 'new') && e.isDirectory());
}

export interface SourceOptions {
  cap?: number;
  stdin?: Readable;
  /**
   * A file or subdirectory found in a directory that cannot be read (removed meanwhile, no
   * permission, corrupt gzip, not mail: see FOREIGN) is given to this callback and skipped, so
   * that one bad file does not stop the walk of a mailbox. Without it, its InputError stops the walk. The path
   * given itself, when it is a file, always throws.
   */
  onUnreadable?: (err: InputError) => void;
}

export interface EachOptions extends SourceOptions {
  /**
   * A message read from a file of its own is handed to the callback as a view of the read
   * buffer, valid only until the callback returns (the next file is read into the same memory).
   * Saves a copy per message (~4 us, a tenth of reading it) for a caller that is done with the
   * bytes when it returns, as `maildoctor bounce` is.
   */
  borrow?: boolean;
}

/** Yields every message found at `path` ("-" for standard input). */
export async function* readMailboxSource(path: string, opts: SourceOptions = {}): AsyncGenerator<SourceMessage> {
  const cap = opts.cap ?? MAX_PARSE_BYTES;
  if (path === '-') {
    yield* fromStdin(opts.stdin ?? process.stdin, cap);
    return;
  }
  const { files, walked } = await filesAt(path, opts.onUnreadable);
  for (const f of files) {
    const m = openMessages(f, cap, false, walked ? opts.onUnreadable : undefined);
    if (!m) continue;
    if ('raw' in m) yield m;
    else yield* skipping(m, walked ? opts.onUnreadable : undefined);
  }
}

/**
 * Calls `each` for every message found at `path`, in the order readMailboxSource yields them.
 * A file holding one message is read and handed over synchronously: no async-generator step
 * and promise per message (a resumed generator per message was also one more function for V8
 * to optimise); only standard input and mbox files are streamed.
 */
export async function forEachMessage(path: string, each: (m: SourceMessage) => void, opts: EachOptions = {}): Promise<void> {
  const cap = opts.cap ?? MAX_PARSE_BYTES;
  if (path === '-') {
    for await (const m of fromStdin(opts.stdin ?? process.stdin, cap)) each(m);
    return;
  }
  const { files, walked } = await filesAt(path, opts.onUnreadable);
  const onUnreadable = walked ? opts.onUnreadable : undefined;
  for (const f of files) {
    const m = openMessages(f, cap, opts.borrow === true, onUnreadable);
    if (!m) continue;
    if ('raw' in m) each(m);
    else for await (const x of skipping(m, onUnreadable)) each(x);
  }
}

/**
 * True when `e` is an InputError (a file or directory that cannot be read) and `onUnreadable`
 * took it; any other error (a consumer's, a bug) is for the caller to throw.
 */
function skipped(e: unknown, onUnreadable?: (err: InputError) => void): boolean {
  if (!(e instanceof InputError) || !onUnreadable) return false;
  onUnreadable(e);
  return true;
}

/** messagesOf, or undefined when the file cannot be read and `onUnreadable` takes the error. */
function openMessages(file: string, cap: number, borrow: boolean, onUnreadable?: (err: InputError) => void): SourceMessage | AsyncGenerator<SourceMessage> | undefined {
  try {
    return messagesOf(file, cap, borrow);
  } catch (e) {
    if (!skipped(e, onUnreadable)) throw e;
    return undefined;
  }
}

/**
 * The messages of a streamed file, ending where it cannot be read further when `onUnreadable`
 * takes the error (the messages before it are kept). Only the reading is guarded: an error of
 * the consumer (an output that fails, a bug) goes through.
 */
async function* skipping(messages: AsyncGenerator<SourceMessage>, onUnreadable?: (err: InputError) => void): AsyncGenerator<SourceMessage> {
  if (!onUnreadable) {
    yield* messages;
    return;
  }
  for (;;) {
    let next: IteratorResult<SourceMessage>;
    try {
      next = await messages.next();
    } catch (e) {
      if (!skipped(e, onUnreadable)) throw e;
      return;
    }
    if (next.done) return;
    yield next.value;
  }
}

/** Throws the InputError reading `path` would (missing, no permission), before any output. */
export async function assertReadable(path: string): Promise<void> {
  await statOf(path);
}

function statOf(path: string): Promise<Stats> {
  return fs.stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${path}: ${why(e)}`);
  });
}

/** Why a file system call failed, in words for people (the code otherwise, or the message). */
const WHY: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function why(e: NodeJS.ErrnoException): string {
  return (e.code && WHY[e.code]) ?? e.code ?? e.message;
}

/** The files of a path: the path itself, or the files of a directory (see listFiles). */
async function filesAt(path: string, onUnreadable?: (err: InputError) => void): Promise<{ files: string[]; walked: boolean }> {
  const st = await statOf(path);
  return st.isDirectory() ? { files: await listFiles(path, await sortedEntries(path), onUnreadable), walked: true } : { files: [path], walked: false };
}
