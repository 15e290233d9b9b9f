// The contacts screen's short lists: requests to see our presence waiting for an answer
// (also those that came while no tab was open: accept, and they become a contact both ways,
// or refuse), and the addresses we blocked.
import { h, replaceChildren } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import type { SubscriptionRequest } from '../lib/people.js';
import { profileOf } from '../lib/profiles.js';
import { actionButton } from './action.js';
import { avatar } from './avatar.js';
import type { AppContext } from './screen.js';
import { remoteName } from './text.js';

function requestRow(context: AppContext, request: SubscriptionRequest, error: HTMLElement): HTMLElement {
  const name = profileOf(request.jid)?.name ?? request.nick ?? request.jid;
  const answer = (method: 'roster.accept' | 'roster.refuse') => () => context.connection.request(method, { jid: request.jid });
  return h(
    'li',
    { class: 'request', 'data-request': request.jid },
    avatar(name, 'small', request.jid),
    h('span', { class: 'row-text' }, remoteName(name), name !== request.jid ? remoteName(request.jid, 'row-sub jid') : null),
    h(
      'span',
      { class: 'request-actions' },
      actionButton(t('contacts.accept'), 'button primary', answer('roster.accept'), error, { 'aria-label': t('contacts.acceptWho', { name }) }),
      actionButton(t('contacts.refuse'), 'button', answer('roster.refuse'), error, { 'aria-label': t('contacts.refuseWho', { name }) }),
    ),
  );
}

/** A titled list shown only when it has rows, with one place for its actions' errors. */
function listSection<T>(id: string, title: string, items: () => T[], row: (item: T, error: HTMLElement) => HTMLElement): { element: HTMLElement; render(): void } {
  const list = h('ul', { class: 'rows', 'aria-labelledby': `${id}-title` });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const element = h('section', { class: id, hidden: true }, h('h3', { id: `${id}-title`, class: 'section-title' }, title), list, error);
  return {
    element,
    render() {
      const shown = items();
      element.hidden = shown.length === 0;
      replaceChildren(list, shown.map((item) => row(item, error)));
    },
  };
}

/** People waiting for an answer. */
export function requestsSection(context: AppContext) {
  return listSection('requests', t('contacts.requests'), () => context.requests.all(), (request, error) => requestRow(context, request, error));
}

/** Addresses we blocked, each with a way to unblock. */
export function blockedSection(context: AppContext) {
  return listSection('blocked', t('contacts.blocked'), () => context.blocklist.all(), (jid, error) => h(
    'li',
    { class: 'request' },
    h('span', { class: 'row-text' }, remoteName(jid, 'name jid')),
    actionButton(t('contacts.unblock'), 'button', () => context.connection.request('blocking.unblock', { jid }), error, { 'aria-label': t('contacts.unblockWho', { name: jid }) }),
  ));
}
