import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expandPlaceholders, parseAutoconfig, socketTypeToSecurity, splitAddress } from './autoconfig-xml.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/account/${name}`, import.meta.url), 'utf8');
const alice = splitAddress('Alice.Smith@Example.COM') as NonNullable<ReturnType<typeof splitAddress>>;

describe('splitAddress', () => {
  test('splits and lower-cases the domain only', () => {
    assert.deepEqual(alice, { address: 'Alice.Smith@example.com', localpart: 'Alice.Smith', domain: 'example.com' });
    assert.equal(splitAddress('"odd@local"@example.org')?.domain, 'example.org');
  });
  test('rejects what is not an address', () => {
    for (const s of ['', 'alice', '@example.com', 'alice@', 'alice@localhost', 'alice@exa mple.com', 'a b@example.com']) {
      assert.equal(splitAddress(s), null, s);
    }
  });
});

describe('expandPlaceholders', () => {
  test('expands address, local part and domain, case-insensitively, and leaves others', () => {
    assert.equal(expandPlaceholders('%EMAILADDRESS%', alice), 'Alice.Smith@example.com');
    assert.equal(expandPlaceholders('%EMAILLOCALPART%', alice), 'Alice.Smith');
    assert.equal(expandPlaceholders('mail.%EMAILDOMAIN%', alice), 'mail.example.com');
    assert.equal(expandPlaceholders('%emaillocalpart%+%REALNAME%', alice), 'Alice.Smith+%REALNAME%');
  });
});

describe('socketTypeToSecurity', () => {
  test('maps SSL, STARTTLS and plain', () => {
    assert.equal(socketTypeToSecurity('SSL'), 'tls');
    assert.equal(socketTypeToSecurity(' starttls '), 'starttls');
    assert.equal(socketTypeToSecurity('plain'), 'none');
    assert.equal(socketTypeToSecurity('whatever'), null);
    assert.equal(socketTypeToSecurity(undefined), null);
  });
});

describe('parseAutoconfig', () => {
  test('reads the ISPDB gmail.com file: IMAP, POP3, SMTP in order, with auth methods', () => {
    const gm = splitAddress('someone@gmail.com') as NonNullable<ReturnType<typeof splitAddress>>;
    const d = parseAutoconfig(fixture('gmail-ispdb.xml'), gm, 'https://x/');
    assert.equal(d.invalid, false);
    assert.deepEqual(d.problems, []);
    assert.equal(d.provider, 'googlemail.com');
    assert.deepEqual(d.domains, ['gmail.com', 'googlemail.com', 'google.com']);
    assert.deepEqual(
      d.servers.map((s) => [s.protocol, s.host, s.port, s.security, s.username]),
      [
        ['imap', 'imap.gmail.com', 993, 'tls', 'someone@gmail.com'],
        ['pop3', 'pop.gmail.com', 995, 'tls', 'someone@gmail.com'],
        ['smtp', 'smtp.gmail.com', 465, 'tls', 'someone@gmail.com'],
      ],
    );
    assert.deepEqual(d.servers[0]?.authentication, ['OAuth2', 'password-cleartext']);
    assert.ok(d.servers.every((s) => s.source === 'autoconfig' && s.origin === 'https://x/' && !s.guess));
  });

  test('expands %EMAILDOMAIN% in host names and %EMAILLOCALPART% in user names; skips exchange', () => {
    const d = parseAutoconfig(fixture('self-hosted-localpart.xml'), alice, 'u');
    assert.equal(d.invalid, false);
    assert.deepEqual(
      d.servers.map((s) => [s.protocol, s.host, s.port, s.security, s.username]),
      [
        ['pop3', 'mail.example.com', 995, 'tls', 'Alice.Smith'],
        ['imap', 'mail.example.com', 143, 'starttls', 'Alice.Smith'],
        ['smtp', 'smtp.example.com', 587, 'starttls', 'Alice.Smith'],
      ],
    );
  });

  test('flags unusable documents', () => {
    const cases: [string, RegExp][] = [
      ['<html><body>Welcome to nginx!</body></html>', /not <clientConfig>/],
      ['<clientConfig version="1.1"></clientConfig>', /no <emailProvider>/],
      ['<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>imap.x.org</hostname><port>99999</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>', /invalid <port>/],
      ['<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>bad host!</hostname><port>993</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>', /invalid <hostname>/],
      ['<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>imap.x.org</hostname><port>993</port><socketType>TLS1.3</socketType></incomingServer></emailProvider></clientConfig>', /socketType/],
      ['<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>imap.x.org</hostname>', /not closed/],
      ['', /no XML element/],
    ];
    for (const [xml, re] of cases) {
      const d = parseAutoconfig(xml, alice, 'u');
      assert.equal(d.invalid, true, xml);
      assert.ok(d.problems.some((p) => re.test(p)), `${xml}: ${d.problems.join('; ')}`);
    }
  });

  test('a document with a valid and a broken server keeps the valid one and lists the problem', () => {
    const xml = `<clientConfig><emailProvider id="x">
      <incomingServer type="imap"><hostname>imap.x.org</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
      <outgoingServer type="smtp"><hostname>smtp.x.org</hostname><socketType>SSL</socketType></outgoingServer>
      <incomingServer type="smtp"><hostname>smtp.x.org</hostname><port>465</port><socketType>SSL</socketType></incomingServer>
    </emailProvider></clientConfig>`;
    const d = parseAutoconfig(xml, alice, 'u');
    assert.equal(d.invalid, false);
    assert.deepEqual(d.servers.map((s) => s.host), ['imap.x.org']);
    assert.equal(d.problems.length, 2);
  });

  test('a user name with control characters is dropped (it would inject protocol commands)', () => {
    const xml = '<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>imap.x.org</hostname><port>993</port><socketType>SSL</socketType><username>a&#13;&#10;A1 DELETE INBOX</username></incomingServer></emailProvider></clientConfig>';
    const d = parseAutoconfig(xml, alice, 'u');
    assert.equal(d.servers[0]?.username, undefined);
    assert.ok(d.problems.some((p) => /control characters/.test(p)));
  });

  test('respects the size cap', () => {
    const d = parseAutoconfig(`<clientConfig>${' '.repeat(5000)}</clientConfig>`, alice, 'u', 1000);
    assert.equal(d.invalid, true);
  });
});
