import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allCauses, getCause, renderCause } from './index.js';
import { renderTemplate } from './render.js';

/** Cause ids that issue 2 names as part of the --json contract: spelled exactly so. */
const ISSUE_2_IDS = [
  'dns-no-such-host', 'dns-failure', 'connection-refused', 'connection-timeout', 'network-unreachable',
  'greeting-timeout', 'implicit-tls-expected', 'starttls-expected', 'not-smtp', 'service-unavailable',
  'too-many-connections', 'client-blocked', 'helo-rejected', 'starttls-not-offered', 'starttls-refused',
  'tls-handshake-failed', 'tls-version-mismatch', 'cert-expired', 'cert-not-yet-valid', 'cert-self-signed',
  'cert-untrusted', 'cert-chain-incomplete', 'cert-hostname-mismatch', 'encryption-required',
  'auth-not-offered', 'auth-requires-tls', 'auth-mechanism-unsupported', 'auth-bad-credentials',
  'auth-app-password-required', 'auth-temporary-failure', 'auth-required', 'plaintext-auth-refused',
  'sender-rejected', 'sender-address-invalid', 'relay-denied', 'recipient-unknown', 'mailbox-full',
  'greylisted', 'rate-limited', 'message-rejected', 'message-too-large', 'unexpected-reply', 'protocol-error',
];

describe('cause catalog', () => {
  test('every cause id of the SMTP contract exists', () => {
    for (const id of ISSUE_2_IDS) assert.equal(getCause(id).id, id);
  });
  test('every cause has a title, an explanation and at least one remedy, and well-formed templates', () => {
    for (const c of allCauses()) {
      assert.ok(c.title.length > 5, c.id);
      assert.ok(c.explanation.length > 20, c.id);
      assert.ok(c.remedies.length >= 1, c.id);
      for (const text of [c.title, c.explanation, ...c.remedies]) {
        assert.equal((text.match(/\{/g) ?? []).length, (text.match(/\}/g) ?? []).length, `unbalanced braces in ${c.id}`);
      }
    }
  });
  test('ids are unique kebab-case', () => {
    const ids = allCauses().map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  test('renderTemplate fills slots and fallbacks', () => {
    assert.equal(renderTemplate('{host|the server} on {port}', { host: 'a.example' }), 'a.example on the port');
    assert.equal(renderTemplate('{host|the server}', {}), 'the server');
    const r = renderCause('cert-hostname-mismatch', { host: 'h', name: 'mail.example.com', names: 'x.example.net' });
    assert.match(r.title, /not valid for the name mail\.example\.com/);
    assert.match(r.explanation, /x\.example\.net/);
  });
});
