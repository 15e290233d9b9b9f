// native/expat-stream: the incremental XMPP stream parser (see README.md).
// The one entry point other code imports: ../../native/expat-stream/index.js

import { DEFAULT_MAX_DEPTH, type Element } from './element.js';
import { parseElementWithReference, ReferenceStreamParser } from './reference-parser.js';

export type { Element, StreamParserOptions } from './element.js';
export { type XmlCondition, XmlStreamError } from './errors.js';
export { ReferenceStreamParser } from './reference-parser.js';
export { serialize } from './serialize.js';

// TODO(parser): replaced by the libexpat addon in the next commit; same API.
export class StreamParser extends ReferenceStreamParser {}

/** Parses exactly one element (surrounding whitespace allowed); throws XmlStreamError. */
export function parseElement(xml: string | Uint8Array): Element {
  if (typeof xml === 'string') return parseElementWithReference(Buffer.from(xml, 'utf8'), DEFAULT_MAX_DEPTH);
  if (!(xml instanceof Uint8Array)) throw new TypeError('parseElement() takes a string or a Uint8Array');
  return parseElementWithReference(xml, DEFAULT_MAX_DEPTH);
}
