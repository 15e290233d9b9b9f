// The roster: parsing roster results and pushes, building roster requests.
// References: RFC 6121 §2 (https://www.rfc-editor.org/rfc/rfc6121#section-2): §2.1.2 item
// attributes, §2.1.6 roster push (accept only from the account itself), §2.2 get, §2.5 delete.
import type { Element } from '../../../xml/element.js';
import { getChild, getChildren, getText, xml } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import type { RosterItem } from '../../../cache/index.js';

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

export function buildRosterGet(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER }));
}
