// Profiles over PEP: the avatar (XEP-0084: metadata announced to contacts, image bytes in a
// second node under their SHA-1), the vCard4 name (XEP-0292) and the user nickname
// (XEP-0172), as notifications arrive (XEP-0163 +notify) and as we publish ours.
// References: https://xmpp.org/extensions/xep-0084.html (§4.1 data, §4.2 metadata and info,
// §4.2 an empty <metadata/> disables the avatar, §4.3 fetching data by item id);
// https://xmpp.org/extensions/xep-0292.html (§2 vcard4 node, item id "current");
// https://xmpp.org/extensions/xep-0172.html (§4.5 nick in PEP);
// https://xmpp.org/extensions/xep-0060.html §6.5 (items by id), §7.1 (publish).
import type { Element } from '../../../xml/element.js';
import { getChild, getChildren, getChildText, getIntegerAttr, getText, xml } from '../../../xml/element.js';
import { NS_NICK } from '../../namespaces.js';
import { NS_PUBSUB, NS_PUBSUB_EVENT } from '../pubsub/stanza.js';

export const NS_AVATAR_DATA = 'urn:xmpp:avatar:data';
export const NS_AVATAR_METADATA = 'urn:xmpp:avatar:metadata';
export const NS_VCARD4_NODE = 'urn:xmpp:vcard4';
export const NS_VCARD4 = 'urn:ietf:params:xml:ns:vcard-4.0';

/** Raster types a browser shows safely from our origin (never SVG: it can carry script). */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];
export const isAvatarType = (type: string | undefined): type is AvatarType => (AVATAR_TYPES as readonly string[]).includes(type ?? '');

/** A longer name is cut: it is shown in one line. */
export const MAX_NAME_LENGTH = 100;

export interface AvatarInfo {
  /** SHA-1 of the image bytes, 40 lowercase hex digits: the data item's id. */
  hash: string;
  type: AvatarType;
  bytes: number;
  width?: number;
  height?: number;
}

const SHA1_HEX = /^[0-9a-f]{40}$/;

/**
 * The avatar a <metadata/> announces: null when it disables the avatar (no <info/>), else
 * the first <info/> we can show (PNG first) that is published in PEP rather than at a URL;
 * undefined when none is usable.
 */
export function parseAvatarMetadata(metadata: Element): AvatarInfo | null | undefined {
  const infos = getChildren(metadata, 'info');
  if (infos.length === 0) return null;
  const usable = infos.flatMap((info): AvatarInfo[] => {
    const hash = info.attrs.id?.toLowerCase();
    const type = info.attrs.type;
    const bytes = getIntegerAttr(info, 'bytes');
    if (!hash || !SHA1_HEX.test(hash) || !isAvatarType(type) || bytes === undefined || info.attrs.url !== undefined) return [];
    const parsed: AvatarInfo = { hash, type, bytes };
    const width = getIntegerAttr(info, 'width');
    const height = getIntegerAttr(info, 'height');
    if (width !== undefined) parsed.width = width;
    if (height !== undefined) parsed.height = height;
    return [parsed];
  });
  return usable.find((info) => info.type === 'image/png') ?? usable[0];
}

/** One PEP notification: which node, and the payloads of its items (none when retracted or purged). */
export interface PepNotification {
  node: string;
  payloads: Element[];
}

/** The first payload of each <item/>. */
function itemPayloads(items: Element): Element[] {
  return getChildren(items, 'item').flatMap((item) => getChildren(item).slice(0, 1));
}

/** The node and item payloads of a pubsub event message, or null when it carries none. */
export function parsePepNotification(message: Element): PepNotification | null {
  const event = getChild(message, 'event', NS_PUBSUB_EVENT);
  const change = event && (getChild(event, 'items') ?? getChild(event, 'purge'));
  if (!change || change.attrs.node === undefined) return null;
  return { node: change.attrs.node, payloads: change.name === 'items' ? itemPayloads(change) : [] };
}

