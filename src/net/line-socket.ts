/**
 * @module net/line-socket
 * A transcripting line reader/writer over TCP or TLS, used by every protocol probe.
 *
 * Why our own and not a library's client: a diagnostic needs control libraries do not give:
 * per-command timing and no pipelining, the raw reply even when it is garbage, endless or
 * huge, the certificate chain even when verification fails, STARTTLS on a socket we keep,
 * and redaction at the source. Only this module writes protocol traffic to the transcript.
 */
import type { Socket } from 'node:net';
import { printable, type TranscriptView } from '../core/transcript.js';

export type ReadFailure = 'timeout' | 'closed' | 'too-long' | 'error';

export type LineResult =
  | { ok: true; line: string; seq: number }
  | { ok: false; reason: ReadFailure; partial: string; error?: Error; seq?: number };

export type ChunkResult = { ok: true; data: Buffer } | { ok: false; reason: ReadFailure; error?: Error };

export interface LineSocketOptions {
  /** longest line accepted; a longer one is a protocol failure ('too-long') */
  maxLineBytes?: number;
  /** most bytes buffered without a line end */
  maxBufferBytes?: number;
}

export class LineSocket {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closedFlag = false;
  private errorObj: Error | null = null;
  private socketImpl: Socket;
  private readonly maxLineBytes: number;
  private readonly onData = (chunk: Buffer) => {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.bytesIn += chunk.length;
    this.wake();
  };
  private readonly onEnd = () => {
    this.closedFlag = true;
    this.wake();
  };
  private readonly onError = (err: Error) => {
    this.errorObj = err;
    this.closedFlag = true;
    this.wake();
  };
  bytesIn = 0;
  bytesOut = 0;

  constructor(
    socket: Socket,
    readonly transcript: TranscriptView,
    opts: LineSocketOptions = {},
  ) {
    this.socketImpl = socket;
    this.maxLineBytes = opts.maxLineBytes ?? 16 * 1024;
    this.attach(socket);
  }

  get socket(): Socket {
    return this.socketImpl;
  }

