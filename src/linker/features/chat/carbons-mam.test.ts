import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize } from '../../../xml/index.js';
import { buildEnableCarbons, unwrapCarbon } from './carbons.js';
import { buildMamQuery, orderedTimes, parseMamFin, parseMamResult } from '../mam/stanza.js';

const me = 'mum@family.example';

test('carbons: enabled with one iq; unwrapped only from our own bare JID', () => {
  assert.equal(serialize(buildEnableCarbons()), '<iq type="set"><enable xmlns="urn:xmpp:carbons:2"/></iq>');
  const carbon = (from: string, kind: string) => parseElement(`<message from='${from}' to='${me}/foyer'><${kind} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message from='${me}/phone' to='dad@family.example' type='chat'><body>hi</body></message></forwarded></${kind}></message>`);
  const sent = unwrapCarbon(carbon(me, 'sent'), me);
  assert.equal(sent?.kind, 'sent');
  assert.equal(sent?.message.attrs.to, 'dad@family.example');
  assert.equal(unwrapCarbon(carbon(me, 'received'), me)?.kind, 'received');
  assert.equal(unwrapCarbon(carbon('dad@family.example', 'sent'), me), null, 'a forged carbon');
  assert.equal(unwrapCarbon(carbon(`${me}/phone`, 'sent'), me), null, 'carbons come from the bare JID');
  assert.equal(unwrapCarbon(parseElement(`<message from='${me}'><sent xmlns='urn:xmpp:carbons:2'/></message>`), me), null, 'nothing forwarded');
  assert.equal(unwrapCarbon(parseElement(`<message from='dad@family.example'><body>x</body></message>`), me), undefined, 'not a carbon');
});

test('MAM queries: filters as a data form, paging as RSM', () => {
  assert.equal(serialize(buildMamQuery({ queryId: 'q1', with: 'dad@family.example', before: 'A5', max: 30 })),
    '<iq type="set"><query xmlns="urn:xmpp:mam:2" queryid="q1"><x xmlns="jabber:x:data" type="submit">'
    + '<field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field><field var="with"><value>dad@family.example</value></field></x>'
    + '<set xmlns="http://jabber.org/protocol/rsm"><max>30</max><before>A5</before></set></query></iq>');
  const newest = serialize(buildMamQuery({ queryId: 'q2', before: '', end: Date.UTC(2026, 10, 25, 12), max: 10 }));
  assert.match(newest, /<field var="end"><value>2026-11-25T12:00:00.000Z<\/value><\/field>/);
  assert.match(newest, /<before\/><\/set>/, 'an empty <before/> asks for the last page');
  assert.match(serialize(buildMamQuery({ queryId: 'q3', after: 'A9', max: 100 })), /<after>A9<\/after>/);
});

test('MAM results: ours only, for our query only, with the archive time', () => {
  const result = (from: string | null, queryId: string) => parseElement(`<message${from ? ` from='${from}'` : ''} to='${me}/foyer'><result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='A7'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-11-25T09:30:00Z'/><message from='dad@family.example/a' to='${me}' type='chat'><body>hello</body></message></forwarded></result></message>`);
  const fromOwnArchive = (from: string | undefined) => from === undefined || from === me;
  const parsed = parseMamResult(result(me, 'q1'), 'q1', fromOwnArchive);
  assert.equal(parsed?.archiveId, 'A7');
  assert.equal(parsed?.time, Date.parse('2026-11-25T09:30:00Z'));
  assert.equal(parsed?.message.attrs.from, 'dad@family.example/a');
  assert.ok(parseMamResult(result(null, 'q1'), 'q1', fromOwnArchive), 'from our own server (no from)');
  assert.equal(parseMamResult(result('dad@family.example', 'q1'), 'q1', fromOwnArchive), undefined, 'from someone else: forged');
  assert.equal(parseMamResult(result(me, 'other'), 'q1', fromOwnArchive), undefined, 'another query');
  const fin = parseMamFin(parseElement(`<iq type='result'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>A1</first><last>A7</last></set></fin></iq>`));
  assert.deepEqual(fin, { complete: true, first: 'A1', last: 'A7' });
  assert.deepEqual(parseMamFin(parseElement(`<iq type='result'/>`)), { complete: false, first: undefined, last: undefined });
});

test('archived messages keep archive order within a second, beside what is already kept', () => {
  assert.deepEqual(orderedTimes([{ time: 5000 }, { time: 5000 }, { time: 5000 }, { time: 9000 }], { after: 0 }), [5000, 5001, 5002, 9000]);
  assert.deepEqual(orderedTimes([{ time: 5000 }, { time: 6000 }], { after: 5700 }), [5701, 6000], 'caught up after a live message of the same second');
  assert.deepEqual(orderedTimes([{ time: 5000 }, { time: 5000 }, { time: 5000 }], { before: 5001 }), [4998, 4999, 5000], 'a history page before the oldest kept');
  assert.deepEqual(orderedTimes([{ time: 1000 }, { time: 5000 }], { before: 9000 }), [1000, 5000]);
  assert.deepEqual(orderedTimes([], { after: 10 }), []);
});
