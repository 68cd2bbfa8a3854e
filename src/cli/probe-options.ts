/**
 * @module cli/probe-options
 * The shared connection options of smtp, imap and pop3, turned into probe options, and the
 * login password (also read by `account`). Kept apart from cli/options.ts (loaded by every
 * command's definition at start-up) because it needs the secrets, DNS client and output
 * modules, which only a running command should load.
 */
import { UsageError } from '../core/errors.js';
import { PASSWORD_ENV, readSecret } from '../core/secrets.js';
import { DnsClient } from '../dns/client.js';
import type { CommonProbeOptions } from '../probes/common/types.js';
import { parseDnsServer, parseHostPort, readCaFile, type ConnectionCliOptions } from './options.js';
import { warn } from './output.js';

/**
 * The password of `user` from --password-file, the environment variable, --password (with a
 * warning) or a prompt. With `required`, having none is a usage error; otherwise the result is
 * undefined (the account check then tests connections and TLS only).
 */
export async function loginPassword(user: string, opts: Pick<ConnectionCliOptions, 'password' | 'passwordFile'>, required: boolean): Promise<string | undefined> {
  const secret = await readSecret({ file: opts.passwordFile, argv: opts.password, promptLabel: `Password for ${user}` });
  if (!secret) {
    if (required) throw new UsageError(`no password for ${user}: use --password-file FILE or ${PASSWORD_ENV} (or run on a terminal to be prompted)`);
    return undefined;
  }
  for (const w of secret.warnings) warn(w);
  return secret.value;
}

/**
 * Turns the shared connection options of a probe command into probe options: target,
 * security, credentials (file, env, prompt, argv with a warning), --ca, --dns, --timeout.
 */
export async function probeOptionsFromCli(target: string, opts: ConnectionCliOptions): Promise<CommonProbeOptions> {
  const hp = parseHostPort(target);
  const ca = await readCaFile(opts.ca);
  const dnsServer = parseDnsServer(opts.dns);
  let password: string | undefined;
  if (opts.user) password = await loginPassword(opts.user, opts, true);
  else if (opts.password !== undefined || opts.passwordFile !== undefined) {
    throw new UsageError('a password was given without --user');
  }
  return {
    host: hp.host,
    port: hp.port,
    security: opts.security ?? 'auto',
    user: opts.user,
    password,
    authType: opts.authType?.toUpperCase(),
    allowPlaintextAuth: opts.allowPlaintextAuth,
    timeoutMs: opts.timeout,
    ca,
    tlsName: opts.tlsName,
    dns: new DnsClient({ server: dnsServer, timeoutMs: opts.timeout }),
  };
}