  get isTls(): boolean {
    return (this.socketImpl as Socket & { encrypted?: boolean }).encrypted === true;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Bytes received but not yet read as lines. */
  get pending(): number {
    return this.buf.length;
  }

  private attach(s: Socket): void {
    s.on('data', this.onData);
    s.on('end', this.onEnd);
    s.on('close', this.onEnd);
    s.on('error', this.onError);
  }

  private detach(s: Socket): void {
    s.off('data', this.onData);
    s.off('end', this.onEnd);
    s.off('close', this.onEnd);
    s.off('error', this.onError);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private waitForData(timeoutMs: number): Promise<'data' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve('timeout');
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve('data');
      };
    });
  }

  /**
   * Reads one line (CRLF or bare LF ends it; the end is not returned) and logs it as `s`.
   * `timeoutMs` bounds the wait for the whole line.
   */
  async readLine(timeoutMs: number): Promise<LineResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) {
        if (nl > this.maxLineBytes) return this.tooLong();
        const end = nl > 0 && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
        const line = this.buf.subarray(0, end).toString('utf8');
        this.buf = this.buf.subarray(nl + 1);
        const seq = this.transcript.add('s', printable(line));
        return { ok: true, line, seq };
      }
      if (this.buf.length > this.maxLineBytes) return this.tooLong();
      if (this.closedFlag) {
        const partial = this.buf.toString('utf8');
        this.buf = Buffer.alloc(0);
        let seq: number | undefined;
        if (partial) seq = this.transcript.add('s', `${printable(partial)} [no line end]`);
        const r: LineResult = { ok: false, reason: this.errorObj ? 'error' : 'closed', partial };
        if (seq !== undefined) r.seq = seq;
        if (this.errorObj) r.error = this.errorObj;
        this.transcript.add('net', this.errorObj ? `connection error: ${describeSocketError(this.errorObj)}` : 'connection closed by server');
        return r;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const partial = this.buf.toString('utf8');
        const r: LineResult = { ok: false, reason: 'timeout', partial };
        if (partial) r.seq = this.transcript.add('s', `${printable(partial)} [incomplete line]`);
        this.transcript.add('net', `no complete line within ${timeoutMs} ms`);
        return r;
      }
      if ((await this.waitForData(left)) === 'timeout') continue;
    }
  }

  private tooLong(): LineResult {
    const partial = this.buf.subarray(0, 200).toString('utf8');
    const seq = this.transcript.add('s', `${printable(partial)}… [line longer than ${this.maxLineBytes} bytes]`, {});
    this.buf = Buffer.alloc(0);
    return { ok: false, reason: 'too-long', partial, seq };
  }

  /** Reads whatever bytes arrive first (for identifying a service); not logged. */
  async readChunk(timeoutMs: number): Promise<ChunkResult> {
    if (this.buf.length) {
      const d = this.buf;
      this.buf = Buffer.alloc(0);
      return { ok: true, data: d };
    }
    if (this.closedFlag) return this.errorObj ? { ok: false, reason: 'error', error: this.errorObj } : { ok: false, reason: 'closed' };
    const r = await this.waitForData(timeoutMs);
    if (r === 'timeout') return { ok: false, reason: 'timeout' };
    return this.readChunk(0);
  }

  /**
   * Reads exactly `n` bytes (an IMAP literal `{n}` announced at the end of a line); not
   * logged (callers log a summary). Fails with 'too-long' when `n` exceeds `maxBytes`
   * (default 1 MiB), without reading anything.
   */
  async readBytes(n: number, timeoutMs: number, maxBytes = 1024 * 1024): Promise<ChunkResult> {
    if (!Number.isSafeInteger(n) || n < 0 || n > maxBytes) return { ok: false, reason: 'too-long' };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buf.length >= n) {
        const d = Buffer.from(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
        return { ok: true, data: d };
      }
      if (this.closedFlag) return this.errorObj ? { ok: false, reason: 'error', error: this.errorObj } : { ok: false, reason: 'closed' };
      const left = deadline - Date.now();
      if (left <= 0) return { ok: false, reason: 'timeout' };
      await this.waitForData(left);
    }
  }

  /**
   * Writes `line` + CRLF. The transcript shows `logAs` instead of the wire text when given:
   * secrets are replaced here, at the source.
   */
  writeLine(line: string, logAs?: string): number {
    const seq = this.transcript.add('c', logAs ?? printable(line), logAs !== undefined && logAs !== line ? { redacted: logAs.includes('<redacted>') } : {});
    this.writeRaw(Buffer.from(`${line}\r\n`, 'utf8'));
    return seq;
  }

  /** Writes bytes without logging them (callers log a summary). */
  writeRaw(data: Buffer | string): void {
    if (this.closedFlag || this.socketImpl.destroyed) return;
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.bytesOut += b.length;
    this.socketImpl.write(b);
  }

  /**
   * Hands the underlying socket to a TLS upgrade (STARTTLS). Bytes the server sent after its
   * STARTTLS reply and before the handshake are returned: they are a protocol violation
   * (command injection, CVE-2011-0411 style) and are discarded.
   */
  detachForUpgrade(): { socket: Socket; leftover: Buffer } {
    this.detach(this.socketImpl);
    const leftover = this.buf;
    this.buf = Buffer.alloc(0);
    return { socket: this.socketImpl, leftover };
  }

  /** Continues on the upgraded TLS socket. */
  adopt(socket: Socket): void {
    this.socketImpl = socket;
    this.closedFlag = false;
    this.errorObj = null;
    this.attach(socket);
  }

  /** Closes the connection (graceful end, then destroy after a short grace). */
  close(): void {
    const s = this.socketImpl;
    this.closedFlag = true;
    this.detach(s);
    s.on('error', () => undefined);
    if (!s.destroyed) {
      s.end();
      const t = setTimeout(() => s.destroy(), 200);
      t.unref?.();
    }
  }

  destroy(): void {
    this.closedFlag = true;
    this.detach(this.socketImpl);
    this.socketImpl.on('error', () => undefined);
    this.socketImpl.destroy();
  }
}

export function describeSocketError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
