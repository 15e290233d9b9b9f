// Decodes one batch of the native core (layout: src/stream_core.h) into plain
// {name, attrs, children} objects. This loop, not a JS call per SAX event, is what the
// native parser costs on the JS side.

import { type Element, setAttribute } from './element.js';

const OP_STREAM_START = 1;
const OP_STANZA = 2;
const OP_STREAM_END = 3;
const OP_ELEMENT = 4;
const OP_TEXT = 6;

/** A read position in a batch; `text` is the string of the event being decoded. */
class BatchCursor {
  ops: Uint32Array;
  position = 1;
  text = '';

  constructor(ops: Uint32Array) {
    this.ops = ops;
  }

  readAttributes(): Record<string, string> {
    const ops = this.ops;
    const text = this.text;
    let i = this.position;
    const count = ops[i++]!;
    const attrs: Record<string, string> = {};
    for (let n = 0; n < count; n++, i += 4) {
      setAttribute(attrs, text.slice(ops[i]!, ops[i + 1]!), text.slice(ops[i + 2]!, ops[i + 3]!));
    }
    this.position = i;
    return attrs;
  }

  /** Reads ELEMENT ... END (the position is on ELEMENT) without recursion. */
  readElement(): Element {
    const ops = this.ops;
    const text = this.text;
    const open: Element[] = [];
    let root: Element | undefined;
    let i = this.position;
    for (;;) {
      const op = ops[i]!;
      if (op === OP_ELEMENT) {
        const name = text.slice(ops[i + 1]!, ops[i + 2]!);
        this.position = i + 3;
        const element: Element = { name, attrs: this.readAttributes(), children: [] };
        i = this.position;
        if (root === undefined) root = element;
        else open[open.length - 1]!.children.push(element);
        open.push(element);
      } else if (op === OP_TEXT) {
        open[open.length - 1]!.children.push(text.slice(ops[i + 1]!, ops[i + 2]!));
        i += 3;
      } else {
        // OP_END (5)
        i++;
        open.pop();
        if (open.length === 0) break;
      }
    }
    this.position = i;
    return root!;
  }
}

/** Receives a batch's events in order; a false return drops the rest of the batch. */
export interface BatchVisitor {
  streamStart(attrs: Record<string, string>): boolean;
  stanza(element: Element): boolean;
  streamEnd(): boolean;
  error(kind: number, detail: string): void;
}

/** Walks one batch: ops[0] is the op count, `strings` the event strings in order. */
export function decodeBatch(ops: Uint32Array, strings: string[], visitor: BatchVisitor): void {
  const cursor = new BatchCursor(ops);
  const end = ops[0]! + 1;
  let next = 0;
  while (cursor.position < end) {
    const op = ops[cursor.position++];
    if (op === OP_STANZA) {
      cursor.text = strings[next++]!;
      if (!visitor.stanza(cursor.readElement())) return;
    } else if (op === OP_STREAM_START) {
      cursor.text = strings[next++]!;
      if (!visitor.streamStart(cursor.readAttributes())) return;
    } else if (op === OP_STREAM_END) {
      if (!visitor.streamEnd()) return;
    } else {
      // OP_ERROR: always the last event
      visitor.error(ops[cursor.position]!, strings[next]!);
      return;
    }
  }
}
