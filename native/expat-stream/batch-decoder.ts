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
/** The children of an element until its first child or its END gives it an array of its
 * own: a first child starts the array as a one-slot literal, where pushing into [] would
 * give even a one-text element a backing store of 17 slots. */
const NO_CHILDREN: Array<Element | string> = [];
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

/** Hands the addon its batch strings back as one array (src/addon.cc, StringArray): N-API
 * cannot make an array of given values in one call, a rest parameter does. */
export function collectStrings(...strings: string[]): string[] {
  return strings;
}

/** Receives a batch's events in order; a false return drops the rest of the batch. */
export interface BatchVisitor {
  streamStart(attrs: Record<string, string>): boolean;
  stanza(element: Element): boolean;
  streamEnd(): boolean;
  error(kind: number, detail: string): void;
}

/** Reads the batches of one native parser; holds JS's copy of its name table.
 * The loops keep their position, string and base in locals and read names inline: each
 * helper call with state in fields cost loads and stores per op, and every small helper
 * that got hot was compiled once alone and once more inlined into its caller. For the
 * same reason #readElement reads attributes itself (the stream header is encoded as an
 * element too): its size keeps TurboFan from inlining it into decode(), whose own
 * compile then stays small, where three nested copies of the same loops cost ~40 ms of
 * compiler time in a fresh process. That is also why the element name and the attribute
 * keys are read by two copies of the same few lines: #readElement must stay above V8's
 * inlining limit (460 bytes of bytecode; it is ~480), which moving them into a helper
 * would undo. */
export class BatchDecoder {
  readonly #names: string[] = [];

  /** Walks one batch: `strings` holds the batch strings, then the new names. */
  decode(ops: Uint32Array, strings: string[], visitor: BatchVisitor): void {
    const addedNames = ops[1]!;
    for (let i = strings.length - addedNames; i < strings.length; i++) this.#names.push(strings[i]!);
    let position = HEADER_WORDS;
    const end = ops[0]! + HEADER_WORDS;
    while (position < end) {
      const op = ops[position++];
      if (op === OP_STREAM_END) {
        if (!visitor.streamEnd()) return;
        continue;
      }
      const text = strings[ops[position]!]!;
      const base = ops[position + 1]!;
      position += 2;
      if (op === OP_STANZA) {
        const element = this.#readElement(ops, position, text, base);
        position = this.#end;
        if (!visitor.stanza(element)) return;
      } else if (op === OP_STREAM_START) {
        const header = this.#readElement(ops, position, text, base);
        position = this.#end;
        if (!visitor.streamStart(header.attrs)) return;
      } else {
        // OP_ERROR (7): always the last event, its string is the detail
        visitor.error(ops[position]!, text);
        return;
      }
    }
  }

  /** Where the last #readElement stopped. */
  #end = 0;

  /** Reads ELEMENT ... END at ops[i] without recursion; sets #end after it. */
  #readElement(ops: Uint32Array, i: number, text: string, base: number): Element {
    const names = this.#names;
    const open: Element[] = [];
    let root: Element | undefined;
    for (;;) {
      const op = ops[i]!;
      if (op === OP_ELEMENT) {
        const id = ops[i + 1]!;
        let name: string;
        if (id !== NOT_INTERNED) {
          name = names[id]!;
          i += 2;
        } else {
          name = text.slice(base + ops[i + 2]!, base + ops[i + 3]!);
          i += 4;
        }
        // count, then key (a name) and value range for each attribute
        const attrs: Record<string, string> = {};
        const count = ops[i++]!;
        for (let n = 0; n < count; n++) {
          const keyId = ops[i]!;
          let key: string;
          if (keyId !== NOT_INTERNED) {
            key = names[keyId]!;
            i += 1;
          } else {
            key = text.slice(base + ops[i + 1]!, base + ops[i + 2]!);
            i += 3;
          }
          setAttribute(attrs, key, text.slice(base + ops[i]!, base + ops[i + 1]!));
          i += 2;
        }
        const element: Element = { name, attrs, children: NO_CHILDREN };
        if (root === undefined) root = element;
        else addChild(open[open.length - 1]!, element);
        open.push(element);
      } else if (op === OP_TEXT) {
        addChild(open[open.length - 1]!, text.slice(base + ops[i + 1]!, base + ops[i + 2]!));
        i += 3;
      } else {
        // OP_END (5)
        i++;
        const closed = open.pop()!;
        if (closed.children === NO_CHILDREN) closed.children = [];
        if (open.length === 0) {
          this.#end = i;
          return root!;
        }
      }
    }
  }
}

function addChild(parent: Element, child: Element | string): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}
