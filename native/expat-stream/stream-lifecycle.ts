// The JS-facing life cycle shared by the native and the reference parser: argument checks,
// write-after-end misuse, "nothing after an error until reset()", and delivery of a batch of
// events to the callbacks, which stops when a callback restarts the stream with reset().

import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_STANZA_BYTES, type Element, type StreamParserOptions } from './element.js';
import type { XmlStreamError } from './errors.js';

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > 0x7fffffff) {
    throw new TypeError(`StreamParser option ${name} must be an integer from 1 to 2^31-1, got ${String(value)}`);
  }
  return value;
}

export abstract class StreamParserBase {
  protected readonly maxStanzaBytes: number;
  protected readonly maxDepth: number;
  readonly #options: StreamParserOptions;
  #ended = false;
  #failed = false;
  #generation = 0;
  #deliveringGeneration = -1;
  #endPending = false;

  constructor(options: StreamParserOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('StreamParser needs an options object');
    this.#options = options;
    this.maxStanzaBytes = positiveInteger(options.maxStanzaBytes, DEFAULT_MAX_STANZA_BYTES, 'maxStanzaBytes');
    this.maxDepth = positiveInteger(options.maxDepth, DEFAULT_MAX_DEPTH, 'maxDepth');
  }

  write(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('StreamParser.write() takes a Uint8Array (or Buffer) chunk');
    if (this.#ended) throw new TypeError('StreamParser.write() after end(); call reset() to start a new stream');
    if (this.#deliveringGeneration === this.#generation) {
      throw new TypeError('StreamParser.write() called from one of its own callbacks; call it after the callback returns');
    }
    if (this.#failed || chunk.length === 0) return;
    this.#run(chunk);
  }

  end(): void {
    if (this.#ended) throw new TypeError('StreamParser.end() called twice; call reset() to start a new stream');
    this.#ended = true;
    if (this.#failed) return;
    // From a callback (onStreamEnd is the natural place), the end waits for the batch.
    if (this.#deliveringGeneration === this.#generation) this.#endPending = true;
    else this.#run(undefined);
  }

  /** Starts a new stream: after STARTTLS or SASL success, and to recover after an error. */
  reset(): void {
    this.#ended = false;
    this.#failed = false;
    this.#endPending = false;
    this.#generation++;
    this.restart();
  }

  /** Parses and delivers one batch, of `chunk` or else of the end of input; nested calls
   * from callbacks see it as in progress. (No closure per step: each function on this path
   * is compiled by TurboFan with everything below it inlined, so a level less is a compile
   * of the whole decoder less in every process.) */
  #run(chunk: Uint8Array | undefined): void {
    const generation = this.#generation;
    const outer = this.#deliveringGeneration;
    this.#deliveringGeneration = generation;
    try {
      if (chunk === undefined) this.finish(generation);
      else this.parseChunk(chunk, generation);
    } finally {
      this.#deliveringGeneration = outer;
    }
    if (this.#endPending && this.#generation === generation) {
      this.#endPending = false;
      if (!this.#failed) this.#run(undefined);
    }
  }

  protected abstract parseChunk(chunk: Uint8Array, generation: number): void;
  protected abstract finish(generation: number): void;
  protected abstract restart(): void;

  // Each deliver* returns false when the rest of the batch must be dropped: a callback
  // called reset() (the remaining events belong to the old stream).
  protected deliverStreamStart(attrs: Record<string, string>, generation: number): boolean {
    this.#options.onStreamStart?.(attrs);
    return this.#generation === generation;
  }

  protected deliverStanza(element: Element, generation: number): boolean {
    this.#options.onStanza?.(element);
    return this.#generation === generation;
  }

  protected deliverStreamEnd(generation: number): boolean {
    this.#options.onStreamEnd?.();
    return this.#generation === generation;
  }

  /** The last event of a stream: nothing is delivered after it until reset(). */
  protected deliverError(error: XmlStreamError): void {
    this.#failed = true;
    // An error nobody listens to must not vanish: without onError it is thrown.
    if (!this.#options.onError) throw error;
    this.#options.onError(error);
  }
}
