// Decodes the batches of the native core (layout: src/stream_core.h) into plain
// {name, attrs, children} objects. This loop, not a JS call per SAX event, is what the
// native parser costs on the JS side.

import { type Element, setAttribute } from './element.js';

const OP_STREAM_START = 1;
const OP_STANZA = 2;
const OP_STREAM_END = 3;
const OP_ELEMENT = 4;
const OP_TEXT = 6;
const NOT_INTERNED = 0xffffffff;
/** ops[0]: op count; ops[1]: count of names added to the table by this batch. */
const HEADER_WORDS = 2;

/** Native parser methods as the addon defines them (src/addon.cc). */
export interface NativeStreamParser {
  readonly ops: Uint32Array;
  /** The batch's strings, or undefined when the call completed nothing. */
  write(chunk: Uint8Array): string[] | undefined;
  end(): string[] | undefined;
  reset(): void;
}

/** Receives a batch's events in order; a false return drops the rest of the batch. */
export interface BatchVisitor {
  streamStart(attrs: Record<string, string>): boolean;
  stanza(element: Element): boolean;
  streamEnd(): boolean;
  error(kind: number, detail: string): void;
}

/** Reads the batches of one native parser; holds JS's copy of its name table. */
export class BatchDecoder {
  readonly #names: string[] = [];
  #ops: Uint32Array = new Uint32Array(0);
  #position = 0;
  /** The current event's string and where the event's text starts in it. */
  #text = '';
  #base = 0;

  /** Walks one batch: `strings` holds the batch strings, then the new names. */
  decode(ops: Uint32Array, strings: string[], visitor: BatchVisitor): void {
    const addedNames = ops[1]!;
    for (let i = strings.length - addedNames; i < strings.length; i++) this.#names.push(strings[i]!);
    this.#ops = ops;
    this.#position = HEADER_WORDS;
    const end = ops[0]! + HEADER_WORDS;
    while (this.#position < end) {
      const op = ops[this.#position++];
      if (op === OP_STREAM_END) {
        if (!visitor.streamEnd()) return;
        continue;
      }
      const string = strings[ops[this.#position]!]!;
      this.#text = string;
      this.#base = ops[this.#position + 1]!;
      this.#position += 2;
      if (op === OP_STANZA) {
        if (!visitor.stanza(this.#readElement())) return;
      } else if (op === OP_STREAM_START) {
        if (!visitor.streamStart(this.#readAttributes())) return;
      } else {
        // OP_ERROR (7): always the last event, its string is the detail
        visitor.error(ops[this.#position]!, string);
        return;
      }
    }
  }

  #readName(): string {
    const ops = this.#ops;
    const id = ops[this.#position]!;
    if (id !== NOT_INTERNED) {
      this.#position++;
      return this.#names[id]!;
    }
    const name = this.#text.slice(this.#base + ops[this.#position + 1]!, this.#base + ops[this.#position + 2]!);
    this.#position += 3;
    return name;
  }

  #readAttributes(): Record<string, string> {
    const ops = this.#ops;
    const count = ops[this.#position++]!;
    const attrs: Record<string, string> = {};
    for (let n = 0; n < count; n++) {
      const key = this.#readName();
      const i = this.#position;
      setAttribute(attrs, key, this.#text.slice(this.#base + ops[i]!, this.#base + ops[i + 1]!));
      this.#position = i + 2;
    }
    return attrs;
  }

  /** Reads ELEMENT ... END (the position is on ELEMENT) without recursion. */
  #readElement(): Element {
    const ops = this.#ops;
    const open: Element[] = [];
    let root: Element | undefined;
    for (;;) {
      const op = ops[this.#position]!;
      if (op === OP_ELEMENT) {
        this.#position++;
        const name = this.#readName();
        const element: Element = { name, attrs: this.#readAttributes(), children: [] };
        if (root === undefined) root = element;
        else open[open.length - 1]!.children.push(element);
        open.push(element);
      } else if (op === OP_TEXT) {
        const i = this.#position;
        open[open.length - 1]!.children.push(this.#text.slice(this.#base + ops[i + 1]!, this.#base + ops[i + 2]!));
        this.#position = i + 3;
      } else {
        // OP_END (5)
        this.#position++;
        open.pop();
        if (open.length === 0) return root!;
      }
    }
  }
}
