import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../../native/expat-stream/index.js';
import { getChild, getChildren, getChildText } from '../../../xml/element.js';
import { mentionsNick } from './mentions.js';
import { buildMamQuery, NS_MAM, parseMamFin, parseMamResult } from '../mam/stanza.js';
import {
  alternativeNick, buildGroupchatMessage, buildJoinPresence, buildRoomConfig, exitReason, NS_CONFERENCE, NS_MUC, NS_MUC_USER,
  occupantJid, parseInvitation, parseOccupantPresence, parseRoomMessage, roomLocalpart,
} from './stanza.js';

const presence = (xml: string) => parseOccupantPresence(parseElement(xml));

test('entering presence asks for no room history (it comes from the archive)', () => {
  const join = buildJoinPresence('kitchen@groups.x', 'Mum', { password: 'pw' });
  assert.equal(join.attrs.to, 'kitchen@groups.x/Mum');
  const x = getChild(join, 'x', NS_MUC)!;
  assert.equal(getChild(x, 'history')!.attrs.maxstanzas, '0');
  assert.equal(getChildText(x, 'password'), 'pw');
});

test('occupant presence: affiliation, role, real JID, status codes; errors; not a room', () => {
  assert.deepEqual(presence(`<presence from='kitchen@groups.x/Mum'><x xmlns='${NS_MUC_USER}'><item affiliation='owner' role='moderator' jid='Mum@X/laptop'/><status code='110'/><status code='201'/></x></presence>`), {
    kind: 'available', room: 'kitchen@groups.x', nick: 'Mum', item: { affiliation: 'owner', role: 'moderator', jid: 'mum@x' }, codes: new Set([110, 201]),
  });
  assert.deepEqual(presence(`<presence from='kitchen@groups.x/Kid'><x xmlns='${NS_MUC_USER}'><item affiliation='emperor' role='god'/></x></presence>`), {
    kind: 'available', room: 'kitchen@groups.x', nick: 'Kid', item: { affiliation: 'none', role: 'none' }, codes: new Set(),
  }, 'unknown affiliations and roles are none');
  const renamed = presence(`<presence type='unavailable' from='kitchen@groups.x/Kid'><x xmlns='${NS_MUC_USER}'><item affiliation='member' role='participant' nick='Kiddo'/><status code='303'/></x></presence>`);
  assert.equal(renamed?.kind === 'unavailable' && renamed.newNick, 'Kiddo');
  const conflict = presence(`<presence type='error' from='kitchen@groups.x/Mum'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`);
  assert.equal(conflict?.kind === 'error' && conflict.error.condition, 'conflict');
  assert.equal(presence(`<presence from='bob@x/phone'/>`), null, 'a contact');
  assert.equal(presence(`<presence from='kitchen@groups.x'><x xmlns='${NS_MUC_USER}'/></presence>`), null, 'no nick');
});

test('why we left a room, from our own unavailable presence', () => {
  const exit = (inner: string) => {
    const parsed = presence(`<presence type='unavailable' from='k@g.x/Mum'><x xmlns='${NS_MUC_USER}'><item affiliation='none' role='none'/>${inner}</x></presence>`);
    assert.ok(parsed?.kind === 'unavailable');
    return exitReason(parsed);
  };
  assert.equal(exit(`<status code='110'/>`), 'left');
  assert.equal(exit(`<status code='110'/><status code='307'/>`), 'kicked');
  assert.equal(exit(`<status code='301'/>`), 'banned');
  assert.equal(exit(`<status code='321'/>`), 'removed');
  assert.equal(exit(`<status code='332'/>`), 'shutdown');
  assert.equal(exit(`<destroy><reason>Moved</reason></destroy>`), 'destroyed');
});

test('room messages: nick, ids, archive id by the room only, delay, subject, real JID', () => {
  const message = parseRoomMessage(parseElement(`<message type='groupchat' from='k@g.x/Dad' id='m1'><body>Dinner!</body>
    <origin-id xmlns='urn:xmpp:sid:0' id='o1'/><stanza-id xmlns='urn:xmpp:sid:0' by='k@g.x' id='s1'/><stanza-id xmlns='urn:xmpp:sid:0' by='evil@x' id='s2'/>
    <delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05Z'/><x xmlns='${NS_MUC_USER}'><item jid='dad@x/pc'/></x></message>`));
  assert.deepEqual(message, { room: 'k@g.x', nick: 'Dad', id: 'o1', archiveId: 's1', time: Date.UTC(2026, 0, 2, 3, 4, 5), body: 'Dinner!', senderJid: 'dad@x' });
  assert.deepEqual(parseRoomMessage(parseElement(`<message type='groupchat' from='k@g.x/Dad'><subject>Plans</subject></message>`)), {
    room: 'k@g.x', nick: 'Dad', id: '', subject: 'Plans',
  });
  assert.equal(parseRoomMessage(parseElement(`<message type='groupchat' from='k@g.x/Dad'><subject>T</subject><body>b</body></message>`))?.subject, undefined, 'a body with a subject is not a subject change');
  assert.equal(parseRoomMessage(parseElement(`<message type='chat' from='k@g.x/Dad'><body>psst</body></message>`)), null, 'private message');
  assert.equal(parseRoomMessage(parseElement(`<message type='groupchat' from='k@g.x'><x xmlns='${NS_MUC_USER}'><status code='104'/></x></message>`)), null);
  const sent = buildGroupchatMessage('k@g.x', 'hi', 'abc');
  assert.equal(sent.attrs.type, 'groupchat');
  assert.equal(getChild(sent, 'origin-id', 'urn:xmpp:sid:0')!.attrs.id, 'abc');
});

