import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKey, encodeKey, MAX_KEY_BYTES, prefixRange } from './keys.js';
import { CacheError } from './errors.js';

test('string parts end in NUL and numbers are 8 bytes big-endian', () => {
  assert.deepEqual([...encodeKey('a@x', 258)], [0x61, 0x40, 0x78, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
});

test('keys sort by user, then peer, then time numerically', () => {
  const keys = [
    encodeKey('a@x', 'p', 1000), encodeKey('a@x', 'p', 20), encodeKey('a@x.y', 'p', 1),
    encodeKey('a@x', 'q', 5), encodeKey('a@w', 'p', 9),
  ];
  const sorted = [...keys].sort(Buffer.compare).map((key) => decodeKey(key, 'ssn'));
  assert.deepEqual(sorted, [
    ['a@w', 'p', 9], ['a@x', 'p', 20], ['a@x', 'p', 1000], ['a@x', 'q', 5], ['a@x.y', 'p', 1],
  ]);
});

test("a user's range excludes users whose JID it is a prefix of, and vice versa", () => {
  const range = prefixRange('a@x');
  const inside = (key: Buffer) => Buffer.compare(key, range.start) >= 0 && Buffer.compare(key, range.end) < 0;
  assert.ok(inside(encodeKey('a@x', 'b@x', 1)));
  assert.ok(inside(encodeKey('a@x', '', 0)));
  assert.ok(inside(encodeKey('a@x', '\u{10FFFF}\u{10FFFF}', Number.MAX_SAFE_INTEGER)));
  for (const other of ['a@x.y', 'a@x/r', 'a@', 'a@xa', 'a@w', 'b@x', 'a@x\u0001']) {
    assert.equal(inside(encodeKey(other, 'b@x', 1)), false, other);
  }
});

test('decodeKey is the inverse of encodeKey', () => {
  const parts = ['jülia@例え.jp', 0, 'node/with/slashes', Number.MAX_SAFE_INTEGER, ''];
  assert.deepEqual(decodeKey(encodeKey(...parts), 'snsns'), parts);
});

test('bad key parts are refused with E_CACHE_BAD_KEY', () => {
  const bad: Array<() => unknown> = [
    () => encodeKey('a\u0000b'),
    () => encodeKey(-1),
    () => encodeKey(1.5),
    () => encodeKey('x'.repeat(MAX_KEY_BYTES)),
    () => encodeKey(),
  ];
  for (const attempt of bad) {
    assert.throws(attempt, (error: unknown) => error instanceof CacheError && error.code === 'E_CACHE_BAD_KEY');
  }
});
