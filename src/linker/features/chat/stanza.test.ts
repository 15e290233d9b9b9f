import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize } from '../../../xml/index.js';
import { buildChatMessage, buildChatState, buildDisplayed, buildReactions, buildReceipt, conversationOf, isBounceFor, MAX_BODY_LENGTH, parseBounce, parseChatMessage } from './stanza.js';

const me = 'mum@family.example';
const parse = (xml: string) => parseChatMessage(parseElement(xml), me);

test('a plain chat message: body, ids, our server\'s stanza-id only, delay', () => {
  const parsed = parse(`<message from='dad@family.example/phone' to='${me}' type='chat' id='x1'>
    <body>Dinner at 7?</body>
    <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
    <stanza-id xmlns='urn:xmpp:sid:0' by='evil@elsewhere.example' id='forged'/>
    <stanza-id xmlns='urn:xmpp:sid:0' by='${me}' id='arch-1'/>
    <delay xmlns='urn:xmpp:delay' stamp='2026-11-25T10:00:00.500Z'/>
    <request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/><active xmlns='http://jabber.org/protocol/chatstates'/>
  </message>`)!;
  assert.equal(parsed.body, 'Dinner at 7?');
  assert.equal(parsed.id, 'o1', 'origin-id wins over the id attribute');
  assert.equal(parsed.archiveId, 'arch-1', 'a stanza-id by anyone else is ignored');
  assert.equal(parsed.delayedTime, Date.parse('2026-11-25T10:00:00.500Z'));
  assert.equal(parsed.requestsReceipt, true);
  assert.equal(parsed.isMarkable, true);
  assert.equal(parsed.chatState, 'active');
  assert.deepEqual(conversationOf(parsed, me), { peer: 'dad@family.example', direction: 'in' });
});

test('groupchat, headline and error messages are not chats; odd ids and stamps are dropped', () => {
  assert.equal(parse(`<message type='groupchat'><body>x</body></message>`), null);
  assert.equal(parse(`<message type='headline'><body>x</body></message>`), null);
  assert.equal(parse(`<message type='error'><body>x</body></message>`), null);
  const odd = parse(`<message from='dad@family.example' id='${'a'.repeat(300)}'><body>x</body><delay xmlns='urn:xmpp:delay' stamp='yesterday'/></message>`)!;
  assert.equal(odd.id, undefined);
  assert.equal(odd.delayedTime, undefined);
  assert.equal(parse(`<message from='dad@family.example'><body>${'é'.repeat(MAX_BODY_LENGTH + 10)}</body></message>`)!.body!.length, MAX_BODY_LENGTH);
});

test('which conversation a message belongs to, and which way it went', () => {
  assert.deepEqual(conversationOf({ from: `${me}/laptop`, to: 'dad@family.example/phone' }, me), { peer: 'dad@family.example', direction: 'out' });
  assert.deepEqual(conversationOf({ from: 'Dad@Family.Example/x', to: me }, me), { peer: 'dad@family.example', direction: 'in' });
  assert.deepEqual(conversationOf({ from: undefined, to: 'dad@family.example' }, me), { peer: 'dad@family.example', direction: 'out' });
  assert.equal(conversationOf({ from: 'family.example', to: me }, me), null, 'a server is no conversation');
  assert.equal(conversationOf({ from: '@@', to: me }, me), null);
});

test('corrections, reactions, receipts, markers and chat states are read', () => {
  const correction = parse(`<message from='dad@family.example/a' type='chat'><body>Dinner at 8?</body><replace xmlns='urn:xmpp:message-correct:0' id='o1'/></message>`)!;
  assert.equal(correction.replaces, 'o1');
  const reactions = parse(`<message from='dad@family.example/a' type='chat'><reactions xmlns='urn:xmpp:reactions:0' id='o1'><reaction>👍</reaction><reaction>👍</reaction><reaction> ❤️ </reaction><reaction></reaction><reaction>${'x'.repeat(40)}</reaction></reactions></message>`)!;
  assert.deepEqual(reactions.reactions, { id: 'o1', emojis: ['👍', '❤️'] });
  assert.equal(reactions.body, undefined);
  assert.equal(parse(`<message from='dad@family.example/a'><received xmlns='urn:xmpp:receipts' id='m9'/></message>`)!.receiptFor, 'm9');
  assert.equal(parse(`<message from='dad@family.example/a' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m9'/></message>`)!.displayed, 'm9');
  assert.equal(parse(`<message from='dad@family.example/a' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`)!.chatState, 'composing');
});

test('a reply: the quoted fallback is removed by code points, the reference kept', () => {
  const quote = '> 🎂 Cake?\n';
  const parsed = parse(`<message from='dad@family.example/a' type='chat'><body>${quote}Yes please</body>
    <reply xmlns='urn:xmpp:reply:0' id='o1' to='${me}/laptop'/>
    <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='${[...quote].length}'/></fallback></message>`)!;
  assert.equal(parsed.body, 'Yes please');
  assert.deepEqual(parsed.replyTo, { id: 'o1', to: `${me}/laptop` });
  const outOfRange = parse(`<message from='dad@family.example/a'><body>short</body><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='99'/></fallback></message>`)!;
  assert.equal(outOfRange.body, 'short', 'a range past the end is ignored');
});

