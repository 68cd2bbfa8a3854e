/**
 * @module core/secrets
 * Where passwords and tokens come from: a file, an environment variable, an interactive
 * prompt (no echo), or argv (accepted with a warning, since argv is visible to other users
 * of the machine and lands in shell history). Every secret read here is registered with
 * the transcript's Redactor by the caller.
 */
import { nodeFs } from './builtins.js';
import { UsageError } from './errors.js';

export const PASSWORD_ENV = 'MAILDOCTOR_PASSWORD';

export type SecretSource = 'file' | 'env' | 'prompt' | 'argv';

export interface SecretRequest {
  /** --password-file */
  file?: string | undefined;
  /** --password (argv) */
  argv?: string | undefined;
  /** environment variable name to read */
  envVar?: string;
  /** label for the prompt, e.g. "Password for alice@example.com" */
  promptLabel: string;
  /** may we prompt? (a TTY on stdin and stderr) */
  interactive?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Secret {
  value: string;
  source: SecretSource;
  warnings: string[];
}

/** Reads a secret, or returns null when no source has one and prompting is impossible. */
export async function readSecret(req: SecretRequest): Promise<Secret | null> {
  const env = req.env ?? process.env;
  const envVar = req.envVar ?? PASSWORD_ENV;
  if (req.file) {
    let raw: string;
    try {
      // synchronous: a few bytes, read once before any connection (no thread-pool round trip)
      raw = nodeFs().readFileSync(req.file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read password file ${req.file}: ${(err as Error).message}`);
    }
    // the first line is the secret; a trailing newline is not part of it
    const value = raw.split(/\r?\n/)[0] ?? '';
    if (!value) throw new UsageError(`password file ${req.file} is empty`);
    return { value, source: 'file', warnings: [] };
  }
  const fromEnv = env[envVar];
  if (fromEnv) return { value: fromEnv, source: 'env', warnings: [] };
  if (req.argv !== undefined) {
    return {
      value: req.argv,
      source: 'argv',
      warnings: [
        `a password on the command line is visible to other processes and kept in shell history; prefer ${envVar}, --password-file or the prompt`,
      ],
    };
  }
  const interactive = req.interactive ?? (Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY));
  if (!interactive) return null;
  const value = await promptHidden(`${req.promptLabel}: `);
  return { value, source: 'prompt', warnings: [] };
}

/** Prompts on stderr and reads a line from the TTY without echoing it. */
export function promptHidden(label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(label);
    let buf = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    stdin.on('data', onData);
  });
}
