// A placeholder avatar: the first letter of the name on a colour derived from the address,
// so each person keeps the same colour everywhere. Real avatars (XEP-0084) come later.
import { h } from '../lib/dom.js';

const PALETTE_SIZE = 8;

function hue(jid: string): number {
  let hash = 0;
  for (const character of jid) hash = (hash * 31 + character.codePointAt(0)!) >>> 0;
  return hash % PALETTE_SIZE;
}

export function avatar(name: string, size: 'small' | 'large' = 'small', jid = name): HTMLElement {
  // The first letter or digit: a name may open with a bidi control or a combining mark.
  const letter = /[\p{L}\p{N}]/u.exec(name)?.[0]?.toLocaleUpperCase() ?? '?';
  return h('span', { class: `avatar avatar-${size} avatar-hue-${hue(jid)}`, 'aria-hidden': 'true' }, letter);
}
