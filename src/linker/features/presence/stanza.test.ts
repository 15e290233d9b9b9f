import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../../native/expat-stream/index.js';
import { parseAvailability, summarise, type ResourcePresence } from './stanza.js';

const parse = (xml: string) => parseAvailability(parseElement(xml));

test('availability: show, status, priority; unavailable per device or for all; others ignored', () => {
  assert.deepEqual(parse(`<presence from='Bob@X/phone'><show>dnd</show><status> Driving </status><priority>5</priority></presence>`), {
    kind: 'available', bare: 'bob@x', resource: 'phone', presence: { show: 'dnd', status: 'Driving', priority: 5 },
  });
  assert.deepEqual(parse(`<presence from='bob@x/pc'><show>sleeping</show><priority>9999</priority></presence>`), {
    kind: 'available', bare: 'bob@x', resource: 'pc', presence: { show: 'online', status: null, priority: 0 },
  }, 'unknown show is plain online; an out-of-range priority is ignored');
  assert.deepEqual(parse(`<presence from='bob@x/pc' type='unavailable'/>`), { kind: 'unavailable', bare: 'bob@x', resource: 'pc' });
  assert.deepEqual(parse(`<presence from='bob@x' type='unavailable'/>`), { kind: 'unavailable', bare: 'bob@x', resource: undefined });
  assert.equal(parse(`<presence from='bob@x' type='subscribe'/>`), null);
  assert.equal(parse(`<presence type='error' from='bob@x'/>`), null);
  assert.equal(parse(`<presence/>`), null);
  const long = parse(`<presence from='bob@x/pc'><status>${'a'.repeat(5000)}</status></presence>`);
  assert.equal(long?.kind === 'available' && long.presence.status?.length, 500);
});

test('a contact shows as their highest-priority device, the most available on a tie', () => {
  const devices = (...list: Array<[string, ResourcePresence]>) => new Map(list);
  assert.deepEqual(summarise(undefined), { show: 'offline', status: null });
  assert.deepEqual(summarise(devices()), { show: 'offline', status: null });
  assert.deepEqual(
    summarise(devices(['phone', { show: 'away', status: 'out', priority: 0 }], ['pc', { show: 'dnd', status: 'work', priority: 10 }])),
    { show: 'dnd', status: 'work' },
  );
  assert.deepEqual(
    summarise(devices(['phone', { show: 'xa', status: null, priority: 1 }], ['pc', { show: 'online', status: null, priority: 1 }])),
    { show: 'online', status: null },
  );
});
