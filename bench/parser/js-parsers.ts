// The parsers the benches run inside Node, behind one shape: feed Buffer chunks as they
// come off a socket, get each depth-1 stanza as an element tree. Peers that take strings
// get the chunks through a StringDecoder (what socket.setEncoding('utf8') does), so a
// character split across chunks stays intact; the decoding is part of their cost.
// Each parser's modules are imported only by the process that runs it (JS_PARSERS holds
// loaders): a run neither loads the others nor has V8 compile their loading code on its
// background threads while the parse is timed.
import { StringDecoder } from 'node:string_decoder';
import type { ReferenceStreamParser, StreamParser, XmlStreamError } from '../../native/expat-stream/index.js';
import { StanzaTreeBuilder } from './tree-builder.js';

/** What every parser hands over per stanza: ltx's Element and Foyer's Element both fit. */
export interface StanzaTree {
  name: string;
  attrs: Record<string, string>;
  children: ReadonlyArray<StanzaTree | string>;
}

export interface ChunkParser {
  write(chunk: Buffer): void;
  end(): void;
}

type ParserFactory = (onStanza: (stanza: StanzaTree) => void) => ChunkParser;

/** Foyer's parsers: the libexpat addon and its pure-JS reference take Buffers as they are. */
function foyer(Parser: typeof StreamParser | typeof ReferenceStreamParser): ParserFactory {
  return (onStanza) => {
    let failure: XmlStreamError | undefined;
    const parser = new Parser({ onStanza, onError: (error) => { failure = error; } });
    const check = (): void => {
      if (failure !== undefined) throw failure;
    };
    return {
      write: (chunk) => { parser.write(chunk); check(); },
      end: () => { parser.end(); check(); },
    };
  };
}

function nodeExpat(expat: typeof import('node-expat')): ParserFactory {
  return (onStanza) => {
    const builder = new StanzaTreeBuilder(onStanza);
    const parser = new expat.Parser('UTF-8');
    parser.on('startElement', (name, attrs) => builder.startElement(name, attrs));
    parser.on('endElement', () => builder.endElement());
    parser.on('text', (text) => builder.text(text));
    const parse = (chunk: Buffer | string, isFinal: boolean): void => {
      if (!parser.parse(chunk, isFinal)) throw new Error(`node-expat: ${parser.getError()}`);
    };
    return { write: (chunk) => parse(chunk, false), end: () => parse('', true) };
  };
}

/** ltx through @xmpp/xml's Parser: how xmpp.js turns a stream into stanzas. */
function ltx(XmppParser: typeof import('@xmpp/xml/lib/Parser.js').default): ParserFactory {
  return (onStanza) => {
    const parser = new XmppParser();
    const decoder = new StringDecoder('utf8');
    parser.on('element', onStanza);
    parser.on('error', (error: Error) => { throw error; });
    return { write: (chunk) => parser.write(decoder.write(chunk)), end: () => parser.end(decoder.end()) };
  };
}

function saxes(SaxesParser: typeof import('saxes').SaxesParser): ParserFactory {
  return (onStanza) => {
    const builder = new StanzaTreeBuilder(onStanza);
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    parser.on('opentag', (tag) => builder.startElement(tag.name, tag.attributes));
    parser.on('closetag', () => builder.endElement());
    parser.on('text', (text) => builder.text(text));
    parser.on('error', (error) => { throw error; });
    return {
      write: (chunk) => { parser.write(decoder.write(chunk)); },
      end: () => { parser.write(decoder.end()); parser.close(); },
    };
  };
}

/** Each parser by name, as a loader of its modules that returns its factory. */
export const JS_PARSERS: Record<string, () => Promise<ParserFactory>> = {
  'foyer-native': async () => foyer((await import('../../native/expat-stream/index.js')).StreamParser),
  'foyer-reference': async () => foyer((await import('../../native/expat-stream/index.js')).ReferenceStreamParser),
  'node-expat': async () => nodeExpat((await import('node-expat')).default),
  ltx: async () => ltx((await import('@xmpp/xml/lib/Parser.js')).default),
  saxes: async () => saxes((await import('saxes')).SaxesParser),
};
