// Chat through the daemon's browser protocol: a tab sends and receives, and messages that
// arrived while the daemon was stopped are fetched from the server's archive when it starts
// again (the session comes back from its stored keys and catches up, nothing lost).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { befriend, connectAccount, createAccount } from '../support/contacts.js';
import { login, startTestDaemon, TestTab } from '../support/daemon.js';
import { xml } from '../../src/xml/element.js';

const prosody = await startTestProsody();
const [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => createAccount(prosody, name)));
await befriend(prosody, alice!, bob!);

test('a tab chats; messages sent while the daemon is down are caught up after its restart', async (t) => {
  const first = await startTestDaemon(t, prosody);
  const { cookie } = await login(first, alice!.jid, alice!.password);
  const tab = await TestTab.open(first, cookie);
  const bobsPhone = await connectAccount(prosody, bob!);
  t.after(() => bobsPhone.stop());
  const bobGot: string[] = [];
  bobsPhone.router.on('message', (message) => {
    const body = message.children.find((child) => typeof child !== 'string' && child.name === 'body');
    if (typeof body === 'object') bobGot.push(String(body.children[0]));
    return true;
  });
  bobsPhone.send(xml('presence'));

  const sent = await tab.call('chat.send', { peer: bob!.jid, body: 'Hello from the browser' });
  assert.equal((sent.result as any).message.state, 'queued');
  await tab.waitFor((frame) => frame.event === 'chat.message-updated' && frame.data.message.state !== 'queued', 'the server acked it');
  for (let waited = 0; bobGot.length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(bobGot, ['Hello from the browser']);

  bobsPhone.send(xml('message', { to: alice!.jid, type: 'chat', id: 'live-1' }, xml('body', null, 'Hi Alice')));
  const live = await tab.waitFor((frame) => frame.event === 'chat.message-received' && frame.data.message.id === 'live-1', 'the answer live');
  assert.equal(live.data.message.direction, 'in');
  const summary = await tab.waitFor((frame) => frame.event === 'chat.conversation-updated' && frame.data.conversation.last.id === 'live-1', 'the conversation updated');
  assert.equal(summary.data.conversation.unread, 1);

  // Alice's phone stays online, so the server delivers there (and archives) while Foyer is down.
  const alicesPhone = await connectAccount(prosody, alice!);
  t.after(() => alicesPhone.stop());
  alicesPhone.send(xml('presence'));
  tab.close();
  await first.stop();
  for (const id of ['down-1', 'down-2']) bobsPhone.send(xml('message', { to: alice!.jid, type: 'chat', id }, xml('body', null, `Sent while Foyer was down (${id})`)));
  for (let waited = 0; bobsPhone.unackedCount > 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));

  const second = await startTestDaemon(t, prosody, first.config.dataDir);
  const again = await TestTab.open(second, cookie);
  // The session came back when the daemon started; the catch-up may be over before the tab opens.
  let conversations: any;
  for (let waited = 0; waited < 15_000; waited += 100) {
    conversations = (await again.call('chat.conversations')).result;
    if (conversations.conversations[0]?.last.id === 'down-2') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(conversations.conversations.length, 1);
  assert.equal(conversations.conversations[0].peer, bob!.jid);
  assert.equal(conversations.conversations[0].last.id, 'down-2');
  assert.equal(conversations.conversations[0].unread, 3);
  const history = (await again.call('chat.history', { peer: bob!.jid, limit: 10 })).result as any;
  assert.deepEqual(history.messages.map((message: any) => message.body),
    ['Hello from the browser', 'Hi Alice', 'Sent while Foyer was down (down-1)', 'Sent while Foyer was down (down-2)']);
  const read = (await again.call('chat.mark-read', { peer: bob!.jid })).result as any;
  assert.equal(read.conversation.unread, 0);
  const refused = await again.call('chat.send', { peer: 'nobody', body: 'x' });
  assert.equal(refused.error?.code, 'E_RPC_BAD_PARAMS');
  again.close();
});
