// Client-side routes in the URL hash (#/contacts/mum%40home.example), so the daemon serves
// only "/" and a reload or a bookmark reopens the same screen.

export const SCREENS = ['conversations', 'feed', 'contacts', 'profile', 'settings'] as const;
export type ScreenName = (typeof SCREENS)[number];

export interface Route {
  screen: ScreenName;
  /** The selected item on screens with a list (a contact's JID), else null. */
  id: string | null;
}

export function parseRoute(hash: string): Route {
  const [screen, id] = hash.replace(/^#\/?/, '').split('/', 2);
  const known = (SCREENS as readonly string[]).includes(screen ?? '') ? (screen as ScreenName) : 'conversations';
  let selected: string | null = null;
  if (id) {
    try {
      selected = decodeURIComponent(id);
    } catch {
      selected = null; // a hand-edited URL with a broken escape
    }
  }
  return { screen: known, id: selected };
}

export function routeHref(screen: ScreenName, id: string | null = null): string {
  return id === null ? `#/${screen}` : `#/${screen}/${encodeURIComponent(id)}`;
}

export function currentRoute(): Route {
  return parseRoute(location.hash);
}