test('invitations: direct (XEP-0249) and mediated (through the room); others ignored', () => {
  assert.deepEqual(parseInvitation(parseElement(`<message from='dad@x/pc'><x xmlns='${NS_CONFERENCE}' jid='K@G.x' reason='Join us' password='pw'/></message>`)), {
    room: 'k@g.x', from: 'dad@x', reason: 'Join us', password: 'pw',
  });
  assert.deepEqual(parseInvitation(parseElement(`<message from='k@g.x'><x xmlns='${NS_MUC_USER}'><invite from='dad@x/pc'><reason>Hey</reason></invite></x></message>`)), {
    room: 'k@g.x', from: 'dad@x', reason: 'Hey',
  });
  assert.equal(parseInvitation(parseElement(`<message from='dad@x/pc'><x xmlns='${NS_CONFERENCE}' jid='k@g.x/nick'/></message>`)), null);
  assert.equal(parseInvitation(parseElement(`<message from='k@g.x/Dad'><x xmlns='${NS_MUC_USER}'><invite from='dad@x'/></x></message>`)), null, 'mediated ones come from the room itself');
  assert.equal(parseInvitation(parseElement(`<message type='error' from='dad@x'><x xmlns='${NS_CONFERENCE}' jid='k@g.x'/></message>`)), null);
});

test('room configuration: a named, persistent, members-only, archived room', () => {
  const form = getChild(getChild(buildRoomConfig('k@g.x', { name: 'Kitchen', membersOnly: true }), 'query')!, 'x', 'jabber:x:data')!;
  const fields = Object.fromEntries(getChildren(form, 'field').map((field) => [field.attrs.var, getChildText(field, 'value')]));
  assert.deepEqual(fields, {
    FORM_TYPE: 'http://jabber.org/protocol/muc#roomconfig', 'muc#roomconfig_roomname': 'Kitchen', 'muc#roomconfig_persistentroom': '1',
    'muc#roomconfig_publicroom': '0', 'muc#roomconfig_membersonly': '1', 'muc#roomconfig_whois': 'anyone', 'muc#roomconfig_enablearchiving': '1',
  });
});

test('mentions: the nick as a word, any case, with or without @', () => {
  assert.equal(mentionsNick('Dinner is ready, Mum!', 'mum'), true);
  assert.equal(mentionsNick('@Mum look', 'Mum'), true);
  assert.equal(mentionsNick('Mummy look', 'Mum'), false);
  assert.equal(mentionsNick('summit', 'Mum'), false);
  assert.equal(mentionsNick('ask Ana (2) please', 'Ana (2)'), true, 'nicks with regex characters');
  assert.equal(mentionsNick('Élodie, viens', 'élodie'), true);
  assert.equal(mentionsNick('anything', ' '), false);
});

test('nick conflicts, room addresses from names, occupant JIDs', () => {
  assert.equal(alternativeNick('Mum', 1), 'Mum');
  assert.equal(alternativeNick('Mum', 3), 'Mum (3)');
  assert.equal(roomLocalpart('Family Dinner — Été!', 'a1b2c3'), 'family-dinner-ete-a1b2c3');
  assert.equal(roomLocalpart('家族', 'a1b2c3'), 'room-a1b2c3');
  assert.equal(occupantJid('k@g.x', 'Mum'), 'k@g.x/Mum');
});

test('room archive: query to the room, results only from that room and query, page end', () => {
  const query = buildMamQuery({ to: 'k@g.x', queryId: 'q1', before: '', max: 20 });
  assert.equal(query.attrs.to, 'k@g.x');
  const set = getChild(getChild(query, 'query', NS_MAM)!, 'set', 'http://jabber.org/protocol/rsm')!;
  assert.equal(getChildText(set, 'max'), '20');
  assert.equal(getChildText(set, 'before'), '', 'an empty <before/> asks for the newest page');
  const since = buildMamQuery({ to: 'k@g.x', queryId: 'q1', start: Date.UTC(2026, 0, 1), after: 'a9', max: 50 });
  const fields = getChildren(getChild(getChild(since, 'query', NS_MAM)!, 'x', 'jabber:x:data')!, 'field');
  assert.equal(getChildText(fields.find((field) => field.attrs.var === 'start')!, 'value'), '2026-01-01T00:00:00.000Z');
  const result = (from: string, queryId: string) => parseElement(`<message from='${from}'><result xmlns='${NS_MAM}' queryid='${queryId}' id='a1'>
    <forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05Z'/>
    <message type='groupchat' from='k@g.x/Dad'><body>old</body></message></forwarded></result></message>`);
  const fromRoom = (from: string | undefined) => from === 'k@g.x';
  const parsed = parseMamResult(result('k@g.x', 'q1'), 'q1', fromRoom);
  assert.equal(parsed?.archiveId, 'a1');
  assert.equal(parsed?.time, Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(parseRoomMessage(parsed!.message)?.body, 'old');
  assert.equal(parseMamResult(result('other@g.x', 'q1'), 'q1', fromRoom), undefined, 'another room');
  assert.equal(parseMamResult(result('k@g.x', 'q2'), 'q1', fromRoom), undefined, 'another query');
  assert.deepEqual(parseMamFin(parseElement(`<iq type='result'><fin xmlns='${NS_MAM}' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a1</first><last>a5</last></set></fin></iq>`)), {
    complete: true, first: 'a1', last: 'a5',
  });
});
