// The number of contact requests waiting for an answer, on the Contacts tab, so one that
// arrives while the person is elsewhere in the app is seen. Screen readers hear it as part
// of the tab's name.
import { h } from '../lib/dom.js';
import { tn } from '../lib/i18n.js';
import type { AppContext } from './screen.js';

export function requestsBadge(context: AppContext): { element: HTMLElement; dispose(): void } {
  const count = h('span', { class: 'badge', 'aria-hidden': 'true' });
  const spoken = h('span', { class: 'visually-hidden' });
  const element = h('span', { class: 'badge-slot', hidden: true }, count, spoken);
  const render = (): void => {
    const waiting = context.requests.all().length;
    element.hidden = waiting === 0;
    count.textContent = waiting.toLocaleString();
    spoken.textContent = tn('contacts.requestsWaiting', waiting);
  };
  render();
  return { element, dispose: context.requests.subscribe(render) };
}
