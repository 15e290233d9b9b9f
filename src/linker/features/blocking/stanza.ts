// Blocking (XEP-0191): the blocklist request, block and unblock commands, and the pushes
// the server sends to every session of the account when the list changes.
// References: https://xmpp.org/extensions/xep-0191.html §3.2 (retrieve), §3.3 (block),
// §3.4 (unblock, without items: unblock all), §3.3/§3.4 pushes to all resources.
import type { Element } from '../../../xml/element.js';
import { getChild, getChildren, getFirstChild, localName, namespaceOf, xml } from '../../../xml/element.js';
import { formatJid, tryParseJid } from '../../../xml/jid.js';

export const NS_BLOCKING = 'urn:xmpp:blocking';

export function buildBlocklistGet(): Element {
  return xml('iq', { type: 'get' }, xml('blocklist', { xmlns: NS_BLOCKING }));
}

export function buildBlock(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('block', { xmlns: NS_BLOCKING }, xml('item', { jid })));
}

export function buildUnblock(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('unblock', { xmlns: NS_BLOCKING }, xml('item', { jid })));
}

/** The JIDs of the <item/> children, normalised; malformed ones are skipped. */
function itemJids(parent: Element): string[] {
  const jids = getChildren(parent, 'item').flatMap((item) => {
    const jid = tryParseJid(item.attrs.jid);
    return jid ? [formatJid(jid)] : [];
  });
  return [...new Set(jids)];
}

/** The blocked JIDs of a blocklist result. */
export function parseBlocklist(result: Element): string[] {
  const list = getChild(result, 'blocklist', NS_BLOCKING);
  return list ? itemJids(list) : [];
}

export type BlocklistPush =
  | { kind: 'blocked'; jids: string[] }
  | { kind: 'unblocked'; jids: string[] }
  | { kind: 'unblocked-all' };

/** A push's change to the list, or null for anything else. */
export function parseBlocklistPush(iq: Element): BlocklistPush | null {
  const payload = getFirstChild(iq);
  if (!payload || namespaceOf(payload) !== NS_BLOCKING) return null;
  const jids = itemJids(payload);
  switch (localName(payload)) {
    case 'block':
      return jids.length > 0 ? { kind: 'blocked', jids } : null;
    case 'unblock':
      return getChildren(payload, 'item').length === 0 ? { kind: 'unblocked-all' } : { kind: 'unblocked', jids };
    default:
      return null;
  }
}
