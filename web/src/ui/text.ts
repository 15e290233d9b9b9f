// Remote text on screen: names isolated for bidi (a right-to-left name cannot reorder the
// words around it), bodies linkified and clamped so a huge or zalgo-stacked text cannot push
// the layout around; "Show more" reveals the rest of a long one.
import { h } from '../lib/dom.js';
import { linkify } from '../lib/linkify.js';
import { t } from '../lib/i18n.js';

/** A name or address from the network, isolated from the surrounding text direction. */
export function remoteName(text: string, className = 'name'): HTMLElement {
  return h('bdi', { class: className }, text);
}

/** A body or status message: links made clickable, direction from its own first strong letter. */
export function remoteText(text: string, className = 'remote-text'): HTMLElement {
  const body = h('div', { class: `${className} clamped`, dir: 'auto' }, linkify(text));
  const toggle = h('button', { type: 'button', class: 'link-button', hidden: true, 'aria-expanded': 'false' }, t('text.showMore'));
  toggle.addEventListener('click', () => {
    const expanded = body.classList.toggle('expanded');
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = t(expanded ? 'text.showLess' : 'text.showMore');
  });
  // Whether it overflows is known only once laid out.
  requestAnimationFrame(() => {
    if (body.scrollHeight > body.clientHeight + 1) toggle.hidden = false;
  });
  return h('div', { class: 'remote-text-block' }, body, toggle);
}
