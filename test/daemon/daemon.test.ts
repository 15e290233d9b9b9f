// The daemon end to end against a real Prosody: login, the session cookie, the WebSocket
// protocol, the roster with live presence, isolation between users, limits, metrics, and a
// daemon restart that brings sessions back without passwords.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, get as httpGet } from 'node:http';
import { startTestProsody } from '../support/prosody.js';
import { befriend, connectAccount, createAccount } from '../support/contacts.js';
import { login, startTestDaemon, TestTab } from '../support/daemon.js';
import { xml } from '../../src/xml/element.js';

const prosody = await startTestProsody();
const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => createAccount(prosody, name)));
await befriend(prosody, alice!, bob!);

test('login, roster with live presence over the WebSocket, logout', async (t) => {
  const daemon = await startTestDaemon(t, prosody);

  const page = await fetch(`${daemon.url}/api/session`);
  assert.equal(page.status, 401);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');

  const wrong = await login(daemon, alice!.jid, 'not-the-password');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.condition, 'not-authorized');
  assert.match(wrong.body.error.message, /username or password is wrong/);
  assert.equal(wrong.cookie, undefined);

  const ok = await login(daemon, alice!.jid.replace('alice', 'Alice'), alice!.password);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.jid, alice!.jid, 'the address as the server knows it, whatever the case typed');
  assert.match(ok.cookie ?? '', /^foyer_session=[A-Za-z0-9_-]{43}$/);
  const session = await fetch(`${daemon.url}/api/session`, { headers: { cookie: ok.cookie! } });
  // This daemon forwards no file share (FOYER_FILE_SHARE_URL unset, an external server).
  assert.deepEqual(await session.json(), { jid: alice!.jid, filesUrl: null });

  // A second device while the session runs: checked against the stored SCRAM keys.
  assert.equal((await login(daemon, alice!.jid, 'still-not-it')).status, 401);
  const secondDevice = await login(daemon, alice!.jid, alice!.password);
  assert.equal(secondDevice.status, 200);
  assert.notEqual(secondDevice.cookie, ok.cookie, 'each device gets its own session cookie');
  assert.equal(daemon.pool.size, 1, 'both devices share the one XMPP session');

  const tab = await TestTab.open(daemon, ok.cookie);
  const hello = await tab.waitFor((frame) => frame.hello !== undefined, 'hello');
  assert.deepEqual(hello.hello, { protocol: 1, jid: alice!.jid });
  const roster = await tab.call('roster.get');
  assert.deepEqual(roster.result, {
    items: [{ jid: bob!.jid, name: null, groups: [], subscription: 'both', ask: false, presence: { show: 'offline', status: null } }],
  });

  // Bob comes online with a status: Alice's tab sees it live.
  const bobSession = await connectAccount(prosody, bob!);
  t.after(() => bobSession.stop());
  bobSession.send(xml('presence', null, xml('show', null, 'away'), xml('status', null, 'Gardening 🌱')));
  const changed = await tab.waitFor((frame) => frame.event === 'presence.contact-changed' && frame.data.show === 'away', 'bob away');
  assert.deepEqual(changed.data, { jid: bob!.jid, show: 'away', status: 'Gardening 🌱' });
  const after = await tab.call('roster.get');
  assert.deepEqual((after.result as any).items[0].presence, { show: 'away', status: 'Gardening 🌱' });

  const unknown = await tab.call('roster.explode');
  assert.equal(unknown.error?.code, 'E_RPC_UNKNOWN_METHOD');

  const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
  assert.match(metrics, /^foyer_sessions 1$/m);
  assert.match(metrics, /^foyer_websockets 1$/m);
  assert.match(metrics, /^foyer_cache_bytes \d+$/m);

  const closed = tab.closed();
  const logout = await fetch(`${daemon.url}/api/logout`, { method: 'POST', headers: { cookie: ok.cookie! } });
  assert.equal(logout.status, 200);
  assert.equal(await closed, 4001);
  assert.equal((await fetch(`${daemon.url}/api/session`, { headers: { cookie: ok.cookie! } })).status, 401);
  assert.equal(daemon.pool.size, 0);
});

test('one user never reaches another user\'s data; cross-site requests are refused', async (t) => {
  const daemon = await startTestDaemon(t, prosody);
  const asCarol = await login(daemon, carol!.jid, carol!.password);
  const asAlice = await login(daemon, alice!.jid, alice!.password);
  const carolTab = await TestTab.open(daemon, asCarol.cookie);
  const aliceTab = await TestTab.open(daemon, asAlice.cookie);
  assert.deepEqual((await carolTab.call('roster.get')).result, { items: [] }, 'carol sees only her own (empty) roster');
  assert.equal(((await aliceTab.call('roster.get')).result as any).items.length, 1);
  assert.ok(!carolTab.frames.some((frame) => JSON.stringify(frame).includes(bob!.jid)), 'no event about alice\'s contacts reaches carol');

  await assert.rejects(TestTab.open(daemon, undefined), /upgrade refused: 401/);
  await assert.rejects(TestTab.open(daemon, 'foyer_session=forged-token-value'), /upgrade refused: 401/);
  await assert.rejects(TestTab.open(daemon, asAlice.cookie, 'http://evil.example'), /upgrade refused: 403/);
  const crossSite = await login(daemon, alice!.jid, alice!.password, 'http://evil.example');
  assert.equal(crossSite.status, 403);
  assert.equal(crossSite.body.error.code, 'E_ORIGIN_FORBIDDEN');
  carolTab.close();
  aliceTab.close();
});

