// "Bindings match fallback": the native StreamParser must deliver exactly what the pure
// TypeScript ReferenceStreamParser delivers, over the fixture corpus (test/fixtures/xml)
// fed whole, in 1-byte chunks, split at every byte offset and in random chunkings.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ReferenceStreamParser, StreamParser } from './index.js';
import { byteChunks, randomChunks, run, splitAt } from './test-harness.js';

// dist/native/expat-stream/ → repository root
const FIXTURES = join(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/xml');
const corpus = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(join(FIXTURES, name)) }));
// Splitting at every offset costs O(n²); the large login stream gets random splits instead.
const EVERY_SPLIT_MAX_BYTES = 4096;

describe('native StreamParser matches ReferenceStreamParser', () => {
  it('has a corpus of accepted and rejected streams', () => {
    assert.ok(corpus.filter(({ name }) => name.startsWith('accept-')).length >= 4);
    assert.ok(corpus.filter(({ name }) => name.startsWith('reject-')).length >= 10);
  });

  for (const { name, bytes } of corpus) {
    it(name, () => {
      const expected = run(ReferenceStreamParser, [bytes]);
      const last = expected[expected.length - 1];
      if (name.startsWith('accept-')) {
        assert.ok(!expected.some((event) => event.type === 'error'), `${name} must parse without error`);
        assert.ok(expected.some((event) => event.type === 'stanza'), `${name} must hold stanzas`);
      } else {
        assert.equal(last?.type, 'error', `${name} must end in an error`);
      }
      assert.deepStrictEqual(run(StreamParser, [bytes]), expected, 'whole');
      assert.deepStrictEqual(run(StreamParser, byteChunks(bytes)), expected, 'native, 1-byte chunks');
      assert.deepStrictEqual(run(ReferenceStreamParser, byteChunks(bytes)), expected, 'reference, 1-byte chunks');
      for (let seed = 1; seed <= 30; seed++) {
        const maxSize = seed % 3 === 0 ? 4096 : seed % 3 === 1 ? 64 : 7;
        assert.deepStrictEqual(run(StreamParser, randomChunks(bytes, seed, maxSize)), expected, `native, seed ${seed}`);
        assert.deepStrictEqual(run(ReferenceStreamParser, randomChunks(bytes, seed, maxSize)), expected, `reference, seed ${seed}`);
      }
      if (bytes.length <= EVERY_SPLIT_MAX_BYTES) {
        for (let offset = 1; offset < bytes.length; offset++) {
          assert.deepStrictEqual(run(StreamParser, splitAt(bytes, offset)), expected, `native, split at ${offset}`);
          assert.deepStrictEqual(run(ReferenceStreamParser, splitAt(bytes, offset)), expected, `reference, split at ${offset}`);
        }
      }
    });
  }

  it('more distinct names than the name table holds (1024)', () => {
    const stanzas = Array.from({ length: 1500 }, (_, i) => `<e${i} a${i}='${i}'><c${i % 7}/>t${i}</e${i}>`).join('');
    const bytes = Buffer.from(`<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>${stanzas}`);
    const expected = run(ReferenceStreamParser, [bytes]);
    assert.equal(expected.filter((event) => event.type === 'stanza').length, 1500);
    assert.deepStrictEqual(run(StreamParser, [bytes]), expected, 'whole');
    for (const seed of [1, 2, 3]) assert.deepStrictEqual(run(StreamParser, randomChunks(bytes, seed, 300)), expected, `seed ${seed}`);
  });

  it('one write whose batch has more strings than one call hands to JS (4096)', () => {
    // ASCII and non-ASCII stanzas never share a batch string, so alternating them gives
    // each stanza a string of its own
    const stanzas = Array.from({ length: 6000 }, (_, i) => `<message id='m${i}'><body>${i % 2 ? 'caf\u00e9 \u732b' : 'cafe'} ${i}</body></message>`);
    const bytes = Buffer.from(`<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>${stanzas.join('')}`);
    const expected = run(ReferenceStreamParser, [bytes]);
    assert.equal(expected.filter((event) => event.type === 'stanza').length, 6000);
    assert.deepStrictEqual(run(StreamParser, [bytes]), expected);
  });

  it('accept-login.xml split at every offset (native)', () => {
    const bytes = corpus.find(({ name }) => name === 'accept-login.xml')!.bytes;
    const expected = run(ReferenceStreamParser, [bytes]);
    for (let offset = 1; offset < bytes.length; offset++) {
      assert.deepStrictEqual(run(StreamParser, splitAt(bytes, offset)), expected, `split at ${offset}`);
    }
  });
});
