// A person's picture: their avatar (XEP-0084, served by the daemon from its blob store by
// hash) once known, over the first letter of their name on a colour derived from the
// address, so each person keeps the same colour everywhere and nothing jumps while the
// image loads. Every avatar on the page follows profile changes live.
import { h } from '../lib/dom.js';
import { onProfileChanged, profileOf } from '../lib/profiles.js';

const PALETTE_SIZE = 8;

function hue(jid: string): number {
  let hash = 0;
  for (const character of jid) hash = (hash * 31 + character.codePointAt(0)!) >>> 0;
  return hash % PALETTE_SIZE;
}

/** Puts the avatar image of `jid` in `element`, or takes it out when there is none. */
function paint(element: HTMLElement, jid: string): void {
  const hash = profileOf(jid)?.avatar ?? null;
  const current = element.querySelector('img');
  if (current?.dataset.hash === hash) return;
  current?.remove();
  if (hash === null) return;
  const image = document.createElement('img');
  image.alt = '';
  image.decoding = 'async';
  image.dataset.hash = hash;
  // Evicted from the box's cache meanwhile: the initials stay.
  image.addEventListener('error', () => image.remove());
  image.src = `/avatars/${hash}`;
  element.append(image);
}

onProfileChanged((jid) => {
  for (const element of document.querySelectorAll<HTMLElement>(`.avatar[data-avatar-jid="${CSS.escape(jid)}"]`)) paint(element, jid);
});

export function avatar(name: string, size: 'small' | 'large' = 'small', jid = name): HTMLElement {
  // The first letter or digit: a name may open with a bidi control or a combining mark.
  const letter = /[\p{L}\p{N}]/u.exec(name)?.[0]?.toLocaleUpperCase() ?? '?';
  const element = h('span', { class: `avatar avatar-${size} avatar-hue-${hue(jid)}`, 'aria-hidden': 'true', 'data-avatar-jid': jid }, letter);
  paint(element, jid);
  return element;
}
