// native/expat-stream: the incremental XMPP stream parser (see README.md).
// The one entry point other code imports (../../native/expat-stream/index.js), and the
// only place the addon is loaded.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BatchDecoder, type BatchVisitor, collectStrings, type NativeStreamParser } from './batch-decoder.js';
import { DEFAULT_MAX_DEPTH, type Element, type StreamParserOptions } from './element.js';
import { errorFromKind, ErrorKind, type XmlStreamError } from './errors.js';
import { StreamParserBase } from './stream-lifecycle.js';

export type { Element, StreamParserOptions } from './element.js';
export { type XmlCondition, XmlStreamError } from './errors.js';
export { ReferenceStreamParser } from './reference-parser.js';
export { serialize } from './serialize.js';

interface NativeBinding {
  NativeStreamParser: new (
    maxStanzaBytes: number,
    maxDepth: number,
    fragment: boolean,
    collect: typeof collectStrings,
  ) => NativeStreamParser;
}

function loadBinding(): NativeBinding {
  // index.js runs from dist/native/expat-stream/; build/ is at the repository root.
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  try {
    const load = createRequire(import.meta.url)('node-gyp-build') as (directory: string) => NativeBinding;
    return load(root);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `native/expat-stream: cannot load the libexpat addon for ${process.platform}-${process.arch}, ` +
        `Node ABI ${process.versions.modules} (N-API ${process.versions.napi}) from ${root}build/ ` +
        `(build it with "npm ci" or "npm run build:native"): ${reason}`,
      { cause },
    );
  }
}

const binding = loadBinding();

/** The libexpat stream parser: one JS/C++ crossing per write(), stanzas built from its batch. */
export class StreamParser extends StreamParserBase {
  readonly #native: NativeStreamParser;
  readonly #decoder = new BatchDecoder();
  readonly #visitor: BatchVisitor;
  #generation = 0;

  constructor(options: StreamParserOptions) {
    super(options);
    this.#native = new binding.NativeStreamParser(this.maxStanzaBytes, this.maxDepth, false, collectStrings);
    this.#visitor = {
      streamStart: (attrs) => this.deliverStreamStart(attrs, this.#generation),
      stanza: (element) => this.deliverStanza(element, this.#generation),
      streamEnd: () => this.deliverStreamEnd(this.#generation),
      error: (kind, detail) => this.deliverError(errorFromKind(kind, detail)),
    };
  }

  protected parseChunk(chunk: Uint8Array, generation: number): void {
    this.#deliver(this.#native.write(chunk), generation);
  }

  protected finish(generation: number): void {
    this.#deliver(this.#native.end(), generation);
  }

  protected restart(): void {
    this.#native.reset();
  }

  #deliver(strings: string[] | undefined, generation: number): void {
    if (strings === undefined) return;
    this.#generation = generation;
    this.#decoder.decode(this.#native.ops, strings, this.#visitor);
  }
}

// parseElement is synchronous and resets this parser before each use, so one serves all calls.
let fragment: { parser: NativeStreamParser; decoder: BatchDecoder } | undefined;

function collectFragment(strings: string[] | undefined, found: Element[]): void {
  if (strings === undefined) return;
  let failure: XmlStreamError | undefined;
  fragment!.decoder.decode(fragment!.parser.ops, strings, {
    streamStart: () => true,
    stanza: (element) => found.push(element) > 0,
    streamEnd: () => true,
    error: (kind, detail) => {
      failure = errorFromKind(kind, detail);
    },
  });
  if (failure) throw failure;
}

/** Parses exactly one element (surrounding whitespace allowed); throws XmlStreamError. */
export function parseElement(xml: string | Uint8Array): Element {
  let bytes: Uint8Array;
  if (typeof xml === 'string') bytes = Buffer.from(xml, 'utf8');
  else if (xml instanceof Uint8Array) bytes = xml;
  else throw new TypeError('parseElement() takes a string or a Uint8Array');
  fragment ??= { parser: new binding.NativeStreamParser(0x7fffffff, DEFAULT_MAX_DEPTH, true, collectStrings), decoder: new BatchDecoder() };
  const parser = fragment.parser;
  parser.reset();
  const found: Element[] = [];
  collectFragment(parser.write(bytes), found);
  collectFragment(parser.end(), found);
  if (found.length === 0) throw errorFromKind(ErrorKind.Truncated, 'no element');
  return found[0]!;
}
