// The family feed. Posts arrive with the microblog feature; until then it shows its empty state.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import type { Screen } from './screen.js';
import { icon } from './icons.js';

export const feedScreen: Screen = () => ({
  list: null,
  content: h(
    'section',
    { class: 'page', 'aria-labelledby': 'pane-title' },
    h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('feed.title')),
    h('div', { class: 'empty-state' }, icon('feed'), h('p', null, t('feed.empty'))),
  ),
  dispose: () => {},
});
