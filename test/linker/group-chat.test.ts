// Group chats between three real sessions on the test Prosody: a members-only room created
// with a name, invitations, joining, live messages and mentions, the room's archive, bookmarks
// followed by a second device, autojoin with catch-up after a restart, a server restart
// (no resumption possible), and leaving. One server and one cache for the file, as in the
// daemon; the tests build on each other in order.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type Cache } from '../../src/cache/index.js';
import { Linker, type FeatureEvent } from '../../src/linker/linker.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { OnlineInfo } from '../../src/linker/feature.js';
import { bookmarksFeature, type BookmarksApi } from '../../src/linker/features/bookmarks/index.js';
import { createCapsFeature } from '../../src/linker/features/caps/index.js';
import { MemoryCapsStore } from '../../src/linker/features/caps/store.js';
import { disco } from '../../src/linker/features/disco/index.js';
import type { RoomMessage, RoomView } from '../../src/linker/features/muc/events.js';
import { mucFeature, type MucApi } from '../../src/linker/features/muc/index.js';
import { presenceFeature } from '../../src/linker/features/presence/index.js';
import { openTestCache } from '../support/cache.js';
import { startTestProsody } from '../support/prosody.js';
import { c2sEndpoint, createAccounts, TEST_TIMING, type Account } from './support/sessions.js';
import { waitUntil } from './support/wait.js';

