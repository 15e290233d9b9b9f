// Who is in a room, with their role (XEP-0045 §5.1) and standing (§5.2) in words: colour or
// order alone never says who moderates.
import { h } from '../../lib/dom.js';
import { collator, t } from '../../lib/i18n.js';
import { sortOccupants, type Occupant } from '../../lib/rooms.js';
import { avatar } from '../avatar.js';
import { remoteName } from '../text.js';

function standing(occupant: Occupant): string | null {
  if (occupant.affiliation === 'owner') return t('rooms.affiliationOwner');
  if (occupant.affiliation === 'admin') return t('rooms.affiliationAdmin');
  if (occupant.role === 'moderator') return t('rooms.roleModerator');
  if (occupant.role === 'visitor') return t('rooms.roleVisitor');
  return null;
}

export function occupantList(occupants: readonly Occupant[], ownNick: string): HTMLElement {
  return h(
    'ul',
    { class: 'rows occupants', 'aria-label': t('rooms.occupants') },
    sortOccupants(occupants, collator()).map((occupant) => {
      const label = standing(occupant);
      return h(
        'li',
        { class: 'occupant', 'data-nick': occupant.nick, 'data-role': occupant.role, 'data-affiliation': occupant.affiliation },
        avatar(occupant.nick, 'small', occupant.jid ?? occupant.nick),
        h('span', { class: 'row-text' },
          h('span', null, remoteName(occupant.nick), occupant.nick === ownNick ? h('span', { class: 'muted' }, ` (${t('rooms.you')})`) : null),
          label ? h('span', { class: 'row-sub' }, label) : null),
      );
    }),
  );
}
