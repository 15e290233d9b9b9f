// Albums: the photos of each person's posts as a grid, you first, then your contacts.
import { h, replaceChildren } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import type { FeedPhoto, FeedStore, ItemAddress } from '../../lib/feed.js';
import { displayName } from '../../lib/roster.js';
import type { AppContext } from '../screen.js';
import { image } from './rich-text.js';

type AlbumPhoto = FeedPhoto & { post: ItemAddress; published: number };

export function albumsView(context: AppContext, feed: FeedStore): { element: HTMLElement; dispose(): void } {
  const element = h('div', { class: 'albums' }, h('p', { class: 'hint' }, t('feed.loading')));
  let disposed = false;
  const load = async (): Promise<void> => {
    const people = [context.jid, ...[...context.roster.all()].map((contact) => contact.jid)];
    const sections: HTMLElement[] = [];
    for (const jid of people) {
      const { photos } = await context.connection.request<{ photos: AlbumPhoto[] }>('microblog.album', { jid });
      if (photos.length === 0) continue;
      const contact = context.roster.get(jid);
      const name = jid === context.jid ? t('feed.you') : contact ? displayName(contact) : jid;
      sections.push(
        h('section', { class: 'album', 'aria-label': t('feed.albumOf', { name }) },
          h('h3', null, h('bdi', null, name)),
          h('div', { class: 'photo-grid' }, photos.map((photo) => image(photo.url, photo.name ?? ''))),
        ),
      );
    }
    if (disposed) return;
    replaceChildren(element, sections.length > 0 ? sections : h('p', { class: 'hint' }, t('feed.noPhotos')));
  };
  void load().catch((error: unknown) => replaceChildren(element, h('p', { class: 'hint' }, t('feed.loadFailed', { reason: (error as Error).message }))));
  const stop = feed.subscribe(() => void load().catch(() => undefined));
  return {
    element,
    dispose: () => {
      disposed = true;
      stop();
    },
  };
}
