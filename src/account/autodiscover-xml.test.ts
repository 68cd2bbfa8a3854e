import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { autodiscoverRequest, parseAutodiscover } from './autodiscover-xml.js';
import { parseXml, childText, childNamed } from './xml.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/account/${name}`, import.meta.url), 'utf8');

describe('autodiscoverRequest', () => {
  test('is well-formed POX with the address escaped', () => {
    const x = autodiscoverRequest('a&b@example.com');
    const r = parseXml(x);
    assert.deepEqual(r.errors, []);
    assert.equal(childText(childNamed(r.root, 'Request'), 'EMailAddress'), 'a&b@example.com');
    assert.match(x, /responseschema\/2006a/);
  });
});

describe('parseAutodiscover', () => {
  test('reads IMAP, POP3 and SMTP protocol blocks with SSL and Encryption', () => {
    const r = parseAutodiscover(fixture('autodiscover-settings.xml'), 'https://example.com/autodiscover/autodiscover.xml');
    assert.equal(r.kind, 'settings');
    if (r.kind !== 'settings') return;
    assert.equal(r.invalid, false);
    assert.deepEqual(
      r.servers.map((s) => [s.protocol, s.host, s.port, s.security, s.username]),
      [
        ['imap', 'imap.example.com', 993, 'tls', 'alice@example.com'],
        ['pop3', 'pop.example.com', 110, 'none', undefined],
        ['smtp', 'smtp.example.com', 587, 'starttls', 'alice@example.com'],
      ],
    );
  });

  test('Encryption overrides SSL; SSL on maps by port', () => {
    const block = (inner: string): string =>
      `<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>SMTP</Type><Server>s.example.com</Server>${inner}</Protocol></Account></Response></Autodiscover>`;
    const sec = (inner: string): string | undefined => {
      const r = parseAutodiscover(block(inner), 'u');
      return r.kind === 'settings' ? r.servers[0]?.security : undefined;
    };
    assert.equal(sec('<Port>465</Port><SSL>on</SSL>'), 'tls');
    assert.equal(sec('<Port>587</Port><SSL>on</SSL>'), 'starttls');
    assert.equal(sec('<Port>587</Port><SSL>on</SSL><Encryption>SSL</Encryption>'), 'tls');
    assert.equal(sec('<Port>25</Port><Encryption>None</Encryption>'), 'none');
    assert.equal(sec('<Port>587</Port><Encryption>Auto</Encryption>'), 'auto');
  });

  test('Exchange-only answers have no IMAP/SMTP settings but name the types', () => {
    const r = parseAutodiscover(fixture('autodiscover-exchange-only.xml'), 'u');
    assert.equal(r.kind, 'settings');
    if (r.kind === 'settings') {
      assert.deepEqual(r.servers, []);
      assert.deepEqual(r.otherTypes, ['EXCH', 'EXPR']);
    }
  });

  test('error responses, redirects and garbage', () => {
    const err = parseAutodiscover(fixture('autodiscover-error.xml'), 'u');
    assert.deepEqual(err.kind === 'error' ? [err.code, err.message] : null, ['600', 'Invalid Request']);
    const ra = parseAutodiscover(
      '<Autodiscover><Response><Account><Action>redirectAddr</Action><RedirectAddr>bob@other.example</RedirectAddr></Account></Response></Autodiscover>',
      'u',
    );
    assert.deepEqual(ra.kind === 'redirect-addr' ? ra.address : null, 'bob@other.example');
    const ru = parseAutodiscover(
      '<Autodiscover><Response><Account><Action>redirectUrl</Action><RedirectUrl>https://ad.other.example/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>',
      'u',
    );
    assert.equal(ru.kind, 'redirect-url');
    for (const bad of ['', '<html>login</html>', '<Autodiscover/>', '<Autodiscover><Response/></Autodiscover>', '<Autodiscover><Response><Account><Action>redirectAddr</Action></Account></Response></Autodiscover>']) {
      assert.equal(parseAutodiscover(bad, 'u').kind, 'invalid', bad);
    }
  });
});
