import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyAccumulator, parseEnhanced, parseReplyLine, replyHead } from './reply.js';
import { parseCapabilities } from './capabilities.js';

function feed(lines: string[], maxLines = 100) {
  const acc = new ReplyAccumulator({ maxLines });
  let out: ReturnType<ReplyAccumulator['push']> = 'more';
  for (const l of lines) {
    out = acc.push(l);
    if (out !== 'more') break;
  }
  return out;
}

describe('SMTP reply parser', () => {
  test('single line with enhanced code', () => {
    const r = feed(['535 5.7.8 Error: authentication failed']);
    assert.ok(r !== 'more' && !('error' in r));
    assert.equal(r.code, 535);
    assert.equal(r.enhanced, '5.7.8');
    assert.deepEqual(r.lines, ['Error: authentication failed']);
    assert.equal(replyHead(r), '535 5.7.8 Error: authentication failed');
  });

  test('Gmail multi-line reply: enhanced code on every line is stripped', () => {
    const r = feed([
      '535-5.7.8 Username and Password not accepted. For more information, go to',
      '535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1-20020a170902',
    ]);
    assert.ok(r !== 'more' && !('error' in r));
    assert.equal(r.enhanced, '5.7.8');
    assert.equal(r.lines.length, 2);
    assert.match(r.lines[1] ?? '', /^https:/);
  });

  test('enhanced code must agree with the reply class', () => {
    assert.equal(parseEnhanced(250, '2.0.0 Ok'), '2.0.0');
    assert.equal(parseEnhanced(550, '4.7.1 nonsense'), null);
    assert.equal(parseEnhanced(550, '5.1.1x'), null);
    assert.equal(parseEnhanced(554, '5.7.1 <x>: Relay access denied'), '5.7.1');
  });

  test('bare code and code with space only', () => {
    assert.deepEqual(parseReplyLine('250'), { code: 250, more: false, text: '' });
    assert.deepEqual(parseReplyLine('220 '), { code: 220, more: false, text: '' });
    assert.equal(parseReplyLine('* OK IMAP4rev1 ready'), null);
    assert.equal(parseReplyLine('SSH-2.0-OpenSSH_9.6'), null);
    assert.equal(parseReplyLine('600 out of range'), null);
    assert.equal(parseReplyLine('25O typo'), null);
  });

  test('garbage is an error, not a reply', () => {
    const r = feed(['\u0000\u0001binary']);
    assert.ok(r !== 'more' && 'error' in r);
  });

  test('code change in the middle of a reply is an error', () => {
    const r = feed(['250-first', '550 second']);
    assert.ok(r !== 'more' && 'error' in r);
    assert.match(r.error, /changes its code/);
  });

  test('endless reply is cut at the line limit', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `250-line ${i}`);
    const r = feed(lines, 100);
    assert.ok(r !== 'more' && 'error' in r);
    assert.match(r.error, /more than 100 lines/);
  });

  test('non-reply continuation line is an error', () => {
    const r = feed(['250-mail.example.com', 'PIPELINING']);
    assert.ok(r !== 'more' && 'error' in r);
  });
});

describe('EHLO capabilities', () => {
  test('parses STARTTLS, AUTH (both forms), SIZE, PIPELINING', () => {
    const r = feed(['250-mail.test.example', '250-PIPELINING', '250-SIZE 10240000', '250-STARTTLS', '250-AUTH PLAIN LOGIN', '250-AUTH=PLAIN LOGIN CRAM-MD5', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250 SMTPUTF8']);
    assert.ok(r !== 'more' && !('error' in r));
    const c = parseCapabilities(r);
    assert.equal(c.greetingName, 'mail.test.example');
    assert.equal(c.starttls, true);
    assert.deepEqual(c.auth, ['PLAIN', 'LOGIN', 'CRAM-MD5']);
    assert.equal(c.size, 10240000);
    assert.equal(c.pipelining, true);
    assert.equal(c.enhancedStatusCodes, true);
    assert.equal(c.smtputf8, true);
  });

  test('SIZE without a number means no fixed limit; HELO has no extensions', () => {
    const c = parseCapabilities({ lines: ['x', 'SIZE'] });
    assert.equal(c.size, 0);
    const h = parseCapabilities({ lines: ['mail.example.com Hello'] }, false);
    assert.equal(h.esmtp, false);
    assert.deepEqual(h.keywords, []);
    assert.equal(h.starttls, false);
  });
});
