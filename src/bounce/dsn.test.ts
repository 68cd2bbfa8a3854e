import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDsn, typedValue, looksLikeDsn } from './dsn.js';

describe('delivery-status fields (RFC 3464 / 1894)', () => {
  test('per-message fields, then one block per recipient, folded Diagnostic-Code', () => {
    const r = parseDsn([
      'Reporting-MTA: dns; mx.example.org',
      'X-Postfix-Queue-ID: 4ABC',
      'Arrival-Date: Thu, 29 Apr 2010 23:34:45 +0900',
      '',
      'Final-Recipient: rfc822; a@example.net',
      'Original-Recipient: rfc822;alias@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'Remote-MTA: dns; mx.example.net',
      'Diagnostic-Code: smtp; 550 5.1.1 <a@example.net>:',
      '    Recipient address rejected: User unknown',
      '',
      'Final-Recipient: rfc822; b@example.net',
      'Action: delayed',
      'Status: 4.4.7 (delivery time expired)',
    ].join('\n'));
    assert.equal(r.reportingMta, 'mx.example.org');
    assert.equal(r.fields['x-postfix-queue-id'], '4ABC');
    assert.equal(r.recipients.length, 2);
    const [a, b] = r.recipients;
    assert.equal(a?.finalRecipient, 'a@example.net');
    assert.equal(a?.originalRecipient, 'alias@example.net');
    assert.equal(a?.diagnosticType, 'SMTP');
    assert.equal(a?.diagnostic, '550 5.1.1 <a@example.net>: Recipient address rejected: User unknown');
    assert.equal(a?.remoteMta, 'mx.example.net');
    assert.equal(b?.action, 'delayed');
    assert.equal(b?.status, '4.4.7 (delivery time expired)');
  });

  test('recipient blocks without blank lines between them', () => {
    const r = parseDsn('Final-Recipient: rfc822; a@x.org\nAction: failed\nStatus: 5.0.0\nFinal-Recipient: rfc822; b@x.org\nAction: failed\nStatus: 5.2.2\n');
    assert.deepEqual(r.recipients.map((x) => [x.finalRecipient, x.status]), [['a@x.org', '5.0.0'], ['b@x.org', '5.2.2']]);
  });

  test('typed values and detection', () => {
    assert.deepEqual(typedValue('rfc822;  <a@x.org>'), { type: 'RFC822', value: '<a@x.org>' });
    assert.deepEqual(typedValue('a@x.org'), { type: '', value: 'a@x.org' });
    assert.equal(looksLikeDsn('Final-Recipient: rfc822; a@x.org\nStatus: 5.0.0'), true);
    assert.equal(looksLikeDsn('Hello'), false);
  });
});
