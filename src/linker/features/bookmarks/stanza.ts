// PEP native bookmarks: the rooms a person is in, stored on their own server so that every
// device (and every Foyer session) joins the same rooms.
// References: XEP-0402 v1.2 §3 (<conference/> in an item whose id is the room JID), §3.2
// (publish-options: persist, whitelist, max items), §3.3 retrieve all, §3.4 retract,
// §3.5 notifications (+notify through XEP-0115); XEP-0060 §6.5 (items), §7.1 (publish),
// §7.2 (retract), §4.3 (event notifications); XEP-0004 (data forms).
import type { Element } from '../../../xml/element.js';
import { getChildText, localName, namespaceOf, xml } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import type { Bookmark } from '../../../cache/index.js';
import { NS_DATA_FORMS } from '../../namespaces.js';
import { buildRetract, NS_PUBSUB, parseItemsResult, parsePubsubEvent } from '../pubsub/stanza.js';

export const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1';
const PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';

/** Longest room name or nick kept from a bookmark; longer ones are cut. */
const MAX_TEXT_LENGTH = 200;

/** An item (id = the room JID, payload <conference/>); null when it is not a valid bookmark. */
export function parseBookmark(id: string | undefined, conference: Element | undefined): Bookmark | null {
  const jid = tryParseJid(id);
  if (!jid || jid.local === '' || jid.resource !== '' || !conference || localName(conference) !== 'conference' || namespaceOf(conference) !== NS_BOOKMARKS) return null;
  const bookmark: Bookmark = { jid: bareJid(jid), autojoin: conference.attrs.autojoin === 'true' || conference.attrs.autojoin === '1' };
  const name = conference.attrs.name?.trim();
  if (name) bookmark.name = name.slice(0, MAX_TEXT_LENGTH);
  const nick = getChildText(conference, 'nick')?.trim();
  if (nick) bookmark.nick = nick.slice(0, MAX_TEXT_LENGTH);
  const password = getChildText(conference, 'password');
  if (password) bookmark.password = password;
  return bookmark;
}

function validBookmarks(items: ReadonlyArray<{ id: string; payload: Element | undefined }>): Bookmark[] {
  return items.flatMap((item) => parseBookmark(item.id, item.payload) ?? []);
}

/** §3.3: all of them (the node holds few; no paging). */
export function buildBookmarksGet(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_BOOKMARKS })));
}

/** The bookmarks in an items result; an empty list when the node holds none. */
export function parseBookmarksResult(result: Element): Bookmark[] {
  const { node, items } = parseItemsResult(result);
  return node === NS_BOOKMARKS ? validBookmarks(items) : [];
}

function field(name: string, value: string, type?: string): Element {
  return xml('field', { var: name, type }, xml('value', null, value));
}

export function buildBookmarkPublish(bookmark: Bookmark): Element {
  return xml('iq', { type: 'set' },
    xml('pubsub', { xmlns: NS_PUBSUB },
      xml('publish', { node: NS_BOOKMARKS },
        xml('item', { id: bookmark.jid },
          xml('conference', { xmlns: NS_BOOKMARKS, name: bookmark.name, autojoin: bookmark.autojoin ? 'true' : 'false' },
            bookmark.nick !== undefined ? xml('nick', null, bookmark.nick) : null,
            bookmark.password !== undefined ? xml('password', null, bookmark.password) : null))),
      // §3.2: only the owner may read them, and the node keeps every item, not just the last.
      xml('publish-options', null,
        xml('x', { xmlns: NS_DATA_FORMS, type: 'submit' },
          field('FORM_TYPE', PUBLISH_OPTIONS, 'hidden'),
          field('pubsub#persist_items', 'true'),
          field('pubsub#max_items', 'max'),
          field('pubsub#send_last_published_item', 'never'),
          field('pubsub#access_model', 'whitelist')))));
}

/** §3.4, on our own PEP service. */
export function buildBookmarkRetract(accountBare: string, jid: string): Element {
  return buildRetract(accountBare, NS_BOOKMARKS, jid);
}

export interface BookmarksChange {
  updated: Bookmark[];
  /** Room JIDs whose bookmark was removed. */
  removed: string[];
  /** The whole node was emptied (purge or delete). */
  purged: boolean;
}

/**
 * A bookmarks notification; null for any other message or one not sent by our own account
 * (PEP notifications come from the owner's bare JID, §3.5; anyone else is spoofing).
 */
export function parseBookmarksEvent(message: Element, accountBare: string): BookmarksChange | null {
  const event = parsePubsubEvent(message);
  const from = tryParseJid(event?.service);
  if (!event || event.node !== NS_BOOKMARKS || !from || from.resource !== '' || bareJid(from) !== accountBare) return null;
  if (event.kind !== 'items') return { updated: [], removed: [], purged: true };
  return {
    updated: validBookmarks(event.items),
    removed: event.retracted.flatMap((id) => {
      const jid = tryParseJid(id);
      return jid && jid.local !== '' ? [bareJid(jid)] : [];
    }),
    purged: false,
  };
}
