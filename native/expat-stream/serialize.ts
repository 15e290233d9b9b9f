// Serializer for outbound stanzas: the XML text of one element, escaped so that
// parseElement(serialize(x)) gives x back.
// References: XML 1.0 (fifth edition) §2.2 (Char), §2.4 (character data), §2.11 (end-of-line
// handling), §3.3.3 (attribute-value normalization), §4.1 (character references).
//
// Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF,
// lone surrogates) are replaced by U+FFFD: a stanza with such a character in user text must
// still be sendable, and a peer would reject the whole stream over it.
// Tab, LF and CR in attribute values, and CR in text, are written as character references,
// because a parser would otherwise normalize them to spaces (attributes) or LF (CR).

import type { Element } from './element.js';

const NAME =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]*$/u;
const TEXT_SPECIALS = /[&<>\r\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const TEXT_SPECIALS_ALL = new RegExp(TEXT_SPECIALS.source, 'gu');
const ATTR_SPECIALS = /[&<>"'\t\n\r\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const ATTR_SPECIALS_ALL = new RegExp(ATTR_SPECIALS.source, 'gu');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeCharacter(character: string): string {
  return ESCAPES[character] ?? '\uFFFD';
}

export function escapeText(text: string): string {
  return TEXT_SPECIALS.test(text) ? text.replace(TEXT_SPECIALS_ALL, escapeCharacter) : text;
}

export function escapeAttribute(value: string): string {
  return ATTR_SPECIALS.test(value) ? value.replace(ATTR_SPECIALS_ALL, escapeCharacter) : value;
}

function checkName(name: string, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) throw new TypeError(`serialize: invalid ${what} name ${JSON.stringify(name)}`);
  return name;
}

function appendElement(element: Element, out: string[]): void {
  const name = checkName(element.name, 'element');
  let tag = `<${name}`;
  for (const key in element.attrs) {
    const value = element.attrs[key];
    // ltx convention: an attribute set to undefined or null is absent.
    if (value === undefined || value === null) continue;
    tag += ` ${checkName(key, 'attribute')}="${escapeAttribute(String(value))}"`;
  }
  const children = element.children;
  if (children.length === 0) {
    out.push(`${tag}/>`);
    return;
  }
  out.push(`${tag}>`);
  for (const child of children) {
    if (typeof child === 'string') out.push(escapeText(child));
    else appendElement(child, out);
  }
  out.push(`</${name}>`);
}

/** The escaped XML text of one element and its descendants. */
export function serialize(element: Element): string {
  const out: string[] = [];
  appendElement(element, out);
  return out.join('');
}
