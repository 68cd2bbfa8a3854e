import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMutf7, folderRole, parseListData, resolveRoles, sortFolders } from './folders.js';

describe('decodeMutf7 (RFC 3501 5.1.3)', () => {
  test('examples', () => {
    assert.equal(decodeMutf7('INBOX'), 'INBOX');
    assert.equal(decodeMutf7('Entw&APw-rfe'), 'Entwürfe');
    assert.equal(decodeMutf7('~peter/mail/&U,BTFw-/&ZeVnLIqe-'), '~peter/mail/台北/日本語');
    assert.equal(decodeMutf7('Tom &- Jerry'), 'Tom & Jerry');
    assert.equal(decodeMutf7('&Jjo-!'), '☺!');
  });
  test('malformed input is returned as is', () => {
    assert.equal(decodeMutf7('broken&AB'), 'broken&AB');
    assert.equal(decodeMutf7('bad&*-'), 'bad&*-');
  });
});

describe('folderRole', () => {
  test('RFC 6154 attribute wins and is marked as such', () => {
    assert.deepEqual(folderRole('Courrier indésirable', ['\\HasNoChildren', '\\Junk'], '/'), { role: 'Junk', source: 'extension' });
    assert.deepEqual(folderRole('[Gmail]/All Mail', ['\\All'], '/'), { role: 'All', source: 'extension' });
  });
  test('Gmail XLIST attributes', () => {
    assert.deepEqual(folderRole('[Gmail]/Spam', ['\\Spam'], '/'), { role: 'Junk', source: 'extension' });
    assert.deepEqual(folderRole('[Gmail]/Starred', ['\\Starred'], '/'), { role: 'Flagged', source: 'extension' });
  });
  test('by name, last path component, localized', () => {
    assert.deepEqual(folderRole('INBOX.Junk', [], '.'), { role: 'Junk', source: 'name' });
    assert.deepEqual(folderRole('Deleted Items', [], '/'), { role: 'Trash', source: 'name' });
    assert.deepEqual(folderRole('Gel&APY-schte Elemente', [], '/'), { role: 'Trash', source: 'name' });
    assert.deepEqual(folderRole('Projects', [], '/'), { role: null, source: null });
    assert.deepEqual(folderRole('INBOX', [], '/'), { role: 'Inbox', source: 'name' });
  });
});

describe('parseListData', () => {
  test('a Dovecot line', () => {
    const f = parseListData([{ text: '(\\HasNoChildren \\Trash) "/" Trash' }]);
    assert.equal(f?.name, 'Trash');
    assert.equal(f?.role, 'Trash');
    assert.equal(f?.roleSource, 'extension');
    assert.equal(f?.selectable, true);
  });
  test('NIL delimiter, \\Noselect, lower-case inbox', () => {
    const a = parseListData([{ text: '(\\Noselect) NIL "[Gmail]"' }]);
    assert.equal(a?.delimiter, null);
    assert.equal(a?.selectable, false);
    assert.equal(parseListData([{ text: '() "/" inbox' }])?.name, 'INBOX');
  });
  test('a literal name', () => {
    const f = parseListData([{ text: '() "/" ' }, { literal: Buffer.from('Sent Items') }, { text: '' }]);
    assert.equal(f?.name, 'Sent Items');
    assert.equal(f?.role, 'Sent');
    assert.equal(f?.roleSource, 'name');
  });
  test('malformed lines', () => {
    assert.equal(parseListData([{ text: '"/" Trash' }]), null);
    assert.equal(parseListData([{ text: '(\\HasNoChildren' }]), null);
  });
});

test('resolveRoles drops a name-only role when an attribute names another folder', () => {
  const list = [parseListData([{ text: '(\\Junk) "/" "[Gmail]/Spam"' }]), parseListData([{ text: '() "/" Junk' }]), parseListData([{ text: '() "/" Trash' }])].filter((x) => x !== null);
  const r = resolveRoles(list);
  assert.equal(r.find((f) => f.name === '[Gmail]/Spam')?.role, 'Junk');
  assert.equal(r.find((f) => f.name === 'Junk')?.role, null);
  assert.equal(r.find((f) => f.name === 'Trash')?.role, 'Trash');
  assert.deepEqual(sortFolders(r).map((f) => f.name), ['[Gmail]/Spam', 'Trash', 'Junk']);
});
