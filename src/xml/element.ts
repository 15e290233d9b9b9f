// Builders and readers over the parser's plain Element shape (ltx-like), so stanza code
// never walks `children` arrays by hand.
// References: Namespaces in XML 1.0 §6 (default namespace scoping), RFC 6120 §4.8.

import type { Element } from '../../native/expat-stream/index.js';

export type { Element } from '../../native/expat-stream/index.js';

export type Child = Element | string | number | null | undefined | false | readonly Child[];
export type Attributes = Record<string, string | number | undefined | null>;

/** xml('iq', { type: 'get' }, xml('ping', { xmlns: NS_PING })): attributes set to undefined/null are left out. */
export function xml(name: string, attrs: Attributes | null = null, ...children: Child[]): Element {
  const element: Element = { name, attrs: {}, children: [] };
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      if (value !== undefined && value !== null) element.attrs[key] = String(value);
    }
  }
  appendChildren(element.children, children);
  return element;
}

function appendChildren(out: Element['children'], children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(out, child);
    else if (typeof child === 'number') out.push(String(child));
    else out.push(child as Element | string);
  }
}

export function isElement(node: Element | string | undefined): node is Element {
  return typeof node === 'object' && node !== null;
}

/** The part of a qualified name after its prefix: 'stream:features' → 'features'. */
export function localName(element: Element): string {
  const colon = element.name.indexOf(':');
  return colon < 0 ? element.name : element.name.slice(colon + 1);
}

/**
 * The namespace of `element` given its parent's namespace: its own default declaration or,
 * for a prefixed name, the matching xmlns:prefix declaration on the element itself. Prefixes
 * declared further up are not tracked: XMPP payloads declare what they use on the element.
 */
export function namespaceOf(element: Element, parentNamespace?: string): string | undefined {
  const colon = element.name.indexOf(':');
  if (colon >= 0) return element.attrs[`xmlns:${element.name.slice(0, colon)}`] ?? parentNamespace;
  return element.attrs.xmlns ?? parentNamespace;
}

/** Child elements, optionally only those with this local name and namespace. */
export function getChildren(element: Element, name?: string, xmlns?: string): Element[] {
  const parentNamespace = element.attrs.xmlns;
  const found: Element[] = [];
  for (const child of element.children) {
    if (!isElement(child)) continue;
    if (name !== undefined && localName(child) !== name) continue;
    if (xmlns !== undefined && namespaceOf(child, parentNamespace) !== xmlns) continue;
    found.push(child);
  }
  return found;
}

/** The first child element with this local name (and namespace when given). */
export function getChild(element: Element, name: string, xmlns?: string): Element | undefined {
  const parentNamespace = element.attrs.xmlns;
  for (const child of element.children) {
    if (!isElement(child) || localName(child) !== name) continue;
    if (xmlns === undefined || namespaceOf(child, parentNamespace) === xmlns) return child;
  }
  return undefined;
}

/** The first child element of any name, e.g. an iq's payload. */
export function getFirstChild(element: Element): Element | undefined {
  for (const child of element.children) if (isElement(child)) return child;
  return undefined;
}

/** The element's direct text, concatenated (text of child elements excluded). */
export function getText(element: Element): string {
  let text = '';
  for (const child of element.children) if (typeof child === 'string') text += child;
  return text;
}

/** Text of the first matching child, or undefined when there is no such child. */
export function getChildText(element: Element, name: string, xmlns?: string): string | undefined {
  const child = getChild(element, name, xmlns);
  return child === undefined ? undefined : getText(child);
}

/** An integer attribute, or undefined when absent or not a non-negative integer. */
export function getIntegerAttr(element: Element, name: string): number | undefined {
  const value = element.attrs[name];
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** XML Schema boolean: 'true' or '1'. */
export function getBooleanAttr(element: Element, name: string): boolean {
  const value = element.attrs[name];
  return value === 'true' || value === '1';
}
