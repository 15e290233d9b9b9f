// Builds the "heavy account" of issue 4's login benchmark on a throwaway Prosody, through
// plain XMPP (Foyer's linker with no features, so nothing here depends on what is measured):
// 400 contacts (20 of them real accounts with mutual subscriptions), 50 rooms bookmarked
// with autojoin and holding history, 2000 archived one-to-one messages and 200 microblog
// posts by the real contacts.
//
// References: RFC 6121 §2.3 (roster set), §3 (subscriptions); XEP-0045 §10.1 (instant rooms);
// XEP-0402 (PEP native bookmarks); XEP-0277 (microblogging); XEP-0060 §7.1.5 (publish-options).
import { Linker } from '../../src/linker/linker.js';
import { Ticker } from '../../src/linker/ticker.js';
import { xml, type Element } from '../../src/xml/element.js';
import { bareJid, parseJid } from '../../src/xml/jid.js';
import type { ProsodyServer } from '../../src/prosody/server.js';
import { componentDomains } from '../../src/prosody/config.js';

export const HEAVY = { contacts: 400, realContacts: 20, rooms: 50, roomMessages: 10, archivedMessages: 2000, posts: 200 } as const;

export interface HeavyAccount {
  jid: string;
  password: string;
}

const PUBSUB = 'http://jabber.org/protocol/pubsub';

function publishOptions(accessModel: string): Element {
  const field = (variable: string, value: string) => xml('field', { var: variable }, xml('value', {}, value));
  return xml('publish-options', {}, xml('x', { xmlns: 'jabber:x:data', type: 'submit' },
    field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options'),
    field('pubsub#persist_items', 'true'),
    field('pubsub#max_items', 'max'),
    field('pubsub#access_model', accessModel)));
}

function atomEntry(author: string, index: number): Element {
  const stamp = new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString();
  return xml('entry', { xmlns: 'http://www.w3.org/2005/Atom' },
    xml('title', { type: 'text' }, `Post ${index} by ${author}`),
    xml('content', { type: 'text' }, `Day ${index}: the garden, the dog, and a long walk by the river. `.repeat(3)),
    xml('author', {}, xml('name', {}, author), xml('uri', {}, `xmpp:${author}`)),
    xml('id', {}, `post-${index}`),
    xml('published', {}, stamp),
    xml('updated', {}, stamp));
}

async function session(prosody: ProsodyServer, ticker: Ticker, jid: string, password: string): Promise<Linker> {
  const linker = new Linker({
    jid, password, runtime: { ticker },
    server: { host: prosody.bindAddress, port: prosody.c2sPort, directTls: false },
    tls: { pinnedCertificate: prosody.certificatePem },
  });
  await linker.start();
  return linker;
}

/** A round trip: the server has handled everything sent before it. */
function settle(linker: Linker): Promise<Element> {
  return linker.iq(xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
}

/** Runs `work` over `items` at most `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map((item, offset) => work(item, i + offset)));
}

export async function populateHeavyAccount(prosody: ProsodyServer): Promise<HeavyAccount> {
  const ticker = new Ticker();
  const heavy = { jid: await prosody.createAccount('heavy', 'heavy-secret'), password: 'heavy-secret' };
  const peerJids = await prosody.createAccounts(Array.from({ length: HEAVY.realContacts }, (_, i) => ({ localpart: `kin${i}`, password: `kin-${i}` })));
  const main = await session(prosody, ticker, heavy.jid, heavy.password);
  const peers = await Promise.all(peerJids.map((jid, i) => session(prosody, ticker, jid, `kin-${i}`)));
  try {
    // Mutual subscriptions with the real contacts: everyone approves every request.
    for (const linker of [main, ...peers]) {
      linker.router.on('presence', (presence) => {
        if (presence.attrs.type !== 'subscribe' || !presence.attrs.from) return;
        linker.send(xml('presence', { to: bareJid(parseJid(presence.attrs.from)), type: 'subscribed' }));
        return true;
      });
      linker.send(xml('presence'));
    }
    for (const [i, peer] of peers.entries()) {
      main.send(xml('presence', { to: peerJids[i]!, type: 'subscribe' }));
      peer.send(xml('presence', { to: heavy.jid, type: 'subscribe' }));
    }
    await Promise.all([main, ...peers].map(settle));
    // The other 380 contacts are roster entries only (people on servers that are not running).
    const fakes = Array.from({ length: HEAVY.contacts - HEAVY.realContacts }, (_, i) => `friend${i}@elsewhere.example`);
    await inBatches(fakes, 50, (jid, i) => main.iq(xml('iq', { type: 'set' },
      xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid, name: `Friend ${i}` }, xml('group', {}, i % 2 ? 'School' : 'Family'))))));

    // 2000 archived messages, half each way, spread over the real contacts.
    const perPeer = HEAVY.archivedMessages / HEAVY.realContacts / 2;
    await inBatches(peers, 5, async (peer, i) => {
      for (let n = 0; n < perPeer; n++) {
        peer.send(xml('message', { to: heavy.jid, type: 'chat', id: `in-${i}-${n}` }, xml('body', {}, `Message ${n} from kin${i}`)));
        main.send(xml('message', { to: peerJids[i]!, type: 'chat', id: `out-${i}-${n}` }, xml('body', {}, `Answer ${n} to kin${i}`)));
      }
      await Promise.all([settle(peer), settle(main)]);
    });

    // 50 rooms with history, bookmarked with autojoin.
    const groups = componentDomains(prosody.domain).groups;
    await inBatches(Array.from({ length: HEAVY.rooms }, (_, i) => `family-room-${i}@${groups}`), 10, async (room, i) => {
      main.send(xml('presence', { to: `${room}/heavy` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
      await main.iq(xml('iq', { type: 'set', to: room }, xml('query', { xmlns: 'http://jabber.org/protocol/muc#owner' },
        xml('x', { xmlns: 'jabber:x:data', type: 'submit' }))));
      for (let n = 0; n < HEAVY.roomMessages; n++) {
        main.send(xml('message', { to: room, type: 'groupchat', id: `room-${i}-${n}` }, xml('body', {}, `Room ${i} message ${n}`)));
      }
      await main.iq(xml('iq', { type: 'set' }, xml('pubsub', { xmlns: PUBSUB },
        xml('publish', { node: 'urn:xmpp:bookmarks:1' }, xml('item', { id: room },
          xml('conference', { xmlns: 'urn:xmpp:bookmarks:1', autojoin: 'true', name: `Room ${i}` }, xml('nick', {}, 'heavy')))),
        publishOptions('whitelist'))));
    });

    // 200 microblog posts by the real contacts, visible to their contacts.
    const postsPerPeer = HEAVY.posts / HEAVY.realContacts;
    await inBatches(peers, 5, async (peer, i) => {
      for (let n = 0; n < postsPerPeer; n++) {
        await peer.iq(xml('iq', { type: 'set' }, xml('pubsub', { xmlns: PUBSUB },
          xml('publish', { node: 'urn:xmpp:microblog:0' }, xml('item', { id: `post-${n}` }, atomEntry(peerJids[i]!, n))),
          publishOptions('presence'))));
      }
    });
    await settle(main);
  } finally {
    await Promise.all([main, ...peers].map((linker) => linker.stop()));
  }
  return heavy;
}
