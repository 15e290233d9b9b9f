// ReferenceStreamParser: the pure TypeScript stream parser with the same API and results as
// the native StreamParser; the differential tests hold the native one to it.

import type { Element, StreamParserOptions } from './element.js';
import { errorFromKind, ErrorKind } from './errors.js';
import { type CoreEvent, ReferenceCore } from './reference-core.js';
import { StreamParserBase } from './stream-lifecycle.js';

export class ReferenceStreamParser extends StreamParserBase {
  #core: ReferenceCore;

  constructor(options: StreamParserOptions) {
    super(options);
    this.#core = this.#createCore();
  }

  protected parseChunk(chunk: Uint8Array, generation: number): void {
    this.#deliver(this.#core.write(chunk), generation);
  }

  protected finish(generation: number): void {
    this.#deliver(this.#core.end(), generation);
  }

  protected restart(): void {
    this.#core = this.#createCore();
  }

  #createCore(): ReferenceCore {
    return new ReferenceCore({ maxStanzaBytes: this.maxStanzaBytes, maxDepth: this.maxDepth, fragment: false });
  }

  #deliver(events: CoreEvent[], generation: number): void {
    for (const event of events) {
      let goOn: boolean;
      switch (event.type) {
        case 'stream-start':
          goOn = this.deliverStreamStart(event.attrs, generation);
          break;
        case 'stanza':
          goOn = this.deliverStanza(event.element, generation);
          break;
        case 'stream-end':
          goOn = this.deliverStreamEnd(generation);
          break;
        case 'error':
          this.deliverError(errorFromKind(event.kind, event.detail));
          return;
      }
      if (!goOn) return;
    }
  }
}

/** parseElement over the reference core: exactly one element, optionally surrounded by whitespace. */
export function parseElementWithReference(bytes: Uint8Array, maxDepth: number): Element {
  const core = new ReferenceCore({ maxStanzaBytes: Number.POSITIVE_INFINITY, maxDepth, fragment: true });
  const events = [...core.write(bytes), ...core.end()];
  for (const event of events) {
    if (event.type === 'error') throw errorFromKind(event.kind, event.detail);
  }
  const stanza = events.find((event) => event.type === 'stanza');
  if (!stanza || stanza.type !== 'stanza') throw errorFromKind(ErrorKind.Truncated, 'no element');
  return stanza.element;
}
