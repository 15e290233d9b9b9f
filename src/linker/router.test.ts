import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../native/expat-stream/index.js';
import { xml } from '../xml/element.js';
import { StanzaError } from './errors.js';
import { Router, routingKeys } from './router.js';

const message = parseElement(`<message from='a@localhost/x' type='chat'><body>hi</body>
  <received xmlns='urn:xmpp:receipts' id='1'/><active xmlns='http://jabber.org/protocol/chatstates'/></message>`);
const ping = parseElement(`<iq type='get' id='p1' from='localhost'><ping xmlns='urn:xmpp:ping'/></iq>`);

test('routing keys are readable: one per child namespace, then the stanza kind', () => {
  assert.deepEqual(routingKeys(message), [
    'message/urn:xmpp:receipts',
    'message/http://jabber.org/protocol/chatstates',
    'message',
  ]);
  assert.deepEqual(routingKeys(ping), ['iq-get/urn:xmpp:ping']);
  assert.deepEqual(routingKeys(parseElement(`<iq type='result' id='x'/>`)), [], 'responses go to the iq tracker, not to handlers');
});

test('handlers run by priority across keys, and true stops propagation', async () => {
  const calls: string[] = [];
  const router = new Router(() => assert.fail('nothing throws here'));
  router.on('message', () => { calls.push('catch-all'); });
  router.on('message/urn:xmpp:receipts', () => { calls.push('receipts low'); }, -5);
  router.on('message/urn:xmpp:receipts', () => { calls.push('receipts high'); }, 5);
  const removeStopper = router.on('message/http://jabber.org/protocol/chatstates', () => { calls.push('chatstates'); return true; });
  assert.deepEqual(await router.dispatch(message), { kind: 'handled' });
  assert.deepEqual(calls, ['receipts high', 'receipts low', 'chatstates']);
  calls.length = 0;
  removeStopper();
  assert.deepEqual(await router.dispatch(message), { kind: 'unhandled' });
  assert.deepEqual(calls, ['receipts high', 'receipts low', 'catch-all']);
});

test('iq handlers answer with a payload, an empty result or a stanza error; a throw is isolated', async () => {
  const logged: string[] = [];
  const router = new Router((key, error) => logged.push(`${key}: ${(error as Error).message}`));
  assert.deepEqual(await router.dispatch(ping), { kind: 'unhandled' });

  router.on('iq-get/urn:xmpp:ping', () => undefined, 10); // declines: the next one answers
  router.on('iq-get/urn:xmpp:ping', () => true);
  assert.deepEqual(await router.dispatch(ping), { kind: 'result', payload: undefined });

  const payload = xml('pong', { xmlns: 'urn:test' });
  router.on('iq-get/urn:xmpp:ping', async () => payload, 20);
  assert.deepEqual(await router.dispatch(ping), { kind: 'result', payload });

  const refused = new StanzaError('forbidden', 'auth', 'not for you');
  router.on('iq-get/urn:xmpp:ping', () => { throw refused; }, 30);
  assert.deepEqual(await router.dispatch(ping), { kind: 'error', error: refused });

  router.on('iq-get/urn:xmpp:ping', () => { throw new Error('feature bug'); }, 40);
  const outcome = await router.dispatch(ping);
  assert.equal(outcome.kind, 'error');
  assert.equal(outcome.kind === 'error' && outcome.error.condition, 'internal-server-error');
  assert.deepEqual(logged, ['iq-get/urn:xmpp:ping: feature bug']);
});
