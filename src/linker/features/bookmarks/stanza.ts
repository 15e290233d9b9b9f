// PEP native bookmarks: the rooms a person is in, stored on their own server so that every
// device (and every Foyer session) joins the same rooms.
// References: XEP-0402 v1.2 §3 (<conference/> in an item whose id is the room JID), §3.2
// (publish-options: persist, whitelist, max items), §3.3 retrieve all, §3.4 retract,
// §3.5 notifications (+notify through XEP-0115); XEP-0060 §6.5 (items), §7.1 (publish),
// §7.2 (retract), §4.3 (event notifications); XEP-0004 (data forms).
import type { Element } from '../../../xml/element.js';
import { getChild, getChildren, getChildText, xml } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import type { Bookmark } from '../../../cache/index.js';

export const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1';
export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
const NS_DATA_FORMS = 'jabber:x:data';
const PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';

/** Longest room name or nick kept from a bookmark; longer ones are cut. */
const MAX_TEXT_LENGTH = 200;

/** One <item id='room@service'><conference/></item>; null when it is not a valid bookmark. */
export function parseBookmarkItem(item: Element): Bookmark | null {
  const jid = tryParseJid(item.attrs.id);
  const conference = getChild(item, 'conference', NS_BOOKMARKS);
  if (!jid || jid.local === '' || jid.resource !== '' || !conference) return null;
  const bookmark: Bookmark = { jid: bareJid(jid), autojoin: conference.attrs.autojoin === 'true' || conference.attrs.autojoin === '1' };
  const name = conference.attrs.name?.trim();
  if (name) bookmark.name = name.slice(0, MAX_TEXT_LENGTH);
  const nick = getChildText(conference, 'nick')?.trim();
  if (nick) bookmark.nick = nick.slice(0, MAX_TEXT_LENGTH);
  const password = getChildText(conference, 'password');
  if (password) bookmark.password = password;
  return bookmark;
}

function itemsOf(parent: Element | undefined): Bookmark[] {
  return parent ? getChildren(parent, 'item').flatMap((item) => parseBookmarkItem(item) ?? []) : [];
}

export function buildBookmarksGet(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_BOOKMARKS })));
}

/** The bookmarks in an items result; an empty list when the node holds none. */
export function parseBookmarksResult(result: Element): Bookmark[] {
  const pubsub = getChild(result, 'pubsub', NS_PUBSUB);
  const items = pubsub && getChild(pubsub, 'items');
  return items?.attrs.node === NS_BOOKMARKS ? itemsOf(items) : [];
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

export function buildBookmarkRetract(jid: string): Element {
  return xml('iq', { type: 'set' },
    xml('pubsub', { xmlns: NS_PUBSUB },
      xml('retract', { node: NS_BOOKMARKS, notify: 'true' }, xml('item', { id: jid }))));
}

export interface BookmarksChange {
  updated: Bookmark[];
  /** Room JIDs whose bookmark was removed. */
  removed: string[];
  /** The whole node was emptied (purge). */
  purged: boolean;
}

/**
 * A bookmarks notification; null for any other message or one not sent by our own account
 * (PEP notifications come from the owner's bare JID, §3.5; anyone else is spoofing).
 */
export function parseBookmarksEvent(message: Element, accountBare: string): BookmarksChange | null {
  const event = getChild(message, 'event', NS_PUBSUB_EVENT);
  if (!event) return null;
  const from = message.attrs.from === undefined ? undefined : tryParseJid(message.attrs.from);
  if (message.attrs.from !== undefined && (!from || from.resource !== '' || bareJid(from) !== accountBare)) return null;
  const items = getChild(event, 'items');
  if (items?.attrs.node === NS_BOOKMARKS) {
    return {
      updated: itemsOf(items),
      removed: getChildren(items, 'retract').flatMap((retract) => {
        const jid = tryParseJid(retract.attrs.id);
        return jid && jid.local !== '' ? [bareJid(jid)] : [];
      }),
      purged: false,
    };
  }
  const purge = getChild(event, 'purge');
  if (purge?.attrs.node === NS_BOOKMARKS) return { updated: [], removed: [], purged: true };
  return null;
}
