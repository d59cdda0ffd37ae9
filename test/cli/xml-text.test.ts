import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { xmlAttribute, xmlCdata, xmlChars } from '../../src/cli/xml-text.js';

/** `<r a="…">…</r>` elements in a `<d>` root. */
const SCHEMA = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="d"><xs:complexType><xs:sequence>
    <xs:element name="r" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:simpleContent>
      <xs:extension base="xs:string"><xs:attribute name="a" type="xs:string" use="required"/></xs:extension>
    </xs:simpleContent></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', trimValues: false, parseTagValue: false, parseAttributeValue: false, htmlEntities: true, alwaysCreateTextNode: true });

function element(text: string): string {
  return `<r a="${xmlAttribute(text)}">${xmlCdata(text)}</r>`;
}

function documentOf(texts: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<d>${texts.map(element).join('\n')}</d>`;
}

/** What Canonical XML (C14N) makes of `<r a="text">text</r>`: the form libxml2 writes what it read in. */
function canonical(text: string): string {
  const attribute = text.replace(/[&<"\t\n\r]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[char] ?? char);
  const content = text.replace(/[&<>\r]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' })[char] ?? char);
  return `<r a="${attribute}">${content}</r>`;
}

/** Any text, weighted towards what XML treats specially: markup, CDATA ends, line ends, characters XML cannot hold. */
const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(']]>', ']', ']]', '>', '<', '&', '"', "'", '\r', '\n', '\t', '\r\n', '\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\ufffe', '\uffff', '\ud800', '\udfff', '😀', 'a', ' ', '&amp;', '&#13;', '<![CDATA[', '\\u0001'),
    maxLength: 30,
  }),
);

describe('xmlChars', () => {
  it('writes the characters XML 1.0 cannot hold as \\u escapes and keeps every other', () => {
    expect(xmlChars('a\u0000b\u0008\t\n\r\u001f\ufffe\uffff\ud800😀\u0085')).toBe('a\\u0000b\\u0008\t\n\r\\u001f\\ufffe\\uffff\\ud800😀\u0085');
  });
});

describe('xmlAttribute', () => {
  it('escapes markup, both quotes, and the whitespace a parser would turn into spaces', () => {
    expect(xmlAttribute(`a&b<c>d"e'f\tg\nh\ri`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i');
  });
});

describe('xmlCdata', () => {
  it('splits a "]]>" across two sections and writes a carriage return as a character reference', () => {
    expect(xmlCdata('a]]>b\r\nc')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>&#13;<![CDATA[\nc]]>');
  });

  it('writes an empty text as an empty section', () => {
    expect(xmlCdata('')).toBe('<![CDATA[]]>');
  });
});

describe('XML text of any string, read back', () => {
  it('is well-formed and reads back as the string (fast-xml-parser, 1,000 runs), and libxml2 validates and canonicalises it to the same', async () => {
    const seen: string[] = [];
    fc.assert(
      fc.property(texts, (text) => {
        const xml = documentOf([text]);
        expect(XMLValidator.validate(xml)).toBe(true);
        const { d } = parser.parse(xml) as { d: { r: { '@_a': string; '#text': string } } };
        expect(d.r['@_a']).toBe(xmlChars(text));
        expect(d.r['#text']).toBe(xmlChars(text));
        seen.push(text);
      }),
      { numRuns: 1000 },
    );

    // One run of xmllint over every text seen: it rejects any character or markup XML does not allow.
    const result = await validateXML({ xml: [{ fileName: 'texts.xml', contents: documentOf(seen) }], schema: [{ fileName: 'texts.xsd', contents: SCHEMA }], normalization: 'c14n' });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    // Canonical XML escapes every "<" of a value, so "</r>" ends an element and nothing else.
    const elements = result.normalized.replace(/^<d>|<\/d>\n?$/g, '').split('</r>\n').map((text, index, all) => (index < all.length - 1 ? `${text}</r>` : text));
    expect(elements).toHaveLength(seen.length);
    seen.forEach((text, index) => expect(elements[index], JSON.stringify(text)).toBe(canonical(xmlChars(text))));
  });
});
