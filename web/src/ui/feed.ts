// The family feed: the composer, then everyone's posts newest first, live, with older ones
// loading as the person scrolls down. #/feed/albums shows each person's photos as a grid.
import { h, replaceChildren } from '../lib/dom.js';
import { t, tn } from '../lib/i18n.js';
import { addressKey, FeedStore, type FeedPost } from '../lib/feed.js';
import { displayName } from '../lib/roster.js';
import { routeHref } from '../lib/router.js';
import type { AppContext, Screen } from './screen.js';
import { icon } from './icons.js';
import { composer } from './feed/composer.js';
import { visibilityControl } from './feed/visibility.js';
import { postView, type PostContext } from './feed/post.js';
import { albumsView } from './feed/albums.js';
import { COMMUNITY_ROUTE_PREFIX, communitiesView, communityView } from './feed/communities.js';

/** One store per tab, kept across visits to the screen so coming back is instant. */
let store: { connection: AppContext['connection']; feed: FeedStore } | null = null;

export function feedStoreOf(context: AppContext): FeedStore {
  if (store?.connection !== context.connection) {
    const feed = new FeedStore(context.connection);
    if (context.connection.state === 'online') void feed.refetch();
    store = { connection: context.connection, feed };
  }
  return store.feed;
}

type Section = 'feed' | 'albums' | 'communities';

function nav(current: Section): HTMLElement {
  const link = (id: string | null, label: string, active: boolean) => h('a', { class: 'button', href: routeHref('feed', id), 'aria-current': active ? 'page' : null }, label);
  return h(
    'nav',
    { class: 'feed-nav', 'aria-label': t('feed.sections') },
    link(null, t('feed.title'), current === 'feed'),
    link('albums', t('feed.albums'), current === 'albums'),
    link('communities', t('communities.title'), current === 'communities'),
  );
}

/** The albums and communities pages: a heading, the section links, the body. */
function subpage(title: string, current: Section, body: { element: HTMLElement; dispose(): void }) {
  return {
    list: null,
    content: h('section', { class: 'page feed-page', 'aria-labelledby': 'pane-title' }, h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, title), nav(current), body.element),
    dispose: body.dispose,
  };
}

export const feedScreen: Screen = (context, route) => {
  const feed = feedStoreOf(context);
  if (route.id === 'albums') return subpage(t('feed.albums'), 'albums', albumsView(context, feed));
  if (route.id === 'communities') return subpage(t('communities.title'), 'communities', communitiesView(context));
  if (route.id?.startsWith(COMMUNITY_ROUTE_PREFIX)) return subpage(t('communities.title'), 'communities', communityView(context, feed, route.id.slice(COMMUNITY_ROUTE_PREFIX.length)));

  const views = new Map<string, HTMLElement & { dispose(): void }>();
  const postContext: PostContext = { jid: context.jid, feed, roster: context.roster, edit: (post) => write.edit(post) };
  const audience = visibilityControl(feed);
  const write = composer((params) => feed.publish(params), audience.element);
  const list = h('div', { class: 'posts', 'aria-live': 'polite', 'aria-busy': 'false' });
  const notes = h('div', { class: 'feed-notes' });
  const sentinel = h('div', { class: 'feed-end', 'aria-hidden': 'true' });
  const endNote = h('p', { class: 'hint feed-end-note', hidden: true }, t('feed.end'));

  const viewOf = (post: FeedPost): HTMLElement & { dispose(): void } => {
    const key = addressKey(post);
    const existing = views.get(key);
    // A post changed (edited): its view is rebuilt; otherwise the same element stays (no flicker).
    if (existing && existing.dataset.updated === String(post.updated)) return existing;
    existing?.dispose();
    const view = postView(postContext, post);
    view.dataset.updated = String(post.updated);
    views.set(key, view);
    return view;
  };

  const draw = (): void => {
    const posts = feed.list();
    const shown = new Set(posts.map(addressKey));
    for (const [key, view] of views) {
      if (!shown.has(key)) {
        view.dispose();
        views.delete(key);
      }
    }
    list.setAttribute('aria-busy', String(feed.status.kind === 'loading'));
    if (posts.length === 0) {
      const message = feed.status.kind === 'failed' ? t('feed.loadFailed', { reason: feed.status.error.message }) : feed.status.kind === 'ready' ? t('feed.empty') : t('feed.loading');
      replaceChildren(list, h('div', { class: 'empty-state' }, icon('feed'), h('p', null, message)));
    } else {
      placeInOrder(list, posts.map(viewOf));
    }
    const notifications = feed.notifications.length;
    replaceChildren(
      notes,
      notifications > 0 ? h('p', { class: 'notice', role: 'status' }, tn('feed.notifications', notifications, { name: displayNameOf(context, feed.notifications.at(-1)!.comment.author.jid) })) : null,
      feed.skipped > 0 ? h('p', { class: 'hint' }, tn('feed.skipped', feed.skipped)) : null,
      feed.failedFeeds.length > 0 ? h('p', { class: 'hint' }, tn('feed.olderFailed', feed.failedFeeds.length, { names: feed.failedFeeds.map((jid) => displayNameOf(context, jid)).join(', ') })) : null,
    );
    endNote.hidden = !feed.atEnd;
  };

  const stop = feed.subscribe(draw);
  // Infinite scroll: when the end of the list comes near, the next page is asked for, and
  // again while the end stays in sight (a short page does not push it away). Posts only ever
  // join below the ones shown, or in their place by date, so the view does not jump.
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    void feed.loadOlder().then((more) => {
      if (!more) return;
      observer.unobserve(sentinel);
      observer.observe(sentinel); // observing again reports whether it is still in sight
    }, () => undefined);
  }, { rootMargin: '400px' });
  // The first page may come after the end was already in sight: ask again once it is there.
  const stopReady = feed.subscribe(() => {
    if (feed.status.kind !== 'ready') return;
    stopReady();
    observer.unobserve(sentinel);
    observer.observe(sentinel);
  });
  observer.observe(sentinel);
  draw();

  return {
    list: null,
    content: h(
      'section',
      { class: 'page feed-page', 'aria-labelledby': 'pane-title' },
      h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('feed.title')),
      nav('feed'),
      write.element,
      notes,
      list,
      sentinel,
      endNote,
    ),
    dispose: () => {
      stop();
      stopReady();
      audience.dispose();
      observer.disconnect();
      for (const view of views.values()) view.dispose();
    },
  };
};

/**
 * Puts `views` in `list` in this order, moving only those out of place: a post being read or
 * commented on stays where it is (re-inserting it would drop the focus of its comment box and
 * could move the page under the reader), and older posts join at the end.
 */
function placeInOrder(list: HTMLElement, views: readonly HTMLElement[]): void {
  const wanted = new Set<Node>(views);
  for (const child of [...list.children]) if (!wanted.has(child)) child.remove();
  views.forEach((view, index) => {
    const current = list.children[index];
    if (current !== view) list.insertBefore(view, current ?? null);
  });
}

function displayNameOf(context: AppContext, jid: string): string {
  const contact = context.roster.get(jid);
  return contact ? displayName(contact) : jid;
}
