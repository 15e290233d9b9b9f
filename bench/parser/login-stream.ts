// The "login" stream: what a client receives in the first seconds after logging in to a
// busy account, as one inbound c2s stream after the post-SASL restart.
//
// References:
//   RFC 6120 §4 (streams), RFC 6121 §2 (roster) and §4 (presence)
//   XEP-0115 Entity Capabilities, XEP-0045 Multi-User Chat (§7.2 joining, §7.2.15 history)
//   XEP-0203 Delayed Delivery, XEP-0313 Message Archive Management, XEP-0297 Forwarding
//   XEP-0059 Result Set Management, XEP-0060 PubSub events, XEP-0277 Microblogging over XMPP
//   XEP-0054 vcard-temp, XEP-0084 User Avatar, XEP-0198 Stream Management, XEP-0071 XHTML-IM
import { createRandom, type Random } from './prng.js';
import { StreamWriter, type GeneratedStream } from './stream-writer.js';
import {
  base64, escapeAttr, escapeText, hex, id, localpart, personName, prose, stamp, words,
} from './xml-text.js';

const DOMAIN = 'family.example';
const MUC_DOMAIN = 'rooms.family.example';
const ME = `me@${DOMAIN}/foyer-Xq3v`;
const ROSTER_SIZE = 400;
const ROOMS = 50;
const MAM_MESSAGES = 2000;
const MAM_PAGE = 50;
const MICROBLOG_ENTRIES = 300;
const AVATARS = 6;
const CLIENT_NODES = [
  'https://conversations.im', 'https://gajim.org', 'https://dino.im', 'https://movim.eu',
  'http://psi-im.org', 'https://monal-im.org',
];

function contactJid(index: number): string {
  return `${localpart(index)}@${DOMAIN}`;
}

function caps(rng: Random): string {
  return `<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='${rng.pick(CLIENT_NODES)}'`
    + ` ver='${escapeAttr(base64(rng, 20))}'/>`;
}

function body(rng: Random, bytes: number): string {
  return `<body>${escapeText(prose(rng, bytes), rng)}</body>`;
}

function streamOpening(writer: StreamWriter, rng: Random): void {
  writer.stanza(
    "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
    + "<sm xmlns='urn:xmpp:sm:3'/><csi xmlns='urn:xmpp:csi:0'/>"
    + "<ver xmlns='urn:xmpp:features:rosterver'/></stream:features>",
  );
  writer.stanza(
    `<iq type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>`
    + `<jid>${ME}</jid></bind></iq>`,
  );
  writer.stanza(`<enabled xmlns='urn:xmpp:sm:3' id='${id(rng, 24)}' resume='true' max='600'/>`);
}

function roster(writer: StreamWriter, rng: Random): void {
  const items: string[] = [];
  for (let i = 0; i < ROSTER_SIZE; i += 1) {
    const groups = rng.chance(0.7) ? `<group>${escapeText(rng.pick(['Family', 'Famille', '家族', 'School & Friends', 'Work']))}</group>` : '';
    items.push(
      `<item jid='${contactJid(i)}' name='${escapeAttr(personName(rng))}'`
      + ` subscription='${rng.pick(['both', 'both', 'both', 'to', 'from'])}'>${groups}</item>`,
    );
  }
  writer.stanza(
    `<iq type='result' id='roster-1' to='${ME}'><query xmlns='jabber:iq:roster' ver='${id(rng, 12)}'>`
    + `${items.join('')}</query></iq>`,
  );
}

function contactPresences(writer: StreamWriter, rng: Random): void {
  for (let i = 0; i < ROSTER_SIZE; i += 1) {
    const show = rng.chance(0.5) ? `<show>${rng.pick(['away', 'chat', 'dnd', 'xa'])}</show>` : '';
    const status = rng.chance(0.6) ? `<status>${escapeText(words(rng, rng.between(2, 10)), rng)}</status>` : '';
    const delay = rng.chance(0.3)
      ? `<delay xmlns='urn:xmpp:delay' from='${DOMAIN}' stamp='${stamp(rng.int(5000))}'/>` : '';
    writer.stanza(
      `<presence from='${contactJid(i)}/${id(rng, 8)}' to='${ME}'>${show}${status}`
      + `<priority>${rng.int(50)}</priority>${caps(rng)}`
      + `<x xmlns='vcard-temp:x:update'><photo>${hex(rng, 40)}</photo></x>${delay}</presence>`,
    );
    if (rng.chance(0.05)) writer.keepalive();
  }
}

