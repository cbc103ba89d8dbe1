import { describe, expect, it } from 'vitest';
import { sourceErrorOf } from '../../../test/evidence-feeds.js';
import { child, childrenOf, innerMarkup, parseXml, positionOf, textOf } from './xml-tree.js';

describe('parseXml', () => {
  it('decodes XML’s entities and character references, leaves CDATA and undeclared entities as written', () => {
    const root = parseXml('<r a="x&amp;y&#1071;">A &amp; &lt;b&gt; &#171;B&#xBB; &nbsp; <![CDATA[<p>C &amp;</p>]]></r>');
    expect(root.attributes.a).toBe('x&yЯ');
    expect(textOf(root)).toBe('A & <b> «B» &nbsp; <p>C &amp;</p>');
  });

  it('resolves namespaces by URI, whatever the prefix, default namespaces and redefinitions included', () => {
    const root = parseXml(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:c="http://purl.org/rss/1.0/modules/content/">
      <entry><c:encoded>a</c:encoded><x:encoded xmlns:x="http://purl.org/rss/1.0/modules/content/">b</x:encoded><link href="/a"/></entry>
      <entry xmlns="urn:other"><title>not atom</title></entry>
    </feed>`);
    expect(root).toMatchObject({ name: 'feed', ns: 'http://www.w3.org/2005/Atom' });
    const [entry, other] = childrenOf(root, 'http://www.w3.org/2005/Atom', 'entry').concat(childrenOf(root, 'urn:other', 'entry'));
    expect(childrenOf(entry, 'http://purl.org/rss/1.0/modules/content/', 'encoded').map(textOf)).toEqual(['a', 'b']);
    expect(child(entry, 'http://www.w3.org/2005/Atom', 'link')?.attributes.href).toBe('/a');
    expect(child(other, 'urn:other', 'title')).toBeDefined();
  });

  it('writes inline markup back for XHTML content', () => {
    const root = parseXml('<c><div><p class="a">1 &lt; 2</p><br/></div></c>');
    expect(innerMarkup(root)).toBe('<div><p class="a">1 &lt; 2</p><br></br></div>');
  });

  it('says where an element is left open inside its parent', async () => {
    expect((await sourceErrorOf(() => parseXml('<rss>\n  <item><title>a</titel></item>\n</rss>'))).params).toEqual({ reason: 'syntax', line: 2, column: 25 });
  });

  it('says a document that ends with elements open is truncated, and where it ends', async () => {
    expect((await sourceErrorOf(() => parseXml('<rss>\n<item><title>a</title>\n<item><title>b'))).params).toEqual({ reason: 'truncated', line: 3, column: 15 });
    expect((await sourceErrorOf(() => parseXml('<rss><item><![CDATA[abc'))).params).toMatchObject({ reason: 'truncated' });
    expect((await sourceErrorOf(() => parseXml('<?xml version="1.0"?>'))).params).toMatchObject({ reason: 'truncated' });
  });

  it('refuses a second root, text outside the root, and nesting past its limit', async () => {
    expect((await sourceErrorOf(() => parseXml('<a/><b/>'))).params).toMatchObject({ reason: 'syntax', line: 1, column: 5 });
    expect((await sourceErrorOf(() => parseXml('<a/>trailing words'))).params).toMatchObject({ reason: 'syntax' });
    expect((await sourceErrorOf(() => parseXml(`${'<d>'.repeat(300)}${'</d>'.repeat(300)}`))).params).toMatchObject({ reason: 'syntax' });
  });

  it('reads a DOCTYPE with an internal subset without expanding it', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY e "expanded">\n]>\n<r>&e;</r>');
    expect(textOf(root)).toBe('&e;');
  });
});

describe('positionOf', () => {
  it('counts lines and columns from 1', () => {
    expect(positionOf('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
