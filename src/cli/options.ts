/**
 * @module cli/options
 * Option parsing shared by the commands: HOST[:PORT], durations, DNS servers, and the
 * connection options every protocol probe takes (security, credentials, TLS trust, DNS,
 * timeout, output).
 */
import { nodeFs } from '../core/builtins.js';
import { ipVersion } from '../net/ip.js';
import type { OptionDef } from './args.js';
import { UsageError } from '../core/errors.js';
import { parseDuration } from '../core/time.js';
import { PASSWORD_ENV } from '../core/secrets.js';

export interface HostPort {
  host: string;
  port?: number;
}

/** Parses "host", "host:port", "[v6]:port", "v6" (a bare IPv6 literal has no port). */
export function parseHostPort(text: string): HostPort {
  const t = text.trim();
  if (!t) throw new UsageError('empty host');
  let host: string;
  let port: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracket) {
    host = bracket[1] as string;
    port = bracket[2];
  } else if (ipVersion(t) === 6) {
    host = t;
  } else {
    const i = t.lastIndexOf(':');
    if (i >= 0) {
      host = t.slice(0, i);
      port = t.slice(i + 1);
    } else host = t;
  }
  if (!host) throw new UsageError(`missing host in "${text}"`);
  if (ipVersion(host) === 0 && !/^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/.test(host)) {
    throw new UsageError(`"${host}" is not a valid host name or address`);
  }
  if (port === undefined) return { host };
  return { host, port: parsePort(port) };
}

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`"${text}" is not a port number`);
  const n = Number(text);
  if (n < 1 || n > 65535) throw new UsageError(`port ${text} is out of range 1-65535`);
  return n;
}

/** Option value parser for durations ("10", "10s", "500ms"): milliseconds. */
export function durationArg(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new Error('expected a duration such as 10, 10s or 500ms');
  return ms;
}

/** Option value parser for positive integers. */
export function positiveIntArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error('expected a positive whole number');
  return Number(value);
}

/** Option value parser for port numbers. */
export function portArg(value: string): number {
  return parsePort(value);
}

import type { Security } from '../probes/common/types.js';
export type { Security };

/** Options every protocol probe command accepts. */
export interface ConnectionCliOptions {
  security?: Security;
  user?: string;
  password?: string;
  passwordFile?: string;
  authType?: string;
  allowPlaintextAuth?: boolean;
  ca?: string;
  tlsName?: string;
  dns?: string;
  timeout: number;
  json?: boolean;
  verbose?: boolean;
}

/** The connection options shared by smtp, imap and pop3. */
export function connectionOptions(defaults: { timeoutMs: number }): OptionDef[] {
  return [
    { flags: '--security <mode>', description: 'auto (try what a mail client would), starttls, tls (implicit), none', choices: ['auto', 'starttls', 'tls', 'none'] },
    { flags: '-u, --user <name>', description: 'user name to log in with' },
    { flags: '--password-file <file>', description: `read the password from this file (first line); or set ${PASSWORD_ENV}` },
    { flags: '--password <password>', description: 'password on the command line (visible to other users: prefer the file or env var)' },
    { flags: '--allow-plaintext-auth', description: 'allow sending the password over an unencrypted connection' },
    { flags: '--ca <file>', description: 'also trust the CA certificate(s) in this PEM file' },
    { flags: '--tls-name <name>', description: 'name to verify the certificate against and send as SNI' },
    { flags: '--dns <server>', description: 'resolve names through this DNS server (HOST[:PORT])' },
    { flags: '--timeout <duration>', description: 'time limit for each step', parse: durationArg, default: defaults.timeoutMs, defaultText: `${defaults.timeoutMs / 1000}s` },
    ...outputOptions('also print the transcript'),
  ];
}

/** --json and -v, which every command takes. */
export function outputOptions(verbose: string, json = 'print the report as JSON'): OptionDef[] {
  return [
    { flags: '--json', description: json },
    { flags: '-v, --verbose', description: verbose },
  ];
}

/** Reads a PEM file for --ca; throws a usage error when unreadable or not PEM. */
export async function readCaFile(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  let pem: string;
  try {
    pem = nodeFs().readFileSync(file, 'utf8'); // small, read once at start-up
  } catch (e) {
    throw new UsageError(`cannot read CA file ${file}: ${(e as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`CA file ${file} contains no PEM certificate`);
  return pem;
}

/** Parses --dns HOST[:PORT] into "host:port" form accepted by dns.Resolver#setServers. */
export function parseDnsServer(text: string | undefined): { host: string; port: number } | undefined {
  if (!text) return undefined;
  const hp = parseHostPort(text);
  return { host: hp.host, port: hp.port ?? 53 };
}

