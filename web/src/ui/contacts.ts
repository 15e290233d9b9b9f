// The contacts screen: adding by address, requests waiting for an answer, the roster with
// live presence (online people first, with a search box) and the blocked addresses;
// selecting one shows their details and actions in the content pane (a page of its own on
// phones).
import { h, replaceChildren } from '../lib/dom.js';
import { collator, currentLanguage, t, tn } from '../lib/i18n.js';
import { displayName, isOnline, matchesQuery, sortContacts, type RosterItem } from '../lib/roster.js';
import { routeHref } from '../lib/router.js';
import type { AppContext, Screen } from './screen.js';
import { onProfileChanged } from '../lib/profiles.js';
import { avatar } from './avatar.js';
import { contactActions } from './contact-actions.js';
import { addContactForm } from './contact-add.js';
import { blockedSection, requestsSection } from './contact-requests.js';
import { presenceBadge } from './presence.js';
import { remoteName, remoteText } from './text.js';

export function contactRow(item: RosterItem, selected: boolean): HTMLElement {
  const name = displayName(item);
  return h(
    'li',
    null,
    h(
      'a',
      { class: 'row', href: routeHref('contacts', item.jid), 'aria-current': selected ? 'true' : null, 'data-jid': item.jid },
      avatar(name, 'small', item.jid),
      h(
        'span',
        { class: 'row-text' },
        remoteName(name),
        h('span', { class: 'row-sub' }, presenceBadge(item.presence.show), item.presence.status ? h('bdi', { class: 'status-line' }, item.presence.status) : null),
      ),
    ),
  );
}

/** A contact's details; `actions` (block, remove) where the person can act on them. */
export function contactDetails(item: RosterItem, actions: HTMLElement | null = null): HTMLElement {
  const name = displayName(item);
  return h(
    'section',
    { class: 'page', 'aria-labelledby': 'detail-title' },
    h('div', { class: 'profile-card' },
      avatar(name, 'large', item.jid),
      h('div', null, h('h2', { id: 'detail-title', class: 'pane-title', tabindex: '-1' }, remoteName(name)), presenceBadge(item.presence.show)),
    ),
    h(
      'dl',
      { class: 'details' },
      h('dt', null, t('contacts.address')),
      h('dd', null, remoteName(item.jid, 'jid')),
      item.presence.status ? [h('dt', null, t('contacts.status')), h('dd', null, remoteText(item.presence.status))] : null,
      item.groups.length > 0 ? [h('dt', null, t('contacts.groups')), h('dd', null, item.groups.map((group) => h('bdi', { class: 'tag' }, group)))] : null,
    ),
    item.ask ? h('p', { class: 'notice' }, t('contacts.pending')) : null,
    actions,
    h('a', { class: 'button primary', href: routeHref('conversations', item.jid) }, t('conversations.startChat')),
  );
}

export const contactsScreen: Screen = (context: AppContext, route) => {
  const search = h('input', { id: 'contact-search', type: 'search', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search' });
  const summary = h('p', { class: 'muted summary', 'aria-live': 'polite' });
  const results = h('ul', { class: 'rows', 'aria-labelledby': 'pane-title' });
  const requests = requestsSection(context);
  const blocked = blockedSection(context);
  const list = h(
    'div',
    { class: 'list-screen' },
    h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('contacts.title')),
    addContactForm(context),
    requests.element,
    h('div', { class: 'search' }, h('label', { for: 'contact-search', class: 'visually-hidden' }, t('contacts.search')), search),
    summary,
    results,
    blocked.element,
  );
  search.placeholder = t('contacts.search');
  const content = h('div', { class: 'detail' });

  const renderList = (): void => {
    const { status } = context.roster;
    const all = [...context.roster.all()];
    if ((status.kind === 'waiting' || status.kind === 'loading') && all.length === 0) {
      replaceChildren(summary, t(status.kind === 'waiting' ? 'contacts.waiting' : 'contacts.loading'));
      replaceChildren(results);
      return;
    }
    if (status.kind === 'failed' && all.length === 0) {
      replaceChildren(summary, t('contacts.loadFailed', { reason: status.error.message }));
      replaceChildren(results);
      return;
    }
    const online = all.filter(isOnline).length;
    replaceChildren(
      summary,
      all.length === 0 ? t('contacts.empty') : tn('contacts.summary', online, { total: all.length.toLocaleString(currentLanguage()) }),
      status.kind === 'stale' ? h('span', { class: 'stale' }, t('contacts.stale', { reason: status.message })) : null,
    );
    const shown = sortContacts(all, collator()).filter((item) => matchesQuery(item, search.value));
    // Presence changes redraw the rows; a keyboard user on one keeps their place.
    const focused = document.activeElement instanceof HTMLElement && results.contains(document.activeElement) ? document.activeElement.dataset.jid : undefined;
    replaceChildren(
      results,
      shown.map((item) => contactRow(item, item.jid === route.id)),
      all.length > 0 && shown.length === 0 ? h('li', { class: 'muted empty-row' }, t('contacts.noMatch', { query: search.value.trim() })) : null,
    );
    if (focused) results.querySelector<HTMLElement>(`[data-jid="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  };

  /** The contact (or message) the details pane shows; redrawn only when it changes. */
  let detailsOf: RosterItem | string | null = null;

  const renderDetails = (): void => {
    const { status } = context.roster;
    const next =
      route.id === null ? t('contacts.noneSelected')
      : context.roster.get(route.id) ?? (status.kind === 'waiting' || status.kind === 'loading' ? t('contacts.loading') : t('contacts.notFound'));
    if (next === detailsOf) return;
    detailsOf = next;
    if (typeof next !== 'string') {
      // A redraw (blocked, renamed) keeps the keyboard on the action just used.
      const action = document.activeElement instanceof HTMLElement && content.contains(document.activeElement) ? document.activeElement.dataset.action : undefined;
      replaceChildren(content, contactDetails(next, contactActions(context, next)));
      if (action) content.querySelector<HTMLElement>(`[data-action="${action}"]`)?.focus();
      return;
    }
    replaceChildren(content, h('div', { class: 'placeholder' }, h('p', { class: 'muted' }, next)));
  };

  const render = (): void => {
    renderList();
    renderDetails();
  };
  /** Blocking and names change the details of the same roster item: draw them again. */
  const redrawAll = (): void => {
    detailsOf = null;
    requests.render();
    blocked.render();
    render();
  };
  search.addEventListener('input', renderList);
  const subscriptions = [
    context.roster.subscribe(render),
    context.requests.subscribe(requests.render),
    context.blocklist.subscribe(redrawAll),
    onProfileChanged(redrawAll),
  ];
  redrawAll();
  return { list, content, dispose: () => subscriptions.forEach((unsubscribe) => unsubscribe()) };
};
