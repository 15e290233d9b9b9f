import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParams, historyParams, inviteParams, optionalNickParam, sendParams, subjectParams } from './params.js';

const badParams = { code: 'E_RPC_BAD_PARAMS' };

test('room methods take bare room JIDs, normalised; anything else from a tab is refused', () => {
  assert.deepEqual(sendParams({ room: 'Kitchen@Groups.X', body: '  hi  ' }), { room: 'kitchen@groups.x', body: '  hi  ' }, 'a body is sent as typed');
  assert.throws(() => sendParams({ room: 'kitchen@groups.x/Mum', body: 'hi' }), badParams);
  assert.throws(() => sendParams({ room: 'groups.x', body: 'hi' }), badParams);
  assert.throws(() => sendParams({ room: 'kitchen@groups.x', body: '   ' }), badParams);
  assert.throws(() => sendParams({ room: 'kitchen@groups.x', body: 'x'.repeat(16_001) }), badParams);
  assert.throws(() => sendParams(null), badParams);
  assert.throws(() => sendParams(['kitchen@groups.x']), badParams);
  assert.deepEqual(subjectParams({ room: 'k@g.x', subject: '' }), { room: 'k@g.x', subject: '' }, 'an empty subject clears it');
});

test('create: a name, members-only unless said otherwise, an optional nick usable as a resource', () => {
  assert.deepEqual(createParams({ name: ' Sunday lunch ' }), { name: 'Sunday lunch', membersOnly: true, nick: undefined });
  assert.deepEqual(createParams({ name: 'Open', membersOnly: false, nick: 'Mum' }), { name: 'Open', membersOnly: false, nick: 'Mum' });
  assert.throws(() => createParams({ name: '' }), badParams);
  assert.throws(() => createParams({ name: 'x'.repeat(101) }), badParams);
  assert.throws(() => createParams({ name: 'A', membersOnly: 'yes' }), badParams);
  assert.throws(() => optionalNickParam({ nick: 'x'.repeat(65) }), badParams);
  assert.equal(optionalNickParam({}), undefined);
});

test('invite and history params', () => {
  assert.deepEqual(inviteParams({ room: 'k@g.x', jid: 'Dad@X' }), { room: 'k@g.x', jid: 'dad@x', reason: undefined });
  assert.throws(() => inviteParams({ room: 'k@g.x', jid: 'dad@x/phone' }), badParams);
  assert.deepEqual(historyParams({ room: 'k@g.x' }), { room: 'k@g.x', before: undefined, limit: 30 });
  assert.deepEqual(historyParams({ room: 'k@g.x', before: { time: 5, id: 'a' }, limit: 10 }), { room: 'k@g.x', before: { time: 5, id: 'a' }, limit: 10 });
  assert.throws(() => historyParams({ room: 'k@g.x', limit: 101 }), badParams);
  assert.throws(() => historyParams({ room: 'k@g.x', before: { time: -1, id: 'a' } }), badParams);
  assert.throws(() => historyParams({ room: 'k@g.x', before: { time: 1, id: '' } }), badParams);
});
