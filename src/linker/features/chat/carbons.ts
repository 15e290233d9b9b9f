// Message carbons: copies of what our other devices send and receive, so every device shows
// the same conversation. Enabled again on every new session (the server forgets it).
// References: XEP-0280 v1.0 §4 (enable), §6 (received/sent wrappers, forwarded per XEP-0297),
// §11 (security: a carbon is genuine only when it comes from our own bare JID).
import type { Element } from '../../../xml/element.js';
import { getChild, xml } from '../../../xml/element.js';
import { NS_FORWARD } from '../../namespaces.js';

export const NS_CARBONS = 'urn:xmpp:carbons:2';

export function buildEnableCarbons(): Element {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS_CARBONS }));
}

export type Carbon = { kind: 'sent' | 'received'; message: Element };

/**
 * The forwarded message of a carbon; undefined when `message` is no carbon, null when it is
 * one that did not come from our own account (a forgery, to be dropped).
 */
export function unwrapCarbon(message: Element, accountBare: string): Carbon | null | undefined {
  const wrapper = getChild(message, 'received', NS_CARBONS) ?? getChild(message, 'sent', NS_CARBONS);
  if (!wrapper) return undefined;
  if (message.attrs.from !== undefined && message.attrs.from !== accountBare) return null;
  const forwarded = getChild(wrapper, 'forwarded', NS_FORWARD);
  const inner = forwarded && getChild(forwarded, 'message');
  if (!inner) return null;
  return { kind: wrapper.name === 'sent' ? 'sent' : 'received', message: inner };
}
