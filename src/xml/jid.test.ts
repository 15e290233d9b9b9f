import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareJid, formatJid, isSameJid, parseJid, tryParseJid } from './jid.js';
import { JidError } from './errors.js';

const ACCEPTED: Array<[input: string, local: string, domain: string, resource: string, formatted: string]> = [
  ['alice@example.org', 'alice', 'example.org', '', 'alice@example.org'],
  ['alice@Example.ORG/phone', 'alice', 'example.org', 'phone', 'alice@example.org/phone'],
  ['example.org', '', 'example.org', '', 'example.org'],
  ['example.org.', '', 'example.org', '', 'example.org'],
  ['example.org/res', '', 'example.org', 'res', 'example.org/res'],
  // RFC 7622 §3.1: the resource may contain '@' and '/'.
  ['juliet@example.com/foo@bar/baz', 'juliet', 'example.com', 'foo@bar/baz', 'juliet@example.com/foo@bar/baz'],
  ['Élodie@maison.local/tablette du salon', 'élodie', 'maison.local', 'tablette du salon', 'élodie@maison.local/tablette du salon'],
  ['room@groups.localhost/Nick Name', 'room', 'groups.localhost', 'Nick Name', 'room@groups.localhost/Nick Name'],
];

const REJECTED: Array<[input: string, code: string, mentions: string]> = [
  ['', 'E_XML_JID_INVALID', 'empty'],
  ['@example.org', 'E_XML_JID_INVALID', 'before "@"'],
  ['alice@', 'E_XML_JID_INVALID', 'domain is empty'],
  ['alice@example.org/', 'E_XML_JID_INVALID', 'after "/"'],
  ['al ice@example.org', 'E_XML_JID_INVALID', 'localpart'],
  ['a"b@example.org', 'E_XML_JID_INVALID', 'localpart'],
  ['a:b@example.org', 'E_XML_JID_INVALID', 'localpart'],
  ['alice@exa mple.org', 'E_XML_JID_INVALID', 'domain'],
  [`${'a'.repeat(1024)}@example.org`, 'E_XML_JID_TOO_LONG', 'localpart'],
];

test('parseJid accepts RFC 7622 addresses and formats them canonically', () => {
  for (const [input, local, domain, resource, formatted] of ACCEPTED) {
    const jid = parseJid(input);
    assert.deepEqual(jid, { local, domain, resource }, input);
    assert.equal(formatJid(jid), formatted, input);
  }
});

test('parseJid rejects malformed addresses with a typed error naming the part', () => {
  for (const [input, code, mentions] of REJECTED) {
    assert.throws(() => parseJid(input), (error: unknown) => {
      assert.ok(error instanceof JidError, input);
      assert.equal(error.code, code, input);
      assert.equal(error.condition, 'jid-malformed');
      assert.match(error.message, new RegExp(mentions.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), input);
      return true;
    });
    assert.equal(tryParseJid(input), undefined);
  }
});

test('bareJid and isSameJid compare addresses after case mapping of localpart and domain', () => {
  assert.equal(bareJid('alice@Example.org/phone'), 'alice@example.org');
  assert.equal(bareJid('Alice@Example.org/Phone'), 'alice@example.org');
  assert.equal(bareJid('example.org/x'), 'example.org');
  assert.ok(isSameJid('alice@EXAMPLE.org/a', 'alice@example.org/a'));
  assert.ok(!isSameJid('alice@example.org/a', 'alice@example.org/b'));
  assert.ok(isSameJid('Alice@example.org', 'alice@example.org'), 'localparts are case-mapped (RFC 7622 §3.3.2)');
  assert.ok(!isSameJid('alice@example.org/Phone', 'alice@example.org/phone'), 'resources keep their case');
});
