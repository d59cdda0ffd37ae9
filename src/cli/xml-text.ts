/**
 * Any string as XML 1.0 text: attribute values and element content that a conforming parser reads back
 * as the same string. Characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF, lone
 * surrogates) are written as visible `\uXXXX` escapes instead.
 */

/** Every character outside XML 1.0's `Char` production. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a literal tab, newline or carriage return in an attribute into a space.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** `text` with every character XML cannot hold written as `\uXXXX`. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** `text` as the value of an attribute in double quotes. */
export function xmlAttribute(text: string): string {
  return xmlChars(text).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/**
 * `text` as element content in CDATA sections, readable as written: a `]]>` inside is split across two
 * sections, and a carriage return (which a parser would read as a newline) is written as `&#13;` between them.
 */
export function xmlCdata(text: string): string {
  const safe = xmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>').replaceAll('\r', ']]>&#13;<![CDATA[');
  return `<![CDATA[${safe}]]>`;
}
