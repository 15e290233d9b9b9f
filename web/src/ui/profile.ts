// Your own profile. Name and avatar editing arrive with the profile feature.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import type { Screen } from './screen.js';
import { avatar } from './avatar.js';
import { remoteName } from './text.js';

export const profileScreen: Screen = (context) => ({
  list: null,
  content: h(
    'section',
    { class: 'page', 'aria-labelledby': 'pane-title' },
    h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('profile.title')),
    h(
      'div',
      { class: 'profile-card' },
      avatar(context.jid, 'large'),
      h('dl', { class: 'details' }, h('dt', null, t('profile.address')), h('dd', null, remoteName(context.jid, 'jid'))),
    ),
  ),
  dispose: () => {},
});
