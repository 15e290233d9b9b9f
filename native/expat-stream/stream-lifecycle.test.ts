// Life cycle of both stream parsers: restart with reset(), recovery after an error,
// reset() called from a callback, misuse.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceStreamParser, StreamParser, XmlStreamError } from './index.js';
import { type ParserClass, type Recorded, recordingOptions, STREAM_ATTRS, STREAM_HEADER, utf8 } from './test-harness.js';

const PARSERS: Array<[string, ParserClass]> = [
  ['StreamParser', StreamParser],
  ['ReferenceStreamParser', ReferenceStreamParser],
];

for (const [parserName, Parser] of PARSERS) {
  describe(`${parserName} life cycle`, () => {
    it('restarts the stream on reset() (after STARTTLS / SASL)', () => {
      const events: Recorded[] = [];
      const parser = new Parser(recordingOptions(events));
      parser.write(utf8(`${STREAM_HEADER}<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`));
      parser.reset();
      parser.write(utf8(`${STREAM_HEADER}<a/>`));
      assert.deepStrictEqual(events, [
        { type: 'stream-start', attrs: STREAM_ATTRS },
        { type: 'stanza', element: { name: 'proceed', attrs: { xmlns: 'urn:ietf:params:xml:ns:xmpp-tls' }, children: [] } },
        { type: 'stream-start', attrs: STREAM_ATTRS },
        { type: 'stanza', element: { name: 'a', attrs: {}, children: [] } },
      ]);
    });

    it('delivers nothing after an error until reset(), then parses a new stream', () => {
      const events: Recorded[] = [];
      const parser = new Parser(recordingOptions(events));
      parser.write(utf8(`${STREAM_HEADER}<a><!-- no --></a>`));
      parser.write(utf8('<b/>'));
      parser.end();
      assert.deepStrictEqual(events.slice(1), [{ type: 'error', condition: 'restricted-xml', code: 'E_XML_RESTRICTED' }]);
      events.length = 0;
      parser.reset();
      parser.write(utf8(`${STREAM_HEADER}<b/>`));
      assert.deepStrictEqual(events.slice(1), [{ type: 'stanza', element: { name: 'b', attrs: {}, children: [] } }]);
    });

    it('drops the rest of a batch when a callback calls reset()', () => {
      const names: string[] = [];
      const parser: { reset(): void; write(chunk: Uint8Array): void } = new Parser({
        onStanza: (element) => {
          names.push(element.name);
          if (element.name === 'success') parser.reset();
        },
      });
      parser.write(utf8(`${STREAM_HEADER}<a/><success/><b/>`));
      assert.deepStrictEqual(names, ['a', 'success']);
    });

    it('lets a callback end the stream, or reset it and write the next one', () => {
      const events: string[] = [];
      const parser: { end(): void; reset(): void; write(chunk: Uint8Array): void } = new Parser({
        onStreamStart: () => events.push('start'),
        onStanza: (element) => {
          events.push(element.name);
          if (element.name === 'success') {
            parser.reset();
            parser.write(utf8(`${STREAM_HEADER}<features/>`));
          }
        },
        onStreamEnd: () => {
          events.push('end');
          parser.end();
        },
        onError: (error) => events.push(error.code),
      });
      parser.write(utf8(`${STREAM_HEADER}<success/><ignored/>`));
      parser.write(utf8('<a/></stream:stream>'));
      assert.deepStrictEqual(events, ['start', 'success', 'start', 'features', 'a', 'end']);
      assert.throws(() => parser.write(utf8(' ')), TypeError);
    });

    it('throws TypeError when a callback writes to its own parser', () => {
      const parser: { write(chunk: Uint8Array): void } = new Parser({
        onStanza: () => parser.write(utf8('<b/>')),
      });
      assert.throws(() => parser.write(utf8(`${STREAM_HEADER}<a/>`)), TypeError);
    });

    it('throws TypeError on misuse', () => {
      const parser = new Parser({});
      assert.throws(() => parser.write('<a/>' as unknown as Uint8Array), TypeError);
      parser.end();
      assert.throws(() => parser.write(utf8('<a/>')), TypeError);
      assert.throws(() => parser.end(), TypeError);
      parser.reset();
      parser.write(utf8(STREAM_HEADER));
      assert.throws(() => new Parser({ maxStanzaBytes: 0 }), TypeError);
      assert.throws(() => new Parser({ maxDepth: 1.5 }), TypeError);
    });

    it('throws the XmlStreamError from write() when there is no onError', () => {
      const parser = new Parser({});
      assert.throws(() => parser.write(utf8(`${STREAM_HEADER}<a><?pi?></a>`)), XmlStreamError);
    });
  });
}
