// Login against the real Prosody: password, wrong password, stored SCRAM keys only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { parseJid } from '../../src/xml/jid.js';
import { createAccounts, createLinker } from './support/sessions.js';
import { Ticker } from '../../src/linker/ticker.js';

const prosody = await startTestProsody();

test('a session logs in with its password over STARTTLS, binds a full JID and closes cleanly', async (t) => {
  const [alice] = await createAccounts(prosody, 1, 'alice');
  const ticker = new Ticker(1000);
  const linker = createLinker(t, prosody, ticker, { jid: alice!.jid, password: alice!.password });
  const online: boolean[] = [];
  linker.on('online', ({ resumed }) => online.push(resumed));
  await linker.start();
  const bound = parseJid(linker.jid);
  assert.equal(`${bound.local}@${bound.domain}`, alice!.jid);
  assert.notEqual(bound.resource, '');
  assert.deepEqual(online, [false]);
  assert.equal(linker.state, 'online');
  await linker.stop();
  assert.equal(linker.state, 'stopped');
});
