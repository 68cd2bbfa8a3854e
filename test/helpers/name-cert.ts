/**
 * @module test/helpers/name-cert
 * A throw-away CA and one server certificate for the names a test needs (the shared test PKI
 * in test/peers/ca.ts has fixed names; MTA-STS policy hosts are mta-sts.<domain>). Made with
 * the openssl CLI in a temp dir that is removed when the process exits.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NameCert {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function run(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: 20_000 }, (err, _out, stderr) => (err ? reject(new Error(`openssl ${args[0] ?? ''} failed: ${stderr}`)) : resolve()));
  });
}

export async function makeNameCert(names: string[]): Promise<NameCert> {
  const dir = mkdtempSync(join(tmpdir(), 'maildoctor-namecert-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=maildoctor name-cert CA', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await run(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${names[0] ?? 'localhost'}`], dir);
  await writeFile(
    join(dir, 'ext.cnf'),
    `basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`,
  );
  await run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '30', '-extfile', 'ext.cnf'], dir);
  const [caPem, certPem, keyPem] = await Promise.all(['ca.crt', 'leaf.crt', 'leaf.key'].map((f) => readFile(join(dir, f), 'utf8')));
  return { caPem: caPem as string, certPem: certPem as string, keyPem: keyPem as string };
}
