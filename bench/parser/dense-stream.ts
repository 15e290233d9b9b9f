// The "dense" stream: a long-lived session's steady traffic, many small stanzas —
// chat messages, chat states, receipts, presence changes, stream-management acks and
// requests, iq results and pings — where per-stanza overhead dominates.
//
// References:
//   RFC 6120 §8 (stanzas), RFC 6121 §4–5 (presence, messages)
//   XEP-0198 Stream Management, XEP-0085 Chat State Notifications, XEP-0184 Receipts
//   XEP-0199 Ping, XEP-0115 Entity Capabilities, XEP-0359 Unique and Stable Stanza IDs
import { createRandom, type Random } from './prng.js';
import { StreamWriter, type GeneratedStream } from './stream-writer.js';
import { base64, escapeAttr, escapeText, id, localpart, words } from './xml-text.js';

const DOMAIN = 'family.example';
const ME = `me@${DOMAIN}/foyer-Xq3v`;
const TARGET_BYTES = 20_000_000;
const CONTACTS = 60;

function peer(rng: Random): string {
  return `${localpart(rng.int(CONTACTS))}@${DOMAIN}/${rng.pick(['phone', 'laptop', 'tablet'])}`;
}

function chatMessage(rng: Random): string {
  return `<message from='${peer(rng)}' to='${ME}' type='chat' id='${id(rng)}'>`
    + `<body>${escapeText(words(rng, rng.between(1, 14)), rng)}</body>`
    + "<active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/>"
    + `<stanza-id xmlns='urn:xmpp:sid:0' id='${id(rng, 22)}' by='me@${DOMAIN}'/></message>`;
}

function chatState(rng: Random): string {
  return `<message from='${peer(rng)}' to='${ME}' type='chat'>`
    + `<${rng.pick(['composing', 'paused', 'active', 'inactive'])} xmlns='http://jabber.org/protocol/chatstates'/></message>`;
}

function receipt(rng: Random): string {
  return `<message from='${peer(rng)}' to='${ME}' id='${id(rng)}'><received xmlns='urn:xmpp:receipts' id='${id(rng)}'/></message>`;
}

function presence(rng: Random): string {
  if (rng.chance(0.2)) return `<presence from='${peer(rng)}' to='${ME}' type='unavailable'/>`;
  const show = rng.chance(0.5) ? `<show>${rng.pick(['away', 'xa', 'dnd'])}</show>` : '';
  return `<presence from='${peer(rng)}' to='${ME}'>${show}`
    + `<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im'`
    + ` ver='${escapeAttr(base64(rng, 20))}'/></presence>`;
}

function iqResult(rng: Random): string {
  return rng.chance(0.5)
    ? `<iq type='result' id='${id(rng, 10)}' from='${DOMAIN}' to='${ME}'/>`
    : `<iq type='get' id='${id(rng, 10)}' from='${DOMAIN}' to='${ME}'><ping xmlns='urn:xmpp:ping'/></iq>`;
}

export function generateDenseStream(seed = 2): GeneratedStream {
  const rng = createRandom(seed);
  const writer = new StreamWriter(DOMAIN, id(rng, 16));
  let bytes = 0;
  let handled = 0;
  while (bytes < TARGET_BYTES) {
    const roll = rng.next();
    let xml: string;
    if (roll < 0.3) xml = chatMessage(rng);
    else if (roll < 0.45) xml = chatState(rng);
    else if (roll < 0.55) xml = receipt(rng);
    else if (roll < 0.72) xml = presence(rng);
    else if (roll < 0.82) xml = iqResult(rng);
    else if (roll < 0.92) xml = `<a xmlns='urn:xmpp:sm:3' h='${handled}'/>`;
    else xml = "<r xmlns='urn:xmpp:sm:3'/>";
    writer.stanza(xml);
    handled += 1;
    bytes += xml.length;
    if (rng.chance(0.01)) writer.keepalive();
  }
  return writer.finish('dense');
}
