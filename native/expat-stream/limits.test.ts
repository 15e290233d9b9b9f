// Stanza limits keep memory bounded: a peer that never closes a stanza (text, or one
// endless attribute, which expat 2.5 re-scans on every write: CVE-2023-52425) gets
// policy-violation once maxStanzaBytes is passed, and nothing past the limit is kept.
// Sizes here are facts about the input; no timings are asserted (see bench/).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceStreamParser, StreamParser, type XmlStreamError } from './index.js';
import { STREAM_HEADER, utf8 } from './test-harness.js';

const MiB = 1024 * 1024;

function feedEndless(opening: string, filler: number, totalBytes: number, chunkSize: number): { errors: XmlStreamError[]; rssGrowth: number } {
  const errors: XmlStreamError[] = [];
  const parser = new StreamParser({ onStanza: () => assert.fail('no stanza can complete'), onError: (error) => errors.push(error) });
  parser.write(utf8(`${STREAM_HEADER}${opening}`));
  const chunk = Buffer.alloc(chunkSize, filler);
  const rssBefore = process.memoryUsage().rss;
  for (let written = 0; written < totalBytes; written += chunkSize) parser.write(chunk);
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  parser.end();
  return { errors, rssGrowth };
}

describe('stanza limits bound memory', () => {
  it('a 50 MB text node that never closes stops at maxStanzaBytes (1 MiB)', () => {
    const { errors, rssGrowth } = feedEndless('<message><body>', 0x78, 50 * MiB, 64 * 1024);
    assert.deepStrictEqual(errors.map((error) => error.code), ['E_XML_TOO_BIG']);
    assert.equal(errors[0]!.condition, 'policy-violation');
    // The stanza was cut at 1 MiB; 16 MiB leaves room for allocator and GC noise, and is
    // far below the 50 MB a buffering parser would hold.
    assert.ok(rssGrowth < 16 * MiB, `RSS grew by ${rssGrowth} bytes`);
  });

  it('a 50 MB attribute value that never closes stops at maxStanzaBytes', () => {
    const { errors, rssGrowth } = feedEndless("<message id='", 0x61, 50 * MiB, 16 * 1024);
    assert.deepStrictEqual(errors.map((error) => error.code), ['E_XML_TOO_BIG']);
    assert.ok(rssGrowth < 16 * MiB, `RSS grew by ${rssGrowth} bytes`);
  });

  it('a custom maxStanzaBytes applies to both parsers at the same byte', () => {
    for (const Parser of [StreamParser, ReferenceStreamParser]) {
      const codes: string[] = [];
      let stanzas = 0;
      const parser = new Parser({ maxStanzaBytes: 4096, onStanza: () => stanzas++, onError: (error) => codes.push(error.code) });
      parser.write(utf8(STREAM_HEADER));
      parser.write(utf8(`<a>${'y'.repeat(4089)}</a>`)); // exactly 4096 bytes
      parser.write(utf8(`<a>${'y'.repeat(4090)}</a>`)); // one byte over
      assert.equal(stanzas, 1, Parser.name);
      assert.deepStrictEqual(codes, ['E_XML_TOO_BIG'], Parser.name);
    }
  });

  it('many stanzas together may exceed maxStanzaBytes in one write', () => {
    let stanzas = 0;
    const parser = new StreamParser({ maxStanzaBytes: 1024, onStanza: () => stanzas++, onError: (error) => assert.fail(error) });
    parser.write(utf8(STREAM_HEADER));
    parser.write(utf8(`<presence from='a@b/c'><status>${'z'.repeat(500)}</status></presence>\n`.repeat(100)));
    assert.equal(stanzas, 100);
  });

  it('a large stanza under the limit arrives whole through any chunking', () => {
    const body = 'QUJD'.repeat(200_000); // 800 KB of base64
    const bytes = utf8(`${STREAM_HEADER}<iq type='result'><vCard xmlns='vcard-temp'><PHOTO><BINVAL>${body}</BINVAL></PHOTO></vCard></iq>`);
    for (const chunkSize of [1000, 4096, 65536]) {
      const texts: string[] = [];
      const parser = new StreamParser({
        onStanza: (iq) => {
          const vcard = iq.children[0] as { children: Array<{ children: Array<{ children: string[] }> }> };
          texts.push(vcard.children[0]!.children[0]!.children[0]!);
        },
        onError: (error) => assert.fail(error),
      });
      for (let i = 0; i < bytes.length; i += chunkSize) parser.write(bytes.subarray(i, i + chunkSize));
      assert.deepStrictEqual(texts, [body], `chunks of ${chunkSize}`);
    }
  });
});
