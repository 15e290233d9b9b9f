// The small part of the untyped peer parsers' APIs the benches use.

declare module 'node-expat' {
  export class Parser {
    constructor(encoding: string);
    on(event: 'startElement', listener: (name: string, attrs: Record<string, string>) => void): this;
    on(event: 'endElement', listener: (name: string) => void): this;
    on(event: 'text', listener: (text: string) => void): this;
    /** False on a parse error; getError() then says which. */
    parse(data: Uint8Array | string, isFinal: boolean): boolean;
    getError(): string;
  }
}

declare module '@xmpp/xml/lib/Parser.js' {
  import type { EventEmitter } from 'node:events';
  /** ltx's SAX parser building ltx Elements, as xmpp.js consumes a stream. */
  export default class Parser extends EventEmitter {
    write(data: string): void;
    end(data?: string): void;
  }
}
