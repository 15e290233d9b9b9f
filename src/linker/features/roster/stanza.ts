// The roster: parsing roster results and pushes, building roster requests.
// Subscription presences: asking to see a contact's presence, approving or refusing theirs.
// References: RFC 6121 §2 (https://www.rfc-editor.org/rfc/rfc6121#section-2): §2.1.2 item
// attributes, §2.1.6 roster push (accept only from the account itself), §2.2 get, §2.4 add,
// §2.5 delete; RFC 6121 §3 (subscription requests: §3.1 request, §3.2 cancel, §3.3
// unsubscribe); XEP-0172 §4.2 (a nickname in a subscription request); roster versioning:
// RFC 6121 §2.6 (§2.6.1 the stream feature, §2.6.2 'ver' in requests, §2.6.3 the empty
// result when nothing changed and 'ver' in pushes), XEP-0237.
import type { Element } from '../../../xml/element.js';
import { getChild, getChildText, getChildren, getText, xml } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import type { RosterItem } from '../../../cache/index.js';
import { NS_NICK } from '../../namespaces.js';

export const NS_ROSTER = 'jabber:iq:roster';

const SUBSCRIPTIONS = new Set<RosterItem['subscription']>(['none', 'to', 'from', 'both']);

/** One <item/>; null for an item a conforming server would not send (bad JID, unknown state). */
export function parseRosterItem(item: Element): RosterItem | { jid: string; removed: true } | null {
  const jid = tryParseJid(item.attrs.jid);
  if (!jid || jid.resource !== '') return null;
  const bare = bareJid(jid);
  if (item.attrs.subscription === 'remove') return { jid: bare, removed: true };
  const subscription = (item.attrs.subscription ?? 'none') as RosterItem['subscription'];
  if (!SUBSCRIPTIONS.has(subscription)) return null;
  const groups = [...new Set(getChildren(item, 'group').map(getText).map((name) => name.trim()).filter(Boolean))];
  const record: RosterItem = { jid: bare, subscription, groups };
  const name = item.attrs.name?.trim();
  if (name) record.name = name;
  if (item.attrs.ask === 'subscribe') record.ask = 'subscribe';
  return record;
}

export const NS_ROSTER_VERSIONING = 'urn:xmpp:features:rosterver';

/** Whether the server offered roster versioning among its stream features (§2.6.1). */
export function offersRosterVersioning(streamFeatures: Element): boolean {
  return getChild(streamFeatures, 'ver', NS_ROSTER_VERSIONING) !== undefined;
}

/**
 * A roster result: 'unchanged' when the server answered a versioned request with an empty
 * result (§2.6.3: the cached roster is current; changes since come as pushes), else the
 * whole roster and its version (undefined without versioning).
 */
export function parseRosterAnswer(result: Element): 'unchanged' | { items: RosterItem[]; version: string | undefined } {
  const query = getChild(result, 'query', NS_ROSTER);
  if (!query) return 'unchanged';
  return { items: parseRosterResult(result), version: query.attrs.ver };
}

/** The items of a roster result (a full roster), skipping malformed ones. */
export function parseRosterResult(result: Element): RosterItem[] {
  const query = getChild(result, 'query', NS_ROSTER);
  if (!query) return [];
  return getChildren(query, 'item').flatMap((item) => {
    const parsed = parseRosterItem(item);
    return parsed && !('removed' in parsed) ? [parsed] : [];
  });
}

/** A roster push is only genuine from our own account (§2.1.6); anything else is spoofing. */
export function isTrustedPush(iq: Element, accountBareJid: string): boolean {
  const from = iq.attrs.from;
  if (from === undefined) return true;
  const parsed = tryParseJid(from);
  return parsed !== undefined && bareJid(parsed) === accountBareJid;
}

/**
 * A roster request. With `version` (the cached roster's, or '' for none: §2.6.2), the server
 * may answer that nothing changed; without it, the server always sends the whole roster.
 */
export function buildRosterGet(version?: string): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER, ver: version }));
}

/** Adds or updates a contact (§2.4); the server answers with a push of the new item. */
export function buildRosterSet(jid: string, name: string | null): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS_ROSTER }, xml('item', { jid, name })));
}

/** Removes a contact (§2.5): the server also cancels the subscriptions both ways. */
export function buildRosterRemove(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS_ROSTER }, xml('item', { jid, subscription: 'remove' })));
}


export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';
const SUBSCRIPTION_TYPES = new Set<string>(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed']);

/** subscribe: ask to see their presence (with our nickname); subscribed/unsubscribed: approve/refuse theirs. */
export function buildSubscription(to: string, type: SubscriptionType, nick?: string | null): Element {
  return xml('presence', { to, type }, type === 'subscribe' && nick ? xml('nick', { xmlns: NS_NICK }, nick) : null);
}

/** A longer nickname is cut: it is a name shown in one line. */
const MAX_NICK_LENGTH = 100;

/** A subscription presence from a contact's bare JID, with the nickname they sent (XEP-0172). */
export function parseSubscription(presence: Element): { type: SubscriptionType; jid: string; nick: string | null } | null {
  const type = presence.attrs.type;
  if (type === undefined || !SUBSCRIPTION_TYPES.has(type)) return null;
  const from = tryParseJid(presence.attrs.from);
  if (!from || from.local === '') return null;
  const nick = getChildText(presence, 'nick', NS_NICK)?.trim().slice(0, MAX_NICK_LENGTH) || null;
  return { type: type as SubscriptionType, jid: bareJid(from), nick };
}