function mucJoin(writer: StreamWriter, rng: Random, room: number): void {
  const roomJid = `room${room}@${MUC_DOMAIN}`;
  const occupants = rng.between(10, 50);
  for (let o = 0; o < occupants; o += 1) {
    const contact = rng.int(ROSTER_SIZE);
    writer.stanza(
      `<presence from='${roomJid}/${escapeAttr(personName(rng))} ${o}' to='${ME}'>${caps(rng)}`
      + `<occupant-id xmlns='urn:xmpp:occupant-id:0' id='${escapeAttr(base64(rng, 32))}'/>`
      + `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='${rng.pick(['member', 'owner', 'admin', 'none'])}'`
      + ` role='${rng.pick(['participant', 'moderator', 'visitor'])}' jid='${contactJid(contact)}/${id(rng, 8)}'/></x>`
      + `<x xmlns='vcard-temp:x:update'><photo>${hex(rng, 40)}</photo></x></presence>`,
    );
  }
  writer.stanza(
    `<presence from='${roomJid}/me' to='${ME}'><x xmlns='http://jabber.org/protocol/muc#user'>`
    + `<item affiliation='member' role='participant' jid='${ME}'/><status code='110'/><status code='100'/></x></presence>`,
  );
  const history = rng.between(40, 80);
  for (let h = 0; h < history; h += 1) {
    const minutesAgo = (history - h) * 7;
    writer.stanza(
      `<message from='${roomJid}/${escapeAttr(personName(rng))}' to='${ME}' type='groupchat' id='${id(rng)}'>`
      + `${body(rng, rng.between(100, 3200))}`
      + `<stanza-id xmlns='urn:xmpp:sid:0' id='${id(rng, 22)}' by='${roomJid}'/>`
      + `<delay xmlns='urn:xmpp:delay' from='${roomJid}' stamp='${stamp(minutesAgo)}'/></message>`,
    );
  }
  writer.stanza(
    `<message from='${roomJid}' to='${ME}' type='groupchat' id='${id(rng)}'>`
    + `<subject>${escapeText(words(rng, 6), rng)}</subject></message>`,
  );
}

function xhtmlBody(rng: Random, bytes: number): string {
  return "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
    + `<p>${escapeText(prose(rng, bytes / 2), rng)}</p><p><strong>${escapeText(words(rng, 3), rng)}</strong> `
    + `${escapeText(prose(rng, bytes / 2), rng)}</p></body></html>`;
}

function archive(writer: StreamWriter, rng: Random): void {
  const queryId = id(rng, 10);
  for (let page = 0; page < MAM_MESSAGES / MAM_PAGE; page += 1) {
    const ids: string[] = [];
    for (let m = 0; m < MAM_PAGE; m += 1) {
      const archiveId = id(rng, 22);
      ids.push(archiveId);
      const peer = contactJid(rng.int(ROSTER_SIZE));
      const [from, to] = rng.chance(0.5) ? [peer, ME] : [ME, peer];
      const text = rng.between(500, 6000);
      const html = rng.chance(0.3) ? xhtmlBody(rng, text) : '';
      writer.stanza(
        `<message to='${ME}'><result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='${archiveId}'>`
        + `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='${stamp((MAM_MESSAGES - page * MAM_PAGE - m) * 3)}'/>`
        + `<message xmlns='jabber:client' from='${from}' to='${to}' type='chat' id='${id(rng)}'>`
        + `${body(rng, text)}${html}<origin-id xmlns='urn:xmpp:sid:0' id='${id(rng, 20)}'/>`
        + `<active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/>`
        + '</message></forwarded></result></message>',
      );
    }
    writer.stanza(
      `<iq type='result' id='mam-${page}' to='${ME}'><fin xmlns='urn:xmpp:mam:2'${page === MAM_MESSAGES / MAM_PAGE - 1 ? " complete='true'" : ''}>`
      + `<set xmlns='http://jabber.org/protocol/rsm'><first index='${page * MAM_PAGE}'>${ids[0]}</first>`
      + `<last>${ids[ids.length - 1]}</last><count>${MAM_MESSAGES}</count></set></fin></iq>`,
    );
  }
}