test('built messages read back as what was meant', () => {
  const sent = buildChatMessage({ to: 'dad@family.example', id: 'm1', body: 'Yes', replyTo: { id: 'o1', to: 'dad@family.example', quote: 'Cake?\n🎂' } });
  const text = serialize(sent);
  assert.match(text, /<origin-id xmlns="urn:xmpp:sid:0" id="m1"\/>/);
  const back = parseChatMessage(parseElement(text.replace('to="dad@family.example"', `from="${me}/laptop" to="dad@family.example"`)), me)!;
  assert.equal(back.body, 'Yes');
  assert.equal(back.id, 'm1');
  assert.deepEqual(back.replyTo, { id: 'o1', to: 'dad@family.example' });
  assert.equal(back.requestsReceipt && back.isMarkable, true);
  assert.match(serialize(sent), /<body>&gt; Cake\?\n&gt; 🎂\nYes<\/body>/);

  const correction = parseChatMessage(buildChatMessage({ to: 'dad@family.example', id: 'm2', body: 'Yes!', replaces: 'm1' }), me)!;
  assert.equal(correction.replaces, 'm1');
  assert.deepEqual(parseChatMessage(buildReactions('dad@family.example', 'r1', 'm1', ['👍']), me)!.reactions, { id: 'm1', emojis: ['👍'] });
  assert.equal(parseChatMessage(buildReceipt('dad@family.example/a', 'r2', 'm1'), me)!.receiptFor, 'm1');
  assert.equal(parseChatMessage(buildDisplayed('dad@family.example', 'r3', 'm1'), me)!.displayed, 'm1');
  assert.match(serialize(buildDisplayed('dad@family.example', 'r3', 'm1')), /<store xmlns="urn:xmpp:hints"\/>/);
  assert.match(serialize(buildChatState('dad@family.example', 'r4', 'paused')), /<paused xmlns="http:\/\/jabber.org\/protocol\/chatstates"\/><no-store xmlns="urn:xmpp:hints"\/>/);
});

test('an attachment travels as OOB + file metadata with the URL as body', () => {
  const attachment = { url: 'https://upload.family.example/abc/cake.jpg', name: 'cake.jpg', mediaType: 'image/jpeg', size: 12345, width: 800, height: 600 };
  const parsed = parseChatMessage(buildChatMessage({ to: 'dad@family.example', id: 'm3', body: 'ignored caption', attachment }), me)!;
  assert.equal(parsed.body, attachment.url);
  assert.deepEqual(parsed.attachment, attachment);
});

test('a bounced message: its id, who bounced it, the condition and a short clean text', () => {
  const bounce = parseBounce(parseElement(`<message from='nobody@family.example' to='${me}/web' type='error' id='m1'>
    <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
      <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>
  No such

   user ${'x'.repeat(5000)}</text></error></message>`))!;
  assert.equal(bounce.id, 'm1');
  assert.equal(bounce.from, 'nobody@family.example');
  assert.equal(bounce.failure.condition, 'service-unavailable');
  assert.ok(bounce.failure.text!.startsWith('No such user') && bounce.failure.text!.length === 300, 'one line, cut short');
  assert.deepEqual(parseBounce(parseElement(`<message from='a@b.example' type='error' id='m2'><error type='modify'><made-up-${'y'.repeat(100)} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`))?.failure,
    { condition: 'undefined-condition' }, 'an unknown condition is not stored as given');
  assert.equal(parseBounce(parseElement(`<message from='a@b.example' type='chat' id='m3'><body>hi</body></message>`)), null, 'not an error');
  assert.equal(parseBounce(parseElement(`<message from='a@b.example' type='error'><error type='cancel'/></message>`)), null, 'no id: nothing to match');
  assert.equal(parseBounce(parseElement(`<message type='error' id='m4'><error type='cancel'/></message>`)), null, 'no sender');
});

test('only the address we wrote to, or its server that could not be reached, may fail our message', () => {
  const bounce = (from: string, condition: string) => parseBounce(parseElement(
    `<message from='${from}' type='error' id='m1'><error type='cancel'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`))!;
  assert.equal(isBounceFor(bounce('gran@far.example/phone', 'not-acceptable'), 'gran@far.example'), true);
  assert.equal(isBounceFor(bounce('mallory@family.example', 'not-acceptable'), 'gran@far.example'), false, 'a third party');
  assert.equal(isBounceFor(bounce('far.example', 'remote-server-not-found'), 'gran@far.example'), true, 'the remote domain');
  assert.equal(isBounceFor(bounce('far.example', 'forbidden'), 'gran@far.example'), false, 'a domain speaks only for reaching it');
  assert.equal(isBounceFor(bounce('other.example', 'remote-server-not-found'), 'gran@far.example'), false, 'another domain');
  assert.equal(isBounceFor(bounce('ar.example', 'remote-server-timeout'), 'gran@far.example'), false, 'a domain suffix is not the domain');
});
