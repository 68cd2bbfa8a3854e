import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findReplyCode, findStatus } from './smtp-text.js';

describe('SMTP facts in free text', () => {
  test('the reply code: at the start, after "said:" or a code field, or before a status code', () => {
    assert.equal(findReplyCode('550 5.1.1 <a@example.org>: Recipient address rejected'), '550');
    assert.equal(findReplyCode('550: 5.2.2 <a@example.org>... Mailbox Full'), '550');
    assert.equal(findReplyCode('host mx.example.org said: 452 4.2.2 over quota'), '452');
    assert.equal(findReplyCode('Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <a@example.org>... User Unknown'), '550');
    assert.equal(findReplyCode('[Status: Error, Address: , ResponseCode 421, , Host not reachable.]'), '421');
    assert.equal(findReplyCode("5.3.0 - Other mail system problem 550-'Unknown user a@example.org'"), '550');
    assert.equal(findReplyCode('host lsean.ezweb.ne.jp [192.0.2.1]: 550 : User unknown'), '550');
  });

  test('nested replies: the remote\'s own code, as with the status code', () => {
    const expired = '554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>';
    assert.equal(findReplyCode(expired), '421');
    assert.equal(findStatus(expired), '4.4.7', 'findStatus keeps the first; analyze takes the last status (4.4.2) for the record');
    assert.equal(findReplyCode('554 550 Host unknown (Authoritative answer from name server)'), '550');
    assert.equal(findReplyCode('220-laposte 421 4.2.1 Service refuse. Veuillez essayer plus tard.'), '421');
    // a multi-line reply repeats its own code; a 2xx after a refusal is not the reply
    assert.equal(findReplyCode('550-5.1.1 The email account does not exist. 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser'), '550');
    assert.equal(findReplyCode('550 5.7.1 rejected 221 2.0.0 Bye'), '550');
    assert.equal(findReplyCode('250 2.0.0 Ok: queued as 4ABCDEF'), '250');
  });

  test('numbers that are not replies', () => {
    assert.equal(findReplyCode('message size 497 exceeds size limit 200 of server 127.0.0.1[127.0.0.1]'), '');
    assert.equal(findReplyCode('connect to 127.0.0.1[127.0.0.1]:25: Connection refused'), '');
  });
});