/** The payloads of a pubsub items result (XEP-0060 §6.5), newest first as the server sends them. */
export function parseItemsResult(result: Element): Element[] {
  const pubsub = getChild(result, 'pubsub', NS_PUBSUB);
  const items = pubsub && getChild(pubsub, 'items');
  return items ? itemPayloads(items) : [];
}

/** Asks `jid`'s PEP for the last item (or the one with `itemId`) of `node`; no `to` asks our own. */
export function buildItemsGet(jid: string | undefined, node: string, itemId?: string): Element {
  return xml(
    'iq',
    { type: 'get', to: jid },
    xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', itemId ? { node } : { node, max_items: 1 }, itemId ? xml('item', { id: itemId }) : null)),
  );
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (whitespace ignored) of at most `maxBytes` bytes; null otherwise or when empty. */
export function decodeBase64(text: string, maxBytes: number): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0 || (compact.length / 4) * 3 > maxBytes + 2) return null;
  const data = Buffer.from(compact, 'base64');
  return data.length > 0 && data.length <= maxBytes ? data : null;
}

/** The image bytes of an avatar data payload; null when it is not base64 or larger than `maxBytes`. */
export function parseAvatarData(payload: Element, maxBytes: number): Buffer | null {
  if (payload.name !== 'data' || payload.attrs.xmlns !== NS_AVATAR_DATA) return null;
  return decodeBase64(getText(payload), maxBytes);
}

function buildPublish(node: string, itemId: string, payload: Element): Element {
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('publish', { node }, xml('item', { id: itemId }, payload))));
}

/** The image bytes, published first so that contacts told about it can fetch it (§4.1). */
export function buildAvatarDataPublish(hash: string, data: Uint8Array): Element {
  return buildPublish(NS_AVATAR_DATA, hash, xml('data', { xmlns: NS_AVATAR_DATA }, Buffer.from(data).toString('base64')));
}

/** The announcement contacts are notified of; null disables the avatar (§4.2). */
export function buildAvatarMetadataPublish(info: AvatarInfo | null): Element {
  const metadata = xml(
    'metadata',
    { xmlns: NS_AVATAR_METADATA },
    info ? xml('info', { id: info.hash, type: info.type, bytes: info.bytes, width: info.width, height: info.height }) : null,
  );
  return buildPublish(NS_AVATAR_METADATA, info ? info.hash : 'current', metadata);
}

function vcardText(vcard: Element, property: string): string | null {
  const element = getChild(vcard, property, NS_VCARD4);
  const text = element && getChildText(element, 'text');
  return text?.trim().slice(0, MAX_NAME_LENGTH) || null;
}

/** The name a vCard4 gives: its formatted name, else its nickname. */
export function parseVcardName(vcard: Element): string | null {
  if (vcard.name !== 'vcard' || vcard.attrs.xmlns !== NS_VCARD4) return null;
  return vcardText(vcard, 'fn') ?? vcardText(vcard, 'nickname');
}

/** A XEP-0172 <nick/>. */
export function parseNick(nick: Element): string | null {
  if (nick.name !== 'nick' || nick.attrs.xmlns !== NS_NICK) return null;
  return getText(nick).trim().slice(0, MAX_NAME_LENGTH) || null;
}

/**
 * Our vCard4 with `name` as formatted name and nickname; the other properties of `current`
 * (set by another client) are kept, since publishing replaces the whole item.
 */
export function buildVcardPublish(current: Element | undefined, name: string): Element {
  const kept = current ? getChildren(current).filter((child) => child.name !== 'fn' && child.name !== 'nickname') : [];
  const vcard = xml('vcard', { xmlns: NS_VCARD4 }, xml('fn', null, xml('text', null, name)), xml('nickname', null, xml('text', null, name)), kept);
  return buildPublish(NS_VCARD4_NODE, 'current', vcard);
}

export function buildNickPublish(name: string): Element {
  return buildPublish(NS_NICK, 'current', xml('nick', { xmlns: NS_NICK }, name));
}
