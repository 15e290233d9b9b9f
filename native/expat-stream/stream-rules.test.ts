// Accept/reject table for the stream parsers (in the style of Prosody's util_xmppstream_spec):
// each case runs against the native StreamParser and the ReferenceStreamParser, whole and
// split at every byte offset and into 1-byte chunks.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceStreamParser, StreamParser } from './index.js';
import { byteChunks, type ParserClass, type Recorded, run, splitAt, STREAM_ATTRS, STREAM_HEADER, STREAM_OPEN, utf8 } from './test-harness.js';

const PARSERS: Array<[string, ParserClass]> = [
  ['StreamParser', StreamParser],
  ['ReferenceStreamParser', ReferenceStreamParser],
];

const start: Recorded = { type: 'stream-start', attrs: STREAM_ATTRS };
const end: Recorded = { type: 'stream-end' };
const error = (condition: string, code: string): Recorded => ({ type: 'error', condition, code });
const stanza = (element: { name: string; attrs?: Record<string, string>; children?: unknown[] }): Recorded =>
  ({ type: 'stanza', element: { attrs: {}, children: [], ...element } }) as Recorded;

interface Case {
  name: string;
  input: string | Buffer;
  expected: Recorded[];
  limits?: { maxStanzaBytes?: number; maxDepth?: number };
}

const restricted = error('restricted-xml', 'E_XML_RESTRICTED');
const notWellFormed = error('not-well-formed', 'E_XML_NOT_WELL_FORMED');

