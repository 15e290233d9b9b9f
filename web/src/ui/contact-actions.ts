// What one can do with a contact from their details: ask again to see their presence when
// they have not accepted, block or unblock them (XEP-0191: no messages or presence from them
// any more), and remove them, after a confirmation in the page (a remove cannot be undone:
// they would have to accept a new request).
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { displayName, type RosterItem } from '../lib/roster.js';
import { routeHref } from '../lib/router.js';
import { actionButton } from './action.js';
import type { AppContext } from './screen.js';

export function contactActions(context: AppContext, item: RosterItem): HTMLElement {
  const name = displayName(item);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const blocked = context.blocklist.has(item.jid);
  const block = actionButton(
    t(blocked ? 'contacts.unblock' : 'contacts.block'),
    'button',
    () => context.connection.request(blocked ? 'blocking.unblock' : 'blocking.block', { jid: item.jid }),
    error,
    { 'data-action': 'block' },
  );
  const remove = h('button', { type: 'button', class: 'button danger', 'data-action': 'remove' }, t('contacts.remove'));
  const cancel = h('button', { type: 'button', class: 'button' }, t('contacts.cancel'));
  const confirmRemove = actionButton(t('contacts.removeConfirm'), 'button danger', async () => {
    await context.connection.request('roster.remove', { jid: item.jid });
    location.hash = routeHref('contacts');
  }, error);
  const question = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': 'remove-question', hidden: true },
    h('p', { id: 'remove-question' }, t('contacts.removeQuestion', { name })),
    h('div', { class: 'actions' }, confirmRemove, cancel),
  );
  const asking = (yes: boolean): void => {
    question.hidden = !yes;
    remove.hidden = yes;
    (yes ? cancel : remove).focus();
  };
  remove.addEventListener('click', () => asking(true));
  cancel.addEventListener('click', () => asking(false));
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') asking(false);
  });
  // Refused, removed on their side, or an address that does not exist: they can be asked again.
  const unseen = !item.ask && (item.subscription === 'none' || item.subscription === 'from');
  const askAgain = unseen
    ? actionButton(t('contacts.askAgain'), 'button', () => context.connection.request('roster.add', { jid: item.jid }), error, { 'data-action': 'ask' })
    : null;
  return h(
    'div',
    { class: 'contact-actions' },
    blocked ? h('p', { class: 'notice' }, t('contacts.isBlocked')) : null,
    unseen && !blocked ? h('p', { class: 'notice' }, t('contacts.notShared')) : null,
    h('div', { class: 'actions' }, askAgain, block, remove),
    question,
    error,
  );
}
