/**
 * @module core/transcript
 * A timed, append-only log of every exchange: what the client sent (`c`), what the server said
 * (`s`), TLS events (`tls`), DNS answers (`dns`), network events (`net`), HTTP (`http`) and
 * the tool's own notes (`note`). Times are milliseconds since the diagnosis started, from a
 * monotonic clock. Only socket wrappers and protocol code write here, with secrets already
 * replaced by `<redacted>`; the Redactor catches any that slip through.
 */
import { Redactor } from './redact.js';
import { monotonicMs } from './clock.js';

export type Direction = 'c' | 's' | 'tls' | 'dns' | 'net' | 'http' | 'note';

export interface TranscriptEntry {
  seq: number;
  /** milliseconds since the start of the diagnosis */
  tMs: number;
  dir: Direction;
  text: string;
  /** which connection or attempt this line belongs to, e.g. "127.0.0.1:587 starttls" */
  conn?: string;
  /** true when the text had a secret replaced */
  redacted?: true;
  /** true when the text was cut at the line-length limit */
  truncated?: true;
}

export interface TranscriptOptions {
  /** longest text kept per entry; longer text is cut and marked */
  maxText?: number;
  /** most entries kept; later ones are dropped and counted */
  maxEntries?: number;
  redactor?: Redactor;
  /** start time, from monotonicMs(); defaults to now */
  origin?: number;
}

export class Transcript {
  readonly redactor: Redactor;
  private readonly list: TranscriptEntry[] = [];
  private readonly origin: number;
  private readonly maxText: number;
  private readonly maxEntries: number;
  private droppedCount = 0;

  constructor(opts: TranscriptOptions = {}) {
    this.redactor = opts.redactor ?? new Redactor();
    this.origin = opts.origin ?? monotonicMs();
    this.maxText = opts.maxText ?? 2000;
    this.maxEntries = opts.maxEntries ?? 5000;
  }

  /** Milliseconds since the transcript started (monotonic). */
  now(): number {
    return Math.round((monotonicMs() - this.origin) * 10) / 10;
  }

  /** Appends an entry and returns its sequence number. */
  add(dir: Direction, text: string, extra: { conn?: string; redacted?: boolean } = {}): number {
    const seq = this.list.length + this.droppedCount + 1;
    if (this.list.length >= this.maxEntries) {
      this.droppedCount++;
      return seq;
    }
    let clean = this.redactor.apply(text);
    const redacted = extra.redacted || clean !== text;
    let truncated = false;
    if (clean.length > this.maxText) {
      clean = `${clean.slice(0, this.maxText)}… [${clean.length - this.maxText} more characters]`;
      truncated = true;
    }
    const entry: TranscriptEntry = { seq, tMs: this.now(), dir, text: clean };
    if (extra.conn) entry.conn = extra.conn;
    if (redacted) entry.redacted = true;
    if (truncated) entry.truncated = true;
    this.list.push(entry);
    return seq;
  }

  /** A writer that labels every entry with a connection name. */
  view(conn: string): TranscriptView {
    return new TranscriptView(this, conn);
  }

  get entries(): readonly TranscriptEntry[] {
    return this.list;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Sequence number of the last entry (0 when empty). */
  get lastSeq(): number {
    return this.list.length + this.droppedCount;
  }

  /** Entries whose seq lies in [from, to]. */
  slice(from: number, to: number): TranscriptEntry[] {
    return this.list.filter((e) => e.seq >= from && e.seq <= to);
  }

  toJSON(): TranscriptEntry[] {
    return [...this.list];
  }
}

/** A transcript writer bound to one connection label. */
export class TranscriptView {
  constructor(
    readonly transcript: Transcript,
    readonly conn: string,
  ) {}

  add(dir: Direction, text: string, extra: { redacted?: boolean } = {}): number {
    return this.transcript.add(dir, text, { ...extra, conn: this.conn });
  }

  get redactor(): Redactor {
    return this.transcript.redactor;
  }

  get lastSeq(): number {
    return this.transcript.lastSeq;
  }
}

/** Escapes control and non-UTF-8 bytes so garbage from a server is shown, not interpreted. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\ufffd]/g, (ch) =>
    ch === '\ufffd' ? '\\ufffd' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
