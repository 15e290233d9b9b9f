import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize } from '../../../../native/expat-stream/index.js';
import { buildBlock, buildBlocklistGet, buildUnblock, parseBlocklist, parseBlocklistPush } from './stanza.js';

test('blocklist requests and commands (XEP-0191 §3.2–3.4)', () => {
  assert.equal(serialize(buildBlocklistGet()), `<iq type="get"><blocklist xmlns="urn:xmpp:blocking"/></iq>`);
  assert.equal(serialize(buildBlock('spam@elsewhere.example')), `<iq type="set"><block xmlns="urn:xmpp:blocking"><item jid="spam@elsewhere.example"/></block></iq>`);
  assert.equal(serialize(buildUnblock('spam@elsewhere.example')), `<iq type="set"><unblock xmlns="urn:xmpp:blocking"><item jid="spam@elsewhere.example"/></unblock></iq>`);
});

test('the blocklist and its pushes: JIDs normalised, duplicates and malformed ones dropped', () => {
  const result = parseElement(`<iq type='result'><blocklist xmlns='urn:xmpp:blocking'><item jid='Spam@Elsewhere.Example'/><item jid='spam@elsewhere.example'/><item jid='@@'/><item/><item jid='elsewhere.example'/></blocklist></iq>`);
  assert.deepEqual(parseBlocklist(result), ['spam@elsewhere.example', 'elsewhere.example']);
  assert.deepEqual(parseBlocklist(parseElement(`<iq type='result'/>`)), []);

  const push = (payload: string) => parseBlocklistPush(parseElement(`<iq type='set'>${payload}</iq>`));
  assert.deepEqual(push(`<block xmlns='urn:xmpp:blocking'><item jid='a@x'/><item jid='b@x'/></block>`), { kind: 'blocked', jids: ['a@x', 'b@x'] });
  assert.deepEqual(push(`<unblock xmlns='urn:xmpp:blocking'><item jid='a@x'/></unblock>`), { kind: 'unblocked', jids: ['a@x'] });
  assert.deepEqual(push(`<unblock xmlns='urn:xmpp:blocking'/>`), { kind: 'unblocked-all' }, 'no items: everything unblocked');
  assert.equal(push(`<block xmlns='urn:xmpp:blocking'/>`), null, 'blocking nobody changes nothing');
  assert.equal(push(`<block xmlns='urn:example:other'><item jid='a@x'/></block>`), null);
  assert.equal(push(`<blocklist xmlns='urn:xmpp:blocking'/>`), null);
});
