// The only way the app builds DOM. Remote content (names, bodies, statuses) is data, never
// markup: text goes in through text nodes, attributes through setAttribute from an
// allowlist, and a link's href only after isSafeUrl. Nothing here parses HTML, so a message
// holding "<script>" stays those eight characters on screen.

import { isHttpUrl } from '../../../src/linker/features/http-url.js';

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;

/** String attributes, `on<event>` listeners and the `hidden`/`disabled`-style booleans. */
export type Props = Record<string, string | number | boolean | Handler | null | undefined>;

const HTML_ATTRIBUTES = new Set([
  'id', 'class', 'role', 'dir', 'lang', 'title', 'tabindex', 'hidden', 'for', 'name', 'type',
  'value', 'placeholder', 'autocomplete', 'inputmode', 'autocapitalize', 'spellcheck',
  'enterkeyhint', 'required', 'disabled', 'checked', 'selected', 'minlength', 'maxlength',
  'href', 'target', 'rel', 'alt', 'width', 'height', 'novalidate', 'method', 'datetime',
  'src', 'loading', 'decoding', 'download', 'rows',
]);

const SVG_ATTRIBUTES = new Set([
  'viewBox', 'd', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin',
  'cx', 'cy', 'r', 'x', 'y', 'width', 'height', 'rx', 'class', 'focusable',
]);

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'xmpp:']);

/** True for absolute http(s)/mailto/xmpp URLs and for the app's own `#/route` links. */
export function isSafeUrl(url: string): boolean {
  if (/^#\/[^\s]*$/.test(url)) return true;
  try {
    return SAFE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Images and downloads: absolute http(s) URLs, or a path on this origin. */
export function isSafeMediaUrl(url: string): boolean {
  return /^\/(?!\/)[^\s]*$/.test(url) || isHttpUrl(url);
}

function allowed(name: string, allowlist: ReadonlySet<string>): boolean {
  return allowlist.has(name) || name.startsWith('aria-') || name.startsWith('data-');
}

function applyProps(element: Element, props: Props | null, allowlist: ReadonlySet<string>): void {
  if (!props) return;
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      if (!/^on[a-z]+$/.test(name)) throw new Error(`h: listener "${name}" must be on<event>`);
      element.addEventListener(name.slice(2), value);
      continue;
    }
    if (!allowed(name, allowlist)) throw new Error(`h: attribute "${name}" is not allowed`);
    const text = value === true ? '' : String(value);
    if (name === 'href' && !isSafeUrl(text) && !isSafeMediaUrl(text)) throw new Error('h: unsafe href');
    if (name === 'src' && !isSafeMediaUrl(text)) throw new Error('h: unsafe src');
    element.setAttribute(name, text);
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...(child as readonly Child[]));
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Creates an HTML element; strings among the children become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  applyProps(element, props ?? null, HTML_ATTRIBUTES);
  append(element, ...children);
  return element;
}

/** Creates an SVG element (icons drawn from constants in icons.ts). */
export function s(tag: 'svg' | 'path' | 'circle' | 'rect', props?: Props | null, ...children: Node[]): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  applyProps(element, props ?? null, SVG_ATTRIBUTES);
  append(element, ...children);
  return element;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
