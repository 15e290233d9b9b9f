// Who reads your posts, said where you write them: your contacts or everyone. It is a
// setting of your whole feed (XEP-0060 access models are per node, see the microblog
// README), so changing it says so and applies to the posts already there.
import { h } from '../../lib/dom.js';
import { t, tn } from '../../lib/i18n.js';
import type { FeedStore, Visibility } from '../../lib/feed.js';
import { failureText } from './refusals.js';

export function visibilityControl(feed: FeedStore): { element: HTMLElement; dispose(): void } {
  const select = h(
    'select',
    { name: 'visibility', 'aria-label': t('feed.visibility'), disabled: true },
    h('option', { value: 'contacts' }, t('feed.visibilityContacts')),
    h('option', { value: 'public' }, t('feed.visibilityPublic')),
  ) as HTMLSelectElement;
  const explanation = h('span', { class: 'hint' });
  const status = h('span', { class: 'hint', role: 'status' });

  const draw = (): void => {
    const current = feed.visibility;
    select.disabled = current === null;
    if (current !== null) select.value = current;
    explanation.textContent = current === null ? t('feed.visibilityUnknown') : current === 'public' ? t('feed.visibilityPublicHint') : t('feed.visibilityContactsHint');
  };
  select.addEventListener('change', () => {
    const wanted = select.value as Visibility;
    select.disabled = true;
    status.textContent = '';
    feed
      .setVisibility(wanted)
      .then((failed) => (status.textContent = failed > 0 ? tn('feed.visibilityPartial', failed) : t('feed.visibilitySaved')))
      .catch((error: unknown) => (status.textContent = failureText(error)))
      .finally(draw);
  });
  const stop = feed.subscribe(draw);
  if (feed.visibility === null) void feed.watchVisibility().catch((error: unknown) => (status.textContent = failureText(error)));
  draw();
  return {
    element: h('p', { class: 'feed-audience' }, h('label', null, t('feed.visibility'), ' ', select), ' ', explanation, ' ', status),
    dispose: stop,
  };
}
