/**
 * @module test/helpers/fake-line-socket
 * A LineSocket over an in-memory duplex stream, for unit tests of protocol parsers: the
 * test pushes server bytes and reads what the client wrote. No network.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { Transcript } from '../../src/core/transcript.js';
import { LineSocket } from '../../src/net/line-socket.js';

export interface FakeConnection {
  ls: LineSocket;
  transcript: Transcript;
  /** server -> client bytes */
  push(data: string | Buffer): void;
  /** server closes */
  end(): void;
  /** everything the client wrote */
  written(): string;
}

export function fakeLineSocket(opts: { maxLineBytes?: number } = {}): FakeConnection {
  const chunks: Buffer[] = [];
  const duplex = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  const transcript = new Transcript();
  const ls = new LineSocket(duplex as unknown as Socket, transcript.view('test'), opts);
  return {
    ls,
    transcript,
    push: (d) => duplex.push(typeof d === 'string' ? Buffer.from(d, 'utf8') : d),
    end: () => duplex.push(null),
    written: () => Buffer.concat(chunks).toString('utf8'),
  };
}