test('login attempts are limited per address with a clear message', async (t) => {
  const daemon = await startTestDaemon(t, prosody);
  for (let attempt = 0; attempt < 5; attempt++) {
    assert.equal((await login(daemon, carol!.jid, `guess-${attempt}`)).status, 401);
  }
  const limited = await login(daemon, carol!.jid, carol!.password);
  assert.equal(limited.status, 429);
  assert.match(limited.body.error.message, /Too many login attempts for carol@localhost\. Try again in 15 minutes\./);
  const malformed = await fetch(`${daemon.url}/api/login`, { method: 'POST', body: 'address=x' });
  assert.equal(malformed.status, 400);
});

test('a daemon restart keeps browsers logged in and brings the session back from stored keys', async (t) => {
  const first = await startTestDaemon(t, prosody);
  const { cookie } = await login(first, alice!.jid, alice!.password);
  const dataDir = first.config.dataDir;
  await first.stop();

  const second = await startTestDaemon(t, prosody, dataDir);
  assert.equal(second.pool.size, 1, 'the stored account reconnects by itself');
  const tab = await TestTab.open(second, cookie);
  await tab.waitFor((frame) => frame.event === 'session.state-changed' && frame.data.state === 'online', 'the restored session online');
  const roster = await tab.call('roster.get');
  assert.equal((roster.result as any).items[0].jid, bob!.jid);
  const cacheFile = readFileSync(join(dataDir, 'cache', 'data.mdb'));
  assert.equal(cacheFile.indexOf(alice!.password), -1, 'the password itself is never stored');
  assert.notEqual(cacheFile.indexOf(alice!.jid), -1);
  tab.close();
});

test('with an idle time, a session without tabs disconnects and comes back when a tab opens', async (t) => {
  const daemon = await startTestDaemon(t, prosody, undefined, { FOYER_LINKER_IDLE: '1' });
  const { cookie } = await login(daemon, carol!.jid, carol!.password);
  const tab = await TestTab.open(daemon, cookie);
  await tab.waitFor((frame) => frame.event === 'session.state-changed', 'the state');
  tab.close();
  await tab.closed();
  for (let waited = 0; daemon.pool.size > 0 && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(daemon.pool.size, 0, 'the session ended after the idle time');
  const again = await TestTab.open(daemon, cookie);
  await again.waitFor((frame) => frame.event === 'session.state-changed' && frame.data.state === 'online', 'the session back online');
  assert.equal(daemon.pool.size, 1);
  again.close();
});

test('a tab that stops reading is closed instead of buffering without bound; others carry on', async (t) => {
  const daemon = await startTestDaemon(t, prosody);
  const { cookie } = await login(daemon, alice!.jid, alice!.password);
  const stuck = await TestTab.open(daemon, cookie);
  // Not reading from the start keeps the kernel's receive window small, as on a frozen phone.
  stuck.pause();
  const healthy = await TestTab.open(daemon, cookie);
  const bobSession = await connectAccount(prosody, bob!);
  t.after(() => bobSession.stop());
  const status = 'x'.repeat(480);
  const websocketsOpen = async () => Number(/^foyer_websockets (\d+)$/m.exec(await (await fetch(`${daemon.url}/metrics`)).text())?.[1]);
  // Each presence change is one event of about 550 bytes for each of Alice's tabs.
  const started = Date.now();
  for (let batch = 0; Date.now() - started < 90_000 && (await websocketsOpen()) > 1; batch++) {
    for (let i = 0; i < 200; i++) {
      bobSession.send(xml('presence', null, xml('show', null, i % 2 ? 'away' : 'dnd'), xml('status', null, `${batch}-${i} ${status}`)));
    }
    await healthy.waitFor((frame) => frame.event === 'presence.contact-changed' && frame.data.status?.startsWith(`${batch}-199 `), `batch ${batch}`, 60_000);
  }
  assert.equal(await websocketsOpen(), 1, 'the stuck tab was closed by the daemon');
  const roster = await healthy.call('roster.get');
  assert.equal((roster.result as any).items[0].jid, bob!.jid, 'the reading tab still works');
  stuck.resume();
  await stuck.closed();
  healthy.close();
});

test('requests on a kept-alive connection after the daemon stopped get 503, and the process lives on', async (t) => {
  const daemon = await startTestDaemon(t, prosody);
  const { cookie } = await login(daemon, carol!.jid, carol!.password);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const getSession = () => new Promise<number>((resolve, reject) => {
    const request = httpGet(`${daemon.url}/api/session`, { agent, headers: { cookie: cookie! } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
  assert.equal(await getSession(), 200);
  await daemon.stop();
  assert.equal(await getSession(), 503);
});
