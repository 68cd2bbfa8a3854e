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

  test("Amazon SES's field order (Action, Final-Recipient, Original-Recipient, ...) is one recipient; an Original-Recipient after a complete one starts the next", () => {
    const ses = parseDsn('Reporting-MTA: dns; inbound-smtp.us-west-2.amazonaws.com\n\nAction: failed\nFinal-Recipient: rfc822; a@x.org\nOriginal-Recipient: rfc822; a@x.org\nDiagnostic-Code: smtp; 550 5.1.1 Mailbox does not exist\nStatus: 5.1.1\n');
    assert.deepEqual(ses.recipients.map((x) => [x.finalRecipient, x.action, x.status, x.diagnostic]), [['a@x.org', 'failed', '5.1.1', '550 5.1.1 Mailbox does not exist']]);
    const packed = parseDsn('Original-Recipient: rfc822; a@x.org\nFinal-Recipient: rfc822; a@x.org\nAction: failed\nStatus: 5.1.1\nOriginal-Recipient: rfc822; b@x.org\nFinal-Recipient: rfc822; b@x.org\nAction: failed\nStatus: 5.2.2\n');
    assert.deepEqual(packed.recipients.map((x) => [x.finalRecipient, x.status]), [['a@x.org', '5.1.1'], ['b@x.org', '5.2.2']]);
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
