// Accumulates one generated inbound XMPP stream: the header a server sends after a
// stream restart, depth-1 stanzas (counted, so the bench knows how many every parser
// must deliver), whitespace keepalives between them, and the stream close.
import { escapeAttr } from './xml-text.js';

export interface GeneratedStream {
  name: string;
  bytes: Buffer;
  /** Depth-1 elements of the stream: what each parser must deliver. */
  stanzas: number;
}

export class StreamWriter {
  private readonly parts: string[] = [];
  private count = 0;

  constructor(domain: string, streamId: string) {
    this.parts.push(
      "<?xml version='1.0'?>"
      + `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'`
      + ` id='${escapeAttr(streamId)}' from='${escapeAttr(domain)}' version='1.0' xml:lang='en'>`,
    );
  }

  stanza(xml: string): void {
    this.parts.push(xml);
    this.count += 1;
  }

  /** Whitespace between stanzas, as a server's keepalive sends it. */
  keepalive(): void {
    this.parts.push('\n');
  }

  get stanzaCount(): number {
    return this.count;
  }

  finish(name: string): GeneratedStream {
    this.parts.push('</stream:stream>');
    return { name, bytes: Buffer.from(this.parts.join(''), 'utf8'), stanzas: this.count };
  }
}