function microblog(writer: StreamWriter, rng: Random): void {
  for (let e = 0; e < MICROBLOG_ENTRIES; e += 1) {
    const author = contactJid(rng.int(ROSTER_SIZE));
    const itemId = id(rng, 20);
    const paragraphs: string[] = [];
    const count = rng.between(4, 40);
    for (let p = 0; p < count; p += 1) paragraphs.push(`<p>${escapeText(prose(rng, rng.between(200, 1200)), rng)}</p>`);
    const image = rng.chance(0.5)
      ? `<link rel='enclosure' type='image/jpeg' href='https://${DOMAIN}/upload/${id(rng, 30)}/photo.jpg'/>` : '';
    writer.stanza(
      `<message from='${author}' to='${ME}' type='headline' id='${id(rng)}'>`
      + `<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:microblog:0'>`
      + `<item id='${itemId}' publisher='${author}'><entry xmlns='http://www.w3.org/2005/Atom'>`
      + `<author><name>${escapeText(personName(rng))}</name><uri>xmpp:${author}</uri></author>`
      + `<title type='text'>${escapeText(words(rng, rng.between(3, 9)), rng)}</title>`
      + `<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>${paragraphs.join('')}</div></content>`
      + `<link rel='alternate' href='xmpp:${author}?;node=urn%3Axmpp%3Amicroblog%3A0;item=${itemId}'/>${image}`
      + `<category term='${escapeAttr(rng.pick(['famille', 'holiday', 'recipes', '料理', 'garden']))}'/>`
      + `<id>tag:${DOMAIN},2026:posts-${itemId}</id><published>${stamp(e * 60)}</published>`
      + `<updated>${stamp(e * 60)}</updated></entry></item></items></event>`
      + `<addresses xmlns='http://jabber.org/protocol/address'><address type='replyto' jid='${author}'/></addresses></message>`,
    );
  }
}

function avatars(writer: StreamWriter, rng: Random): void {
  for (let a = 0; a < AVATARS; a += 1) {
    const contact = contactJid(rng.int(ROSTER_SIZE));
    const imageBytes = rng.between(38_000, 75_000); // 50–100 KB once base64-encoded
    if (a % 2 === 0) {
      writer.stanza(
        `<iq type='result' from='${contact}' to='${ME}' id='vc-${a}'><vCard xmlns='vcard-temp'>`
        + `<FN>${escapeText(personName(rng))}</FN><NICKNAME>${escapeText(words(rng, 1))}</NICKNAME>`
        + `<PHOTO><TYPE>image/jpeg</TYPE><BINVAL>${base64(rng, imageBytes, true)}</BINVAL></PHOTO></vCard></iq>`,
      );
    } else {
      writer.stanza(
        `<iq type='result' from='${contact}' to='${ME}' id='av-${a}'><pubsub xmlns='http://jabber.org/protocol/pubsub'>`
        + `<items node='urn:xmpp:avatar:data'><item id='${hex(rng, 40)}'>`
        + `<data xmlns='urn:xmpp:avatar:data'>${base64(rng, imageBytes)}</data></item></items></pubsub></iq>`,
      );
    }
  }
}

export function generateLoginStream(seed = 1): GeneratedStream {
  const rng = createRandom(seed);
  const writer = new StreamWriter(DOMAIN, id(rng, 16));
  streamOpening(writer, rng);
  roster(writer, rng);
  contactPresences(writer, rng);
  for (let room = 0; room < ROOMS; room += 1) {
    mucJoin(writer, rng, room);
    if (room === ROOMS / 2) avatars(writer, rng);
  }
  archive(writer, rng);
  microblog(writer, rng);
  writer.stanza(`<a xmlns='urn:xmpp:sm:3' h='${writer.stanzaCount}'/>`);
  return writer.finish('login');
}
