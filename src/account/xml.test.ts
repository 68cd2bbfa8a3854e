import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { childNamed, childText, childrenNamed, decodeEntities, parseXml } from './xml.js';

describe('parseXml', () => {
  test('reads elements, attributes, text, namespaces, CDATA and comments', () => {
    const r = parseXml(
      '<?xml version="1.0"?><!-- c --><a:Root xmlns:a="urn:x" id=\'1\'><b x="&lt;&amp;&#65;&#x42;">t&gt;<![CDATA[<raw>]]></b><c/><b>two</b></a:Root>',
    );
    assert.deepEqual(r.errors, []);
    assert.equal(r.root?.name, 'Root');
    assert.equal(r.root?.qname, 'a:Root');
    assert.equal(r.root?.attrs.id, '1');
    const bs = childrenNamed(r.root, 'B');
    assert.equal(bs.length, 2);
    assert.equal(bs[0]?.attrs.x, '<&AB');
    assert.equal(bs[0]?.text, 't><raw>');
    assert.equal(childText(r.root, 'b'), 't><raw>');
    assert.ok(childNamed(r.root, 'c'));
  });

  test('skips a DOCTYPE with an internal subset and never expands its entities', () => {
    const r = parseXml('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>');
    assert.equal(r.root?.text, '&b;');
    assert.ok(r.errors.some((e) => e.includes('unknown entity')));
  });

  test('garbage, truncation and mismatched tags give errors, never exceptions', () => {
    const inputs = [
      '',
      'not xml at all',
      '<',
      '<a',
      '<a b=>',
      '<a><b></a>',
      '</x>',
      '<a>text',
      '<!-- never closed',
      '<![CDATA[x',
      '<a x="1></a>',
      '\u0000\u0001<<<>>>',
      '<html><body><p>404 Not Found</body></html>',
      '<a></a><b></b>',
      '<a>&#xD800;&#99999999;&bogus</a>',
    ];
    for (const s of inputs) {
      const r = parseXml(s);
      assert.ok(r.errors.length > 0, `expected errors for ${JSON.stringify(s)}`);
    }
    const html = parseXml('<html><body><p>404 Not Found</body></html>');
    assert.equal(html.root?.name, 'html');
  });

  test('enforces the size, depth and element limits', () => {
    const deep = '<a>'.repeat(100) + '</a>'.repeat(100);
    assert.ok(parseXml(deep, { maxDepth: 10 }).errors.some((e) => e.includes('deeper')));
    const many = `<r>${'<x/>'.repeat(200)}</r>`;
    assert.ok(parseXml(many, { maxElements: 50 }).errors.some((e) => e.includes('more than 50')));
    const big = `<r>${'x'.repeat(5000)}</r>`;
    const r = parseXml(big, { maxBytes: 1000 });
    assert.ok(r.errors.some((e) => e.includes('longer than 1000')));
    assert.ok((r.root?.text.length ?? 0) <= 1000);
  });

  test('random bytes never throw', () => {
    let seed = 42;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = '<>/="\'!?[]-&;# abcxyz\n';
    for (let i = 0; i < 500; i++) {
      let s = '';
      const n = Math.floor(rnd() * 80);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      assert.doesNotThrow(() => parseXml(s), s);
    }
  });

  test('decodeEntities keeps unknown references and reports them', () => {
    const errors: string[] = [];
    assert.equal(decodeEntities('a &amp; b &nbsp; &#x41;', errors), 'a & b &nbsp; A');
    assert.equal(errors.length, 1);
  });
});
