/**
 * @module probes/imap/client
 * Runs one IMAP command at a time (no pipelining, so every reply belongs to one command):
 * tags it, sends it (synchronizing literals wait for the server's "+"), collects the
 * untagged responses and returns the tagged one, or the way the exchange broke.
 */
import type { LineSocket } from '../../net/line-socket.js';
import { IMAP_LIMITS, readResponse, type ImapResponse, type ResponseFailure } from './response.js';

/** One line of a command; every line but the last ends with a literal announcement `{n}`. */
export interface CommandLine {
  wire: string;
  /** what the transcript shows instead of the wire text (secrets replaced by <redacted>) */
  log?: string;
}

/** Answer to a continuation request during AUTHENTICATE: a line to send, or null to cancel ("*"). */
export type ContinuationHandler = (r: ImapResponse) => CommandLine | null;

export interface CommandResult {
  /** the command keyword, for messages ("LOGIN", "EXAMINE", ...) */
  command: string;
  tag: string;
  tagged: ImapResponse | null;
  untagged: ImapResponse[];
  /** why no tagged response came */
  failure: ResponseFailure | null;
  /** transcript seq range from the command to the last response */
  seq: [number, number];
}

/** SASL exchanges the probe uses need two rounds (payload, XOAUTH2 error); more is a loop. */
const MAX_CONTINUATIONS = 4;

export class ImapClient {
  private counter = 0;
  constructor(
    readonly ls: LineSocket,
    readonly timeoutMs: number,
  ) {}

  /** Runs a simple one-line command, e.g. run('CAPABILITY'). */
  run(text: string, opts: { log?: string; onContinuation?: ContinuationHandler; maxUntagged?: number } = {}): Promise<CommandResult> {
    return this.runLines([opts.log !== undefined ? { wire: text, log: opts.log } : { wire: text }], opts);
  }

  async runLines(lines: CommandLine[], opts: { onContinuation?: ContinuationHandler; maxUntagged?: number } = {}): Promise<CommandResult> {
    const tag = `a${++this.counter}`;
    const first = lines[0] as CommandLine;
    const command = (first.wire.split(' ')[0] ?? '').toUpperCase();
    const send = (l: CommandLine, prefix: string) => this.ls.writeLine(`${prefix}${l.wire}`, l.log !== undefined ? `${prefix}${l.log}` : undefined);
    const startSeq = send(first, `${tag} `);
    let next = 1;
    let rounds = 0;
    const untagged: ImapResponse[] = [];
    const max = opts.maxUntagged ?? IMAP_LIMITS.maxUntaggedPerCommand;
    const result = (tagged: ImapResponse | null, failure: ResponseFailure | null): CommandResult => ({
      command,
      tag,
      tagged,
      untagged,
      failure,
      seq: [startSeq, this.ls.transcript.lastSeq],
    });
    for (;;) {
      const r = await readResponse(this.ls, this.timeoutMs);
      if (!r.ok) return result(null, r.failure);
      const resp = r.response;
      if (resp.kind === 'continuation') {
        if (next < lines.length) {
          send(lines[next++] as CommandLine, '');
          continue;
        }
        if (opts.onContinuation) {
          if (++rounds > MAX_CONTINUATIONS) {
            return result(null, { reason: 'garbage', detail: `more than ${MAX_CONTINUATIONS} continuation requests to one ${command}`, partial: resp.display, seq: resp.seq[1] });
          }
          const answer = opts.onContinuation(resp);
          send(answer ?? { wire: '*' }, '');
          continue;
        }
        return result(null, { reason: 'garbage', detail: 'a continuation request ("+") the command did not ask for', partial: resp.display, seq: resp.seq[1] });
      }
      if (resp.kind === 'tagged') {
        if (resp.tag !== tag) {
          return result(null, { reason: 'garbage', detail: `a reply tagged ${resp.tag ?? '?'} to the command tagged ${tag}`, partial: resp.display, seq: resp.seq[1] });
        }
        return result(resp, null);
      }
      untagged.push(resp);
      if (untagged.length > max) {
        return result(null, { reason: 'too-long', detail: `more than ${max} untagged responses to one ${command}`, partial: resp.display, seq: resp.seq[1] });
      }
    }
  }
}

/** The first untagged response with this status or name. */
export function findUntagged(r: CommandResult, name: string): ImapResponse | undefined {
  return r.untagged.find((u) => u.name === name);
}