export const CASES: Case[] = [
  {
    name: 'header, stanzas with text, entities and nesting, close',
    input: `${STREAM_HEADER}<message to='a@b' type="chat"><body>a &amp; b &lt;&#x263A;&#65;</body><x xmlns='urn:x'/></message></stream:stream>`,
    expected: [
      start,
      stanza({
        name: 'message',
        attrs: { to: 'a@b', type: 'chat' },
        children: [{ name: 'body', attrs: {}, children: ['a & b <\u263aA'] }, { name: 'x', attrs: { xmlns: 'urn:x' }, children: [] }],
      }),
      end,
    ],
  },
  {
    name: 'whitespace keepalives between stanzas',
    input: `${STREAM_HEADER} \n <presence/>\n\t \r\n<presence/> `,
    expected: [start, stanza({ name: 'presence' }), stanza({ name: 'presence' })],
  },
  {
    name: 'prefixed stanza using the stream prefix',
    input: `${STREAM_HEADER}<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`,
    expected: [
      start,
      stanza({ name: 'stream:features', children: [{ name: 'bind', attrs: { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }, children: [] }] }),
    ],
  },
  {
    name: 'multi-byte UTF-8 text and attribute, astral character',
    input: `${STREAM_HEADER}<message id='é€'><body>héllo wörld 😀 日本</body></message>`,
    expected: [start, stanza({ name: 'message', attrs: { id: 'é€' }, children: [{ name: 'body', attrs: {}, children: ['héllo wörld 😀 日本'] }] })],
  },
  {
    name: 'CDATA section and line-end and attribute normalization',
    input: `${STREAM_HEADER}<m a='x\ty\r\nz&#10;'><![CDATA[<b>&amp;]]>\r\nq\rr</m>`,
    expected: [start, stanza({ name: 'm', attrs: { a: 'x y z\n' }, children: ['<b>&amp;\nq\nr'] })],
  },
  {
    name: 'UTF-8 byte order mark at the stream start',
    input: `\ufeff${STREAM_HEADER}<a/>`,
    expected: [start, stanza({ name: 'a' })],
  },
  {
    name: "an attribute named '__proto__' stays an own property",
    input: `${STREAM_HEADER}<a __proto__='x' b='&lt;&#233;'/>`,
    expected: [start, stanza({ name: 'a', attrs: { ['__proto__']: 'x', b: '<é' } })],
  },
  {
    name: 'names too long for the name table travel inline',
    input: `${STREAM_HEADER}<${'n'.repeat(41)} ${'a'.repeat(40)}='1' ${'b'.repeat(60)}='2'/>`,
    expected: [start, stanza({ name: 'n'.repeat(41), attrs: { ['a'.repeat(40)]: '1', ['b'.repeat(60)]: '2' } })],
  },
  { name: 'comment', input: `${STREAM_HEADER}<a><!-- hi --></a>`, expected: [start, restricted] },
  { name: 'comment between stanzas', input: `${STREAM_HEADER}<a/><!-- hi -->`, expected: [start, stanza({ name: 'a' }), restricted] },
  { name: 'comment in the prolog', input: `<!-- hi -->${STREAM_HEADER}`, expected: [restricted] },
  { name: 'processing instruction', input: `${STREAM_HEADER}<a><?php echo 1; ?></a>`, expected: [start, restricted] },
  { name: 'DOCTYPE', input: `<?xml version='1.0'?><!DOCTYPE stream:stream>${STREAM_OPEN}`, expected: [restricted] },
  {
    name: 'DOCTYPE with an entity declaration (billion laughs) is never expanded',
    input: `<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><s>&b;</s>`,
    expected: [restricted],
  },
  { name: 'undefined entity reference', input: `${STREAM_HEADER}<a>&nbsp;</a>`, expected: [start, restricted] },
  { name: 'XML declaration not at the start', input: `${STREAM_HEADER}<?xml version='1.0'?>`, expected: [start, notWellFormed] },
  {
    name: 'non-UTF-8 encoding declaration',
    input: `<?xml version='1.0' encoding='ISO-8859-1'?>${STREAM_OPEN}`,
    expected: [error('unsupported-encoding', 'E_XML_UNSUPPORTED_ENCODING')],
  },
  { name: 'UTF-8 encoding declaration', input: `<?xml version="1.0" encoding="utf-8"?>${STREAM_OPEN}`, expected: [start] },
  {
    name: 'invalid UTF-8',
    input: Buffer.concat([utf8(`${STREAM_HEADER}<a>`), Buffer.from([0xc3, 0x28]), utf8('</a>')]),
    expected: [start, error('unsupported-encoding', 'E_XML_INVALID_UTF8')],
  },
  {
    name: 'overlong UTF-8',
    input: Buffer.concat([utf8(`${STREAM_HEADER}<a>`), Buffer.from([0xc0, 0xbc]), utf8('</a>')]),
    expected: [start, error('unsupported-encoding', 'E_XML_INVALID_UTF8')],
  },
  {
    name: 'UTF-8 encoded surrogate',
    input: Buffer.concat([utf8(`${STREAM_HEADER}<a>`), Buffer.from([0xed, 0xa0, 0x80]), utf8('</a>')]),
    expected: [start, error('unsupported-encoding', 'E_XML_INVALID_UTF8')],
  },
  {
    name: 'NUL byte',
    input: Buffer.concat([utf8(`${STREAM_HEADER}<a>`), Buffer.from([0]), utf8('</a>')]),
    expected: [start, error('not-well-formed', 'E_XML_INVALID_CHAR')],
  },
  { name: 'character reference to NUL', input: `${STREAM_HEADER}<a>&#0;</a>`, expected: [start, error('not-well-formed', 'E_XML_INVALID_CHAR')] },
  { name: 'unbound element prefix', input: `${STREAM_HEADER}<foo:a/>`, expected: [start, error('not-well-formed', 'E_XML_UNBOUND_PREFIX')] },
  { name: 'unbound attribute prefix', input: `${STREAM_HEADER}<a foo:b='1'/>`, expected: [start, error('not-well-formed', 'E_XML_UNBOUND_PREFIX')] },
  {
    name: 'prefix bound on the element itself',
    input: `${STREAM_HEADER}<foo:a xmlns:foo='urn:foo' foo:b='1' xml:lang='en'/>`,
    expected: [start, stanza({ name: 'foo:a', attrs: { 'xmlns:foo': 'urn:foo', 'foo:b': '1', 'xml:lang': 'en' } })],
  },
  { name: 'mismatched closing tag', input: `${STREAM_HEADER}<a><b></a>`, expected: [start, error('not-well-formed', 'E_XML_MISMATCHED_TAG')] },
  { name: 'duplicate attribute', input: `${STREAM_HEADER}<a b='1' b='2'/>`, expected: [start, notWellFormed] },
  { name: 'unquoted attribute', input: `${STREAM_HEADER}<a b=1/>`, expected: [start, notWellFormed] },
  { name: "'<' in an attribute value", input: `${STREAM_HEADER}<a b='<'/>`, expected: [start, notWellFormed] },
  { name: 'text between stanzas', input: `${STREAM_HEADER}hello<a/>`, expected: [start, error('bad-format', 'E_XML_STREAM_TEXT')] },
  {
    name: 'root element outside the streams namespace',
    input: "<stream:stream xmlns:stream='urn:other'>",
    expected: [error('invalid-namespace', 'E_XML_INVALID_NAMESPACE')],
  },
  { name: 'input ends inside a stanza', input: `${STREAM_HEADER}<a><b>`, expected: [start, error('not-well-formed', 'E_XML_TRUNCATED')] },
  { name: 'input ends inside a tag', input: `${STREAM_HEADER}<a b='`, expected: [start, error('not-well-formed', 'E_XML_TRUNCATED')] },
  {
    name: 'stanza at exactly maxStanzaBytes',
    input: `${STREAM_HEADER}<a>${'x'.repeat(193)}</a>`,
    limits: { maxStanzaBytes: 200 },
    expected: [start, stanza({ name: 'a', children: ['x'.repeat(193)] })],
  },
  {
    name: 'stanza one byte over maxStanzaBytes',
    input: `${STREAM_HEADER}<a>${'x'.repeat(194)}</a>`,
    limits: { maxStanzaBytes: 200 },
    expected: [start, error('policy-violation', 'E_XML_TOO_BIG')],
  },
  {
    name: 'start tag over maxStanzaBytes',
    input: `${STREAM_HEADER}<a b='${'x'.repeat(300)}'/>`,
    limits: { maxStanzaBytes: 200 },
    expected: [start, error('policy-violation', 'E_XML_TOO_BIG')],
  },
  {
    name: 'stanza at maxDepth',
    input: `${STREAM_HEADER}<a><b><c/></b></a>`,
    limits: { maxDepth: 3 },
    expected: [start, stanza({ name: 'a', children: [{ name: 'b', attrs: {}, children: [{ name: 'c', attrs: {}, children: [] }] }] })],
  },
  {
    name: 'stanza deeper than maxDepth',
    input: `${STREAM_HEADER}<a><b><c><d/></c></b></a>`,
    limits: { maxDepth: 3 },
    expected: [start, error('policy-violation', 'E_XML_TOO_DEEP')],
  },
  {
    name: 'stream header over maxStanzaBytes',
    input: STREAM_HEADER,
    limits: { maxStanzaBytes: 100 },
    expected: [error('policy-violation', 'E_XML_TOO_BIG')],
  },
  {
    name: 'content after the stream end',
    input: `${STREAM_HEADER}</stream:stream><a/>`,
    expected: [start, end, notWellFormed],
  },
];

function bytesOf(input: string | Buffer): Buffer {
  return typeof input === 'string' ? utf8(input) : input;
}

for (const [parserName, Parser] of PARSERS) {
  describe(`${parserName} accept/reject table`, () => {
    for (const testCase of CASES) {
      it(testCase.name, () => {
        const bytes = bytesOf(testCase.input);
        assert.deepStrictEqual(run(Parser, [bytes], testCase.limits), testCase.expected, 'whole input');
        assert.deepStrictEqual(run(Parser, byteChunks(bytes), testCase.limits), testCase.expected, '1-byte chunks');
        for (let offset = 1; offset < bytes.length; offset++) {
          assert.deepStrictEqual(run(Parser, splitAt(bytes, offset), testCase.limits), testCase.expected, `split at ${offset}`);
        }
      });
    }
  });
}
