import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestMessage, messageSize, toDataWire } from './message.js';
import { parseQueueId } from './session.js';

test('DATA wire form: CRLF normalised, dot-stuffed, terminated', () => {
  const wire = toDataWire(Buffer.from('Subject: x\n\n.hidden\nline\r.\rend'));
  assert.equal(wire.toString('latin1'), 'Subject: x\r\n\r\n..hidden\r\nline\r\n..\r\nend\r\n.\r\n');
});

test('message size counts CRLF line ends', () => {
  assert.equal(messageSize(Buffer.from('a\nb\n')), 6);
});

test('test message is clearly labelled', () => {
  const m = buildTestMessage({ from: 'alice@test.example', to: ['bob@test.example'] });
  assert.match(m.text, /^Subject: maildoctor test message\r$/m);
  assert.match(m.text, /^Auto-Submitted: auto-generated\r$/m);
  assert.match(m.text, /^X-Mailer: maildoctor /m);
  assert.match(m.text, /^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r$/m);
  assert.match(m.messageId, /^<maildoctor\.[^@]+@test\.example>$/);
  assert.ok(!/[^\r]\n/.test(m.text), 'only CRLF line ends');
});

test('queue id from the reply after DATA', () => {
  assert.equal(parseQueueId('2.0.0 Ok: queued as 4Xy2Zq3Bz1z9v'), '4Xy2Zq3Bz1z9v');
  assert.equal(parseQueueId('OK id=1tQ2aB-000Abc-4x'), '1tQ2aB-000Abc-4x');
  assert.equal(parseQueueId('2.0.0 OK  1700000000 a1-20020a17090.123 - gsmtp'), 'a1-20020a17090.123');
  assert.equal(parseQueueId('2.6.0 <id@x> [InternalId=1234567, Hostname=EX1] Queued mail for delivery'), '1234567');
  assert.equal(parseQueueId('Ok'), null);
});
