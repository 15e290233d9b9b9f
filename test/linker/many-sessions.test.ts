// 200 sessions in one process against the real Prosody: all log in, each pings, all close
// cleanly. (How long this takes and what it costs is measured in bench/, not asserted here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { Ticker } from '../../src/linker/ticker.js';
import { xml } from '../../src/xml/element.js';
import { createAccounts, createLinker } from './support/sessions.js';

const SESSIONS = 200;

test(`${SESSIONS} sessions in one process connect, ping and close cleanly`, async (t) => {
  const prosody = await startTestProsody(t);
  const ticker = new Ticker(1000);
  const accounts = await createAccounts(prosody, SESSIONS, 'many');
  const linkers = accounts.map((account) => createLinker(t, prosody, ticker, { ...account }));
  const offline: string[] = [];
  for (const linker of linkers) linker.on('offline', () => offline.push(linker.jid));

  await Promise.all(linkers.map((linker) => linker.start()));
  const jids = new Set(linkers.map((linker) => linker.jid));
  assert.equal(jids.size, SESSIONS, 'each session bound its own full JID');

  const pongs = await Promise.all(linkers.map((linker) =>
    linker.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })))));
  assert.ok(pongs.every((pong) => pong.attrs.type === 'result'));

  const cleanCloses = await Promise.all(linkers.map((linker) => linker.stop()));
  assert.equal(cleanCloses.filter(Boolean).length, SESSIONS, 'the server closed every stream in turn');
  assert.ok(linkers.every((linker) => linker.state === 'stopped'));
  assert.deepEqual(offline, [], 'no session dropped on the way');
});
