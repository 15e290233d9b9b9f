// Communities: the box's shared spaces. The list (follow / stop following, create one), and
// one community's page with its posts and a composer that posts there.
import { h, replaceChildren } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { routeHref } from '../../lib/router.js';
import type { FeedPost, FeedStore } from '../../lib/feed.js';
import type { Community } from '../../../../src/linker/features/communities/events.js';
import type { AppContext } from '../screen.js';
import { composer } from './composer.js';
import { postView, type PostContext } from './post.js';
import { failureText } from './refusals.js';

/** Route ids of the feed screen for one community: "c:<node>". */
export const COMMUNITY_ROUTE_PREFIX = 'c:';

export function communitiesView(context: AppContext): { element: HTMLElement; dispose(): void } {
  const list = h('ul', { class: 'community-list' });
  const status = h('p', { class: 'hint', role: 'status' });
  const name = h('input', { type: 'text', name: 'community', maxlength: 100, autocomplete: 'off', 'aria-label': t('communities.name'), placeholder: t('communities.name') });
  const create = h('form', { class: 'feed-composer-row community-create' }, name, h('button', { type: 'submit', class: 'button primary' }, t('communities.create')));

  const load = async (): Promise<void> => {
    const { communities } = await context.connection.request<{ communities: Community[] }>('communities.list');
    replaceChildren(
      list,
      communities.length === 0
        ? h('li', { class: 'hint' }, t('communities.none'))
        : communities.map((community) => {
            const toggle = h('button', { type: 'button', class: community.subscribed ? 'button' : 'button primary', 'aria-pressed': String(community.subscribed) }, community.subscribed ? t('communities.leave') : t('communities.follow'));
            toggle.addEventListener('click', () => {
              toggle.disabled = true;
              context.connection
                .request(community.subscribed ? 'communities.unsubscribe' : 'communities.subscribe', { node: community.node })
                .then(load)
                .catch((error: unknown) => (status.textContent = t('feed.actionFailed', { reason: (error as Error).message })))
                .finally(() => (toggle.disabled = false));
            });
            return h('li', { class: 'community' }, h('a', { href: routeHref('feed', `${COMMUNITY_ROUTE_PREFIX}${community.node}`) }, h('bdi', null, community.name)), toggle);
          }),
    );
  };
  create.addEventListener('submit', (event) => {
    event.preventDefault();
    if (name.value.trim() === '') return;
    context.connection
      .request('communities.create', { name: name.value.trim() })
      .then(() => {
        name.value = '';
        return load();
      })
      .catch((error: unknown) => (status.textContent = failureText(error)));
  });
  void load().catch((error: unknown) => (status.textContent = t('feed.loadFailed', { reason: (error as Error).message })));
  return { element: h('div', { class: 'communities' }, create, status, list), dispose: () => {} };
}

/** Owners let someone post here (XEP-0060 publisher affiliation); the server refuses others. */
function publisherForm(context: AppContext, node: string): HTMLElement {
  const address = h('input', { type: 'text', name: 'publisher', inputmode: 'email', autocomplete: 'off', 'aria-label': t('communities.publisherAddress'), placeholder: t('communities.publisherAddress') });
  const status = h('p', { class: 'hint', role: 'status' });
  const form = h('form', { class: 'feed-composer-row' }, address, h('button', { type: 'submit', class: 'button' }, t('communities.addPublisher')), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    context.connection
      .request('communities.set-affiliation', { node, jid: address.value.trim(), affiliation: 'publisher' })
      .then(() => {
        status.textContent = t('communities.publisherAdded', { jid: address.value.trim() });
        address.value = '';
      })
      .catch((error: unknown) => (status.textContent = t('feed.actionFailed', { reason: (error as Error).message })));
  });
  return form;
}

export function communityView(context: AppContext, feed: FeedStore, node: string): { element: HTMLElement; dispose(): void } {
  const posts = h('div', { class: 'posts' }, h('p', { class: 'hint' }, t('feed.loading')));
  const views: Array<HTMLElement & { dispose(): void }> = [];
  const postContext: PostContext = { jid: context.jid, feed, roster: context.roster, edit: () => {} };
  const draw = (list: readonly FeedPost[]): void => {
    for (const view of views.splice(0)) view.dispose();
    views.push(...list.map((post) => postView(postContext, post)));
    replaceChildren(posts, views.length > 0 ? views : h('p', { class: 'hint' }, t('feed.empty')));
  };
  const load = async (): Promise<void> => {
    const result = await context.connection.request<{ posts: FeedPost[] }>('communities.posts', { node });
    draw([...result.posts].sort((a, b) => b.published - a.published));
  };
  const write = composer(async (params) => {
    await context.connection.request('communities.publish', { ...params, node }, 30_000);
    await load();
  }, h('p', { class: 'hint feed-audience' }, t('communities.audience')));
  const stop = context.connection.on<FeedPost>('communities.post-published', (post) => {
    if (post.node === node) void load().catch(() => undefined);
  });
  void load().catch((error: unknown) => replaceChildren(posts, h('p', { class: 'hint' }, t('feed.loadFailed', { reason: (error as Error).message }))));
  return {
    element: h('div', { class: 'community-page' }, h('h3', null, h('bdi', null, node)), publisherForm(context, node), write.element, posts),
    dispose: () => {
      stop();
      for (const view of views) view.dispose();
    },
  };
}
