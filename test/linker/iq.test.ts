// IQ requests between two real sessions through Prosody: results, typed stanza errors,
// unhandled requests, handlers that throw, and timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { LinkerError, StanzaError } from '../../src/linker/errors.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { Linker } from '../../src/linker/linker.js';
import { getChild, xml } from '../../src/xml/element.js';
import { createAccounts, createLinker } from './support/sessions.js';

const prosody = await startTestProsody();
const ticker = new Ticker(1000);
const NS_TEST = 'urn:foyer:test';

async function pair(t: Parameters<typeof createLinker>[0]): Promise<[Linker, Linker]> {
  const [a, b] = await createAccounts(prosody, 2, 'iq');
  const alice = createLinker(t, prosody, ticker, { ...a! });
  const bob = createLinker(t, prosody, ticker, { ...b! });
  await Promise.all([alice.start(), bob.start()]);
  return [alice, bob];
}

const request = (to: string, name: string, type: 'get' | 'set' = 'get') => xml('iq', { type, to }, xml(name, { xmlns: NS_TEST }));

test('an iq handler result comes back to the requester', async (t) => {
  const [alice, bob] = await pair(t);
  bob.router.on(`iq-get/${NS_TEST}`, (iq) => xml('answer', { xmlns: NS_TEST, for: iq.attrs.from }));
  const result = await alice.iq(request(bob.jid, 'question'));
  assert.equal(result.attrs.type, 'result');
  assert.equal(result.attrs.from, bob.jid);
  assert.equal(getChild(result, 'answer', NS_TEST)?.attrs.for, alice.jid);
  const pong = await alice.iq(xml('iq', { type: 'get', to: bob.jid }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
  assert.equal(pong.attrs.type, 'result', 'XEP-0199 pings are answered');
});

test('stanza errors are typed: the handler\'s own, service-unavailable when unhandled, internal-server-error when it throws', async (t) => {
  const [alice, bob] = await pair(t);
  const logged: string[] = [];
  bob.router.on(`iq-set/${NS_TEST}`, () => { throw new StanzaError('item-not-found', 'cancel', 'no such note'); });
  bob.router.on(`iq-get/${NS_TEST}`, () => { throw new Error('bug in a feature'); });
  bob.router.on(`iq-get/${NS_TEST}`, () => { logged.push('lower priority handler still isolated'); }, -1);

  await assert.rejects(alice.iq(request(bob.jid, 'note', 'set')), (error: unknown) => {
    assert.ok(error instanceof StanzaError);
    assert.deepEqual([error.condition, error.type, error.text], ['item-not-found', 'cancel', 'no such note']);
    return true;
  });
  await assert.rejects(alice.iq(request(bob.jid, 'crash')), { condition: 'internal-server-error', type: 'cancel' });
  await assert.rejects(alice.iq(xml('iq', { type: 'get', to: bob.jid }, xml('query', { xmlns: 'urn:foyer:unknown' }))),
    { name: 'StanzaError', condition: 'service-unavailable' });
  assert.deepEqual(logged, [], 'a throwing handler ends the dispatch with an error answer');
  // Bob's session is unharmed by its handler's bug.
  assert.equal(bob.state, 'online');
  assert.equal((await bob.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })))).attrs.type, 'result');
});

test('an iq nobody answers times out with a typed error', async (t) => {
  const [alice, bob] = await pair(t);
  let asked = 0;
  bob.router.on(`iq-get/${NS_TEST}`, () => { asked++; return new Promise<never>(() => undefined); });
  await assert.rejects(alice.iq(request(bob.jid, 'slow'), { timeoutMs: 300 }), (error: unknown) => {
    assert.ok(error instanceof LinkerError);
    assert.equal(error.code, 'E_LINKER_TIMEOUT');
    assert.equal(error.condition, 'remote-server-timeout');
    return true;
  });
  assert.equal(asked, 1);
});

test('a result from someone else than the addressee is not taken as the answer', async (t) => {
  const [alice, bob] = await pair(t);
  const [carolAccount] = await createAccounts(prosody, 1, 'iq-carol');
  const carol = createLinker(t, prosody, ticker, { ...carolAccount! });
  await carol.start();
  // Bob leaks the id to Carol, who forges an answer before Bob's real one.
  bob.router.on(`iq-get/${NS_TEST}`, async (iq) => {
    carol.send(xml('iq', { type: 'result', to: alice.jid, id: iq.attrs.id }, xml('forged', { xmlns: NS_TEST })));
    await carol.iq(xml('iq', { type: 'get', to: alice.jid }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
    return xml('genuine', { xmlns: NS_TEST });
  });
  const result = await alice.iq(request(bob.jid, 'question'));
  assert.ok(getChild(result, 'genuine', NS_TEST));
});
