import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../xml/index.js';
import { interpret } from './interpret.js';
import { parseChatMessage } from './stanza.js';

const me = 'mum@family.example';
const read = (xml: string, archiveId?: string) => interpret(parseChatMessage(parseElement(xml), me)!, { accountBare: me, time: 1000, archiveId });

test('a message with a body is kept, theirs or ours', () => {
  const [theirs] = read(`<message from='dad@family.example/a' to='${me}' type='chat' id='m1'><body>hi</body><request xmlns='urn:xmpp:receipts'/></message>`, 'A1');
  assert.deepEqual(theirs, {
    kind: 'message', requestsReceipt: true,
    message: { id: 'm1', peer: 'dad@family.example', from: 'dad@family.example', to: me, time: 1000, body: 'hi', direction: 'in', archiveId: 'A1' },
  });
  const [ours] = read(`<message from='${me}/phone' to='dad@family.example' type='chat' id='m2'><body>hello</body></message>`);
  assert.equal(ours?.kind === 'message' && ours.message.direction, 'out');
  assert.equal(ours?.kind === 'message' && ours.message.state, 'sent');
  assert.deepEqual(read(`<message from='dad@family.example/a' type='chat' id='m3'><body>   </body></message>`), [], 'a blank body is nothing');
  assert.deepEqual(read(`<message from='dad@family.example/a' type='chat'><body>no id anywhere</body></message>`), [], 'nothing to deduplicate by: not kept');
  const [byArchive] = read(`<message from='dad@family.example/a' type='chat'><body>archived</body></message>`, 'A9');
  assert.equal(byArchive?.kind === 'message' && byArchive.message.id, 'A9', 'the archive id stands in for a missing id');
});

test('corrections, reactions, receipts and markers point at earlier messages', () => {
  assert.deepEqual(read(`<message from='dad@family.example/a' type='chat' id='c1'><body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/></message>`),
    [{ kind: 'correction', peer: 'dad@family.example', direction: 'in', id: 'm1', body: 'fixed' }]);
  assert.deepEqual(read(`<message from='${me}/phone' to='dad@family.example' type='chat'><reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>🎉</reaction></reactions></message>`),
    [{ kind: 'reactions', peer: 'dad@family.example', reactor: me, id: 'm1', emojis: ['🎉'] }]);
  assert.deepEqual(read(`<message from='dad@family.example/a'><received xmlns='urn:xmpp:receipts' id='m2'/></message>`),
    [{ kind: 'receipt', peer: 'dad@family.example', id: 'm2' }]);
  assert.deepEqual(read(`<message from='${me}/phone' to='dad@family.example'><received xmlns='urn:xmpp:receipts' id='m2'/></message>`), [],
    'our other device acknowledging their message changes nothing here');
  assert.deepEqual(read(`<message from='${me}/phone' to='dad@family.example' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>`),
    [{ kind: 'displayed', peer: 'dad@family.example', direction: 'out', id: 'm1' }]);
  assert.deepEqual(read(`<message from='dad@family.example/a' type='chat'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>`),
    [{ kind: 'chat-state', peer: 'dad@family.example', state: 'paused' }]);
});
