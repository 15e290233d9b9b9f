// Bookmark events and methods in the browser protocol (docs/protocol.md), shared with web/.
// Room passwords stay in the daemon: tabs never see them.

export interface BookmarkView {
  jid: string;
  name: string | null;
  autojoin: boolean;
  nick: string | null;
}

export interface BookmarksEvents {
  /** The whole list after the session fetched it from the server. */
  'bookmarks.list-replaced': { items: BookmarkView[] };
  /** Added or changed, here or on another device. */
  'bookmarks.item-updated': BookmarkView;
  'bookmarks.item-removed': { jid: string };
  /** The server did not give the bookmarks; the cached ones stay. */
  'bookmarks.sync-failed': { message: string };
}

export interface BookmarksMethods {
  'bookmarks.list': { params: Record<string, never>; result: { items: BookmarkView[] } };
}
