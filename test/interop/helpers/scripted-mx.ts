/**
 * @module test/interop/helpers/scripted-mx
 * A scripted receiving server for bounce interop tests. A real MTA (Postfix, Exim) relays to
 * it; it answers RCPT TO and the end of DATA as the test's script says (the wordings of real
 * servers), and keeps the messages it accepts, so that it can also act as the sender's server
 * that receives the MTA's notices.
 */
import type { Socket } from 'node:net';
import { startScriptedSmtp, type Peer } from './smtp-fakes.js';

export interface ScriptedMxOptions {
  /** the reply to RCPT TO for this local part (as received, latin1), or undefined to accept */
  rcpt?: (localPart: string) => string | undefined;
  /** the reply to the end of DATA, by the first accepted local part, or undefined to accept */
  data?: (firstLocalPart: string) => string | undefined;
  /** EHLO keywords after the name ('SIZE 200', 'SMTPUTF8', ...) */
  extensions?: string[];
}

export interface ScriptedMx extends Peer {
  /** messages accepted, as received (LF line ends, dot-stuffing undone) */
  messages: string[];
}

export async function startScriptedMx(opts: ScriptedMxOptions = {}): Promise<ScriptedMx> {
  const ehlo = ['mx.remote.example', ...(opts.extensions ?? [])].map((l, i, a) => `250${i < a.length - 1 ? '-' : ' '}${l}\r\n`).join('');
  const state = new WeakMap<Socket, { inData: boolean; first?: string; body: string[] }>();
  const messages: string[] = [];
  const peer = await startScriptedSmtp('220 mx.remote.example ESMTP\r\n', (line, s) => {
    let st = state.get(s);
    if (!st) state.set(s, (st = { inData: false, body: [] }));
    if (st.inData) {
      if (line !== '.') {
        st.body.push(line.startsWith('.') ? line.slice(1) : line);
        return null;
      }
      st.inData = false;
      const refusal = opts.data?.(st.first ?? '');
      if (!refusal) messages.push(`${st.body.join('\n')}\n`);
      st.first = undefined;
      st.body = [];
      return refusal ?? '250 2.0.0 Ok: queued as 4ABCDEF\r\n';
    }
    const cmd = line.toUpperCase();
    if (cmd.startsWith('EHLO')) return ehlo;
    if (cmd.startsWith('HELO')) return '250 mx.remote.example\r\n';
    if (cmd.startsWith('MAIL FROM')) return '250 2.1.0 Ok\r\n';
    if (cmd.startsWith('RCPT TO')) {
      const user = /<([^@>]+)@/.exec(line)?.[1] ?? '';
      const refusal = opts.rcpt?.(user);
      if (refusal) return refusal;
      st.first ??= user;
      return '250 2.1.5 Ok\r\n';
    }
    if (cmd === 'DATA') {
      st.inData = true;
      return '354 End data with <CR><LF>.<CR><LF>\r\n';
    }
    if (cmd === 'RSET' || cmd === 'NOOP') return '250 2.0.0 Ok\r\n';
    if (cmd === 'QUIT') return '221 2.0.0 Bye\r\n';
    return '502 5.5.2 Error: command not recognized\r\n';
  });
  return { ...peer, messages };
}
