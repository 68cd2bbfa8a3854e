/**
 * A token-introspection endpoint on loopback for Dovecot's oauth2 passdb (RFC 7662 style:
 * POST token=..., answer JSON `{active, username}`): stands in for an identity provider so
 * that XOAUTH2 logins can be tested against real servers.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The args file of Dovecot's oauth2 passdb asking this endpoint (force_introspection, POST). */
export function dovecotOauth2Conf(url: string): string {
  return ['introspection_mode = post', `introspection_url = ${url}`, 'force_introspection = yes', 'username_attribute = username', 'active_attribute = active', 'active_value = true', 'timeout_msecs = 5000', ''].join('\n');
}

/** Dovecot's passdb block for the oauth2 driver (XOAUTH2, OAUTHBEARER), with the args file above. */
export function dovecotOauth2Passdb(argsFile: string): string {
  return `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${argsFile}
}
`;
}

/** Asserts that a report shows neither the token nor its XOAUTH2 payload (base64) for `user`. */
export function assertTokenHidden(report: unknown, user: string, token: string): void {
  const text = JSON.stringify(report);
  assert.ok(!text.includes(token), 'the token appears in the report');
  const payload = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
  assert.ok(!text.includes(payload.slice(0, 40)), 'the XOAUTH2 payload appears in the report');
}

export interface TestIdp {
  /** the introspection URL to configure */
  url: string;
  /** every token Dovecot asked about */
  asked: string[];
  close(): Promise<void>;
}

/** Starts the endpoint; `tokens` maps each valid token to its user name (anything else is inactive). */
export async function startTestIdp(tokens: Record<string, string>): Promise<TestIdp> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('token') ?? '';
      asked.push(token);
      const user = Object.hasOwn(tokens, token) ? tokens[token] : undefined;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(user ? { active: 'true', username: user } : { active: 'false' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/introspect`,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
