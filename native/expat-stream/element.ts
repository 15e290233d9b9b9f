// The element shape delivered by the parsers and taken by serialize(): plain objects in
// the shape the XMPP JavaScript ecosystem uses (ltx), so stanza code needs no wrapper class.

import type { XmlStreamError } from './errors.js';

export interface Element {
  /** Qualified name as written, e.g. 'message' or 'stream:features'. */
  name: string;
  /** Attributes as written, including 'xmlns' and 'xmlns:prefix' declarations. */
  attrs: Record<string, string>;
  /** Child elements and decoded text, in document order. */
  children: Array<Element | string>;
}

export interface StreamParserOptions {
  /** Largest stanza (from its '<' to its last '>') in bytes; default 1 MiB. */
  maxStanzaBytes?: number;
  /** Deepest element nesting inside a stanza, the stanza itself being depth 1; default 64. */
  maxDepth?: number;
  onStreamStart?(attrs: Record<string, string>): void;
  onStanza?(element: Element): void;
  onStreamEnd?(): void;
  onError?(error: XmlStreamError): void;
}

export const DEFAULT_MAX_STANZA_BYTES = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

/**
 * Sets an attribute on a plain attrs object. '__proto__' is defined as an own property:
 * a plain assignment would hit Object.prototype's setter and drop it.
 */
export function setAttribute(attrs: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
  else attrs[key] = value;
}