const prosody = await startTestProsody();
const ticker = new Ticker(1000);
const cacheDir = mkdtempSync(join(tmpdir(), 'foyer-muc-cache-'));
const cache: Cache = openCache({ path: cacheDir, diskReserveBytes: 0 });
const linkers: Linker[] = [];
after(async () => {
  await Promise.allSettled(linkers.map((linker) => linker.stop()));
  await cache.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

interface Member {
  account: Account;
  linker: Linker;
  muc: MucApi;
  bookmarks: BookmarksApi;
  events: FeatureEvent[];
  nick: string;
}

async function connect(account: Account, options: { cache?: Cache; resource?: string } = {}): Promise<Member> {
  const store = options.cache ?? cache;
  const linker = new Linker({
    ...account,
    ...(options.resource !== undefined && { resource: options.resource }),
    server: c2sEndpoint(prosody),
    tls: { pinnedCertificate: prosody.certificatePem },
    runtime: { ticker },
    timing: TEST_TIMING,
    features: [disco, createCapsFeature(new MemoryCapsStore()), presenceFeature, bookmarksFeature(store.bookmarks), mucFeature(store)],
  });
  linkers.push(linker);
  const events: FeatureEvent[] = [];
  linker.on('event', (event: FeatureEvent) => events.push(event));
  await linker.start();
  return {
    account, linker, events, nick: account.jid.split('@')[0]!,
    muc: linker.feature<MucApi>('muc'), bookmarks: linker.feature<BookmarksApi>('bookmarks'),
  };
}

const user = (member: Member) => member.account.jid;
const named = <T>(member: Member, name: string) => member.events.filter((event) => event.name === name).map((event) => event.payload as T);
const bodies = (member: Member, room: string) => named<RoomMessage>(member, 'muc.message-received').filter((m) => m.peer === room).map((m) => m.body);
const roomOf = (member: Member, room: string) => member.muc.rooms().find((view) => view.jid === room);
const occupantNicks = (view: RoomView | undefined) => (view?.occupants.map((occupant) => occupant.nick) ?? []).sort();

const [mumAccount, dadAccount, kidAccount] = await createAccounts(prosody, 3, 'family') as [Account, Account, Account];
const mum = await connect(mumAccount);
const dad = await connect(dadAccount);
let kid = await connect(kidAccount);
let room = '';

test('mum creates a named members-only room on the MUC service found through disco, and bookmarks it', async () => {
  const view = await mum.muc.create('Family Dinner');
  room = view.jid;
  assert.match(room, new RegExp(`^family-dinner-[0-9a-f]{6}@${prosody.groups.replace(/\./g, '\\.')}$`));
  assert.equal(view.state, 'joined');
  assert.equal(view.name, 'Family Dinner');
  assert.equal(view.nick, mum.nick);
  assert.deepEqual(view.occupants.map(({ nick, affiliation, role }) => ({ nick, affiliation, role })), [{ nick: mum.nick, affiliation: 'owner', role: 'moderator' }]);
  assert.deepEqual(cache.bookmarks.get(user(mum), room), { jid: room, autojoin: true, nick: mum.nick, name: 'Family Dinner' });
  assert.equal(cache.rooms.get(user(mum), room)?.name, 'Family Dinner');
  const info = await mum.linker.feature<{ info(jid: string): Promise<{ features: string[] }> }>('disco').info(room);
  for (const feature of ['muc_membersonly', 'muc_persistent', 'muc_hidden']) assert.ok(info.features.includes(feature), feature);
});

test('a non-member is refused with registration-required; an invitation makes them a member', async () => {
  await assert.rejects(dad.muc.join(room), { code: 'E_MUC_JOIN_FAILED', condition: 'registration-required' });
  assert.equal(roomOf(dad, room), undefined, 'a refused room is not kept');
  assert.ok(named<{ reason: string; condition: string }>(dad, 'muc.room-left').some((left) => left.reason === 'join-failed' && left.condition === 'registration-required'));

  await mum.muc.invite(room, user(dad), 'Dinner plans');
  await waitUntil(() => named(dad, 'muc.invitation-received').length === 1, 'dad got the invitation');
  assert.deepEqual(named(dad, 'muc.invitation-received'), [{ room, name: 'Family Dinner', from: user(mum), reason: 'Dinner plans' }]);
  const joined = await dad.muc.join(room);
  assert.equal(joined.state, 'joined');
  assert.deepEqual(occupantNicks(joined), [dad.nick, mum.nick].sort());
  assert.equal(joined.occupants.find((occupant) => occupant.nick === dad.nick)?.affiliation, 'member');
  assert.equal(joined.occupants.find((occupant) => occupant.nick === mum.nick)?.jid, user(mum), 'real JIDs are visible to occupants');
  await waitUntil(() => occupantNicks(roomOf(mum, room)).includes(dad.nick), 'mum sees dad arrive');
  assert.ok(named<{ room: string; occupant: { nick: string } }>(mum, 'muc.occupant-updated').some((event) => event.occupant.nick === dad.nick));
});

test('a taken nick is retried with a suffix', async () => {
  await mum.muc.invite(room, user(kid));
  await waitUntil(() => named(kid, 'muc.invitation-received').length === 1, 'kid got the invitation');
  const joined = await kid.muc.join(room, { nick: dad.nick });
  assert.equal(joined.nick, `${dad.nick} (2)`);
  // Leave and come back under kid's own nick for the rest of the file.
  await kid.muc.leave(room);
  assert.equal(cache.bookmarks.get(user(kid), room), undefined);
  const again = await kid.muc.join(room);
  assert.equal(again.nick, kid.nick);
  await waitUntil(() => occupantNicks(roomOf(mum, room)).length === 3, 'three in the room');
  assert.deepEqual(occupantNicks(roomOf(mum, room)), [dad.nick, kid.nick, mum.nick].sort());
});

test('everyone gets each message live, stored with the room as peer; a mention is announced', async () => {
  const id = mum.muc.send(room, `Dinner at 7, ${dad.nick}!`);
  for (const member of [mum, dad, kid]) {
    await waitUntil(() => bodies(member, room).includes(`Dinner at 7, ${dad.nick}!`), `${member.nick} got mum's message`);
  }
  const atDad = cache.messages.getAllMessages(user(dad), room).find((message) => message.id === id);
  assert.equal(atDad?.nick, mum.nick);
  assert.equal(atDad?.type, 'groupchat');
  assert.equal(atDad?.direction, 'in');
  assert.equal(atDad?.from, `${room}/${mum.nick}`);
  assert.ok(atDad?.archiveId, 'the room archived it');
  assert.equal(cache.messages.getAllMessages(user(mum), room).find((message) => message.id === id)?.direction, 'out');
  assert.equal(named(dad, 'muc.mentioned').length, 1, 'dad was mentioned');
  assert.equal(named(kid, 'muc.mentioned').length, 0);
  assert.equal(named(mum, 'muc.mentioned').length, 0, 'not by our own message');

  dad.muc.send(room, 'On my way');
  await waitUntil(() => bodies(kid, room).includes('On my way'), 'kid got dad\'s answer');
  kid.muc.send(room, 'Can we have pizza?');
  for (const member of [mum, dad, kid]) {
    await waitUntil(() => bodies(member, room).length === 3, `${member.nick} got all three`);
  }
  assert.equal(cache.messages.getConversation(user(kid), room)?.last.body, 'Can we have pizza?');
});

test('the subject is set and seen by everyone', async () => {
  await mum.linker.feature<MucApi>('muc').methods['muc.set-subject']!({ room, subject: 'Sunday dinner' });
  for (const member of [mum, dad, kid]) {
    await waitUntil(() => roomOf(member, room)?.subject === 'Sunday dinner', `${member.nick} sees the subject`);
  }
});

test('history comes from the room archive, paged backwards, for a device with an empty cache', async (t) => {
  for (let i = 0; i < 32; i++) mum.muc.send(room, `note ${i}`);
  await waitUntil(() => bodies(dad, room).includes('note 31'), 'the notes arrived');
  const fresh = openTestCache(t);
  const tablet = await connect(dadAccount, { cache: fresh, resource: 'tablet' });
  await waitUntil(() => roomOf(tablet, room)?.state === 'joined', 'the tablet entered the bookmarked room');
  await waitUntil(() => fresh.messages.getAllMessages(user(dad), room).length === 30, 'a first visit shows the latest 30');
  assert.equal(fresh.messages.getConversation(user(dad), room)?.last.body, 'note 31');

  const newest = await tablet.muc.history(room, undefined, 20);
  assert.deepEqual(newest.messages.map((message) => message.body), Array.from({ length: 20 }, (_, i) => `note ${i + 12}`));
  const older = await tablet.muc.history(room, newest.messages[0], 20);
  assert.deepEqual(older.messages.map((message) => message.body), [
    `Dinner at 7, ${dad.nick}!`, 'On my way', 'Can we have pizza?', ...Array.from({ length: 12 }, (_, i) => `note ${i}`),
  ], 'older pages come from the archive');
  assert.equal(older.complete, true);
  assert.equal(older.messages[1]?.direction, 'out', 'dad\'s own message, recognised from the archive');
  await tablet.linker.stop();
});

test('bookmarks follow a second device: a room created on one is joined on the other', async (t) => {
  const phone = await connect(mumAccount, { cache: openTestCache(t), resource: 'phone' });
  await waitUntil(() => roomOf(phone, room)?.state === 'joined', 'the phone autojoined the bookmarked room');
  const second = await mum.muc.create('Holiday');
  await waitUntil(() => roomOf(phone, second.jid)?.state === 'joined', 'the phone followed the new bookmark');
  assert.equal(roomOf(phone, second.jid)?.name, 'Holiday');
  await mum.muc.leave(second.jid);
  await waitUntil(() => roomOf(phone, second.jid) === undefined, 'the phone left with it');
  assert.equal(phone.bookmarks.get(second.jid), undefined);
  await phone.linker.stop();
});

test('a new session autojoins and catches up since the last message seen', async () => {
  await kid.linker.stop();
  const lastSeen = cache.rooms.get(user(kid), room)?.lastSeen;
  assert.ok(lastSeen !== undefined);
  await waitUntil(() => !occupantNicks(roomOf(mum, room)).includes(kid.nick), 'kid went away');
  mum.muc.send(room, 'Kid, dinner is ready');
  dad.muc.send(room, 'Where is everyone?');
  await waitUntil(() => bodies(mum, room).includes('Where is everyone?'), 'sent');
  const storedBefore = cache.messages.getAllMessages(user(kid), room).length;

  kid = await connect(kidAccount);
  await waitUntil(() => roomOf(kid, room)?.state === 'joined', 'kid is back in the room');
  await waitUntil(() => bodies(kid, room).includes('Where is everyone?'), 'kid caught up');
  assert.deepEqual(bodies(kid, room).sort(), ['Kid, dinner is ready', 'Where is everyone?'], 'only what was missed');
  assert.equal(cache.messages.getAllMessages(user(kid), room).length, storedBefore + 2, 'nothing stored twice');
  assert.ok((cache.rooms.get(user(kid), room)?.lastSeen ?? 0) > lastSeen);
});

test('after a server restart (no resumption) everyone is back in the room and talking', async () => {
  const comeBack = [mum, dad, kid].map((member) => new Promise<OnlineInfo>((resolve) => member.linker.once('online', resolve)));
  await prosody.restart();
  assert.deepEqual((await Promise.all(comeBack)).map((info) => info.resumed), [false, false, false]);
  for (const member of [mum, dad, kid]) {
    await waitUntil(() => roomOf(member, room)?.state === 'joined' && occupantNicks(roomOf(member, room)).length === 3, `${member.nick} rejoined with everyone`);
  }
  kid.muc.send(room, 'Back!');
  await waitUntil(() => bodies(mum, room).includes('Back!') && bodies(dad, room).includes('Back!'), 'the room works again');
});

test('leaving: the others see it, the bookmark and the room record go', async () => {
  await dad.muc.leave(room);
  await waitUntil(() => !occupantNicks(roomOf(mum, room)).includes(dad.nick), 'mum saw dad leave');
  assert.ok(named<{ nick: string }>(mum, 'muc.occupant-left').some((left) => left.nick === dad.nick));
  assert.equal(roomOf(dad, room), undefined);
  assert.equal(cache.rooms.get(user(dad), room), undefined);
  assert.equal(cache.bookmarks.get(user(dad), room), undefined);
  assert.deepEqual(dad.bookmarks.list(), []);
  await assert.rejects(async () => dad.muc.send(room, 'still here?'), { code: 'E_MUC_NOT_JOINED' });
});
