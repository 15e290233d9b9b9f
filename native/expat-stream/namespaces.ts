// Namespace well-formedness checks over names as written (the parsers keep prefixes and
// xmlns attributes verbatim, as ltx does, so they check bindings themselves).
// References: Namespaces in XML 1.0 §3 (declaring), §5 (conformance); RFC 6120 §4.8.
// The native core (src/namespaces.cc) applies the same rules in the same order.

import { ErrorKind } from './errors.js';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
export const STREAM_NAMESPACE = 'http://etherx.jabber.org/streams';

/** Prefix bindings in scope, innermost last. */
export class NamespaceScope {
  readonly #bindings: Array<[prefix: string, uri: string]> = [];
  readonly #marks: number[] = [];

  /** Opens an element's scope; returns an ErrorKind or -1 when its names are well-formed. */
  open(name: string, attrs: Record<string, string>): number {
    this.#marks.push(this.#bindings.length);
    for (const key in attrs) {
      if (!key.startsWith('xmlns:')) continue;
      const prefix = key.slice(6);
      const uri = attrs[key]!;
      if (prefix === '' || prefix.includes(':') || prefix === 'xmlns' || uri === '') return ErrorKind.BadNamespaceDecl;
      if ((prefix === 'xml') !== (uri === XML_NAMESPACE) || uri === XMLNS_NAMESPACE) return ErrorKind.BadNamespaceDecl;
      this.#bindings.push([prefix, uri]);
    }
    const elementCheck = this.#checkQName(name, false);
    if (elementCheck >= 0) return elementCheck;
    for (const key in attrs) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      const attrCheck = this.#checkQName(key, true);
      if (attrCheck >= 0) return attrCheck;
    }
    return -1;
  }

  close(): void {
    this.#bindings.length = this.#marks.pop() ?? 0;
  }

  clear(): void {
    this.#bindings.length = 0;
    this.#marks.length = 0;
  }

  #checkQName(name: string, isAttribute: boolean): number {
    const colon = name.indexOf(':');
    if (colon < 0) return -1;
    if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) >= 0) return ErrorKind.BadNamespaceDecl;
    const prefix = name.slice(0, colon);
    if (prefix === 'xml') return -1;
    if (prefix === 'xmlns') return isAttribute ? -1 : ErrorKind.BadNamespaceDecl;
    return this.#lookup(prefix) === undefined ? ErrorKind.UnboundPrefix : -1;
  }

  #lookup(prefix: string): string | undefined {
    for (let i = this.#bindings.length - 1; i >= 0; i--) {
      const binding = this.#bindings[i]!;
      if (binding[0] === prefix) return binding[1];
    }
    return undefined;
  }
}

/** RFC 6120 §4.8.1: the root must be <stream> qualified by the streams namespace. */
export function isStreamRoot(name: string, attrs: Record<string, string>): boolean {
  const colon = name.indexOf(':');
  if (colon < 0) return name === 'stream' && attrs['xmlns'] === STREAM_NAMESPACE;
  return name.slice(colon + 1) === 'stream' && attrs[`xmlns:${name.slice(0, colon)}`] === STREAM_NAMESPACE;
}
