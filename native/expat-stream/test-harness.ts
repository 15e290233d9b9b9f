// Test support: runs a parser over chunks and records what it delivered as plain data,
// so results of different parsers and chunkings compare with deepStrictEqual.

import type { Element, StreamParserOptions } from './element.js';
import type { XmlStreamError } from './errors.js';

export type Recorded =
  | { type: 'stream-start'; attrs: Record<string, string> }
  | { type: 'stanza'; element: Element }
  | { type: 'stream-end' }
  | { type: 'error'; condition: string; code: string };

export interface ParserLike {
  write(chunk: Uint8Array): void;
  end(): void;
  reset(): void;
}

export type ParserClass = new (options: StreamParserOptions) => ParserLike;

export function recordingOptions(events: Recorded[], limits: Pick<StreamParserOptions, 'maxDepth' | 'maxStanzaBytes'> = {}): StreamParserOptions {
  return {
    ...limits,
    onStreamStart: (attrs) => events.push({ type: 'stream-start', attrs }),
    onStanza: (element) => events.push({ type: 'stanza', element }),
    onStreamEnd: () => events.push({ type: 'stream-end' }),
    onError: (error: XmlStreamError) => events.push({ type: 'error', condition: error.condition, code: error.code }),
  };
}

/** Feeds the chunks then end(), and returns everything delivered. */
export function run(
  Parser: ParserClass,
  chunks: Iterable<Uint8Array>,
  limits: Pick<StreamParserOptions, 'maxDepth' | 'maxStanzaBytes'> = {},
): Recorded[] {
  const events: Recorded[] = [];
  const parser = new Parser(recordingOptions(events, limits));
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return events;
}

export function* splitAt(bytes: Uint8Array, ...offsets: number[]): Generator<Uint8Array> {
  let start = 0;
  for (const offset of offsets) {
    yield bytes.subarray(start, offset);
    start = offset;
  }
  yield bytes.subarray(start);
}

export function* byteChunks(bytes: Uint8Array, size = 1): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Deterministic chunk sizes from a seed (xorshift32), so a failing split can be replayed. */
export function* randomChunks(bytes: Uint8Array, seed: number, maxSize: number): Generator<Uint8Array> {
  let state = seed >>> 0 || 1;
  for (let i = 0; i < bytes.length; ) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const size = 1 + (state % maxSize);
    yield bytes.subarray(i, i + size);
    i += size;
  }
}

export const STREAM_OPEN =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.org' id='s1' version='1.0'>";
export const STREAM_HEADER = `<?xml version='1.0'?>${STREAM_OPEN}`;
export const STREAM_ATTRS = {
  xmlns: 'jabber:client',
  'xmlns:stream': 'http://etherx.jabber.org/streams',
  from: 'example.org',
  id: 's1',
  version: '1.0',
};

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
