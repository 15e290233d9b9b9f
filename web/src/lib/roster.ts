// The contact list as the tab knows it: loaded with roster.get on every (re)connection and
// kept current by the roster and presence events. Screens subscribe and re-render.
//
// References: docs/protocol.md; src/linker/features/roster/events.ts and
// src/linker/features/presence/events.ts (the daemon's side of these methods and events).
import type { Connection } from './connection.js';
import { RpcError } from './connection.js';
import { profileOf } from './profiles.js';
import type { RosterContact, RosterEvents } from '../../../src/linker/features/roster/events.js';
import type { PresenceEvents, PresenceShow } from '../../../src/linker/features/presence/events.js';

export type RosterItem = RosterContact;
export type Show = PresenceShow;

/**
 * waiting: not connected yet · loading: roster.get in flight · failed: roster.get failed ·
 * stale: the daemon could not refresh it from the XMPP server (roster.sync-failed).
 */
export type RosterStatus =
  | { kind: 'waiting' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'failed'; error: RpcError }
  | { kind: 'stale'; message: string };

/** Who is most reachable comes first. */
const SHOW_RANK: Record<Show, number> = { chat: 0, online: 0, away: 1, xa: 2, dnd: 3, offline: 4 };

export function isOnline(item: RosterItem): boolean {
  return item.presence.show !== 'offline';
}

/** The name we gave them, else the one they gave themselves (their profile), else their address. */
export function displayName(item: RosterItem): string {
  return item.name?.trim() || profileOf(item.jid)?.name || item.jid;
}

/** Online first, then by availability, then by name in the UI language's order. */
export function sortContacts(items: Iterable<RosterItem>, collator: Intl.Collator): RosterItem[] {
  return [...items].sort(
    (a, b) =>
      SHOW_RANK[a.presence.show] - SHOW_RANK[b.presence.show] ||
      collator.compare(displayName(a), displayName(b)) ||
      a.jid.localeCompare(b.jid),
  );
}

/** Folds case and accents so "zoe" finds "Zoé". */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function matchesQuery(item: RosterItem, query: string): boolean {
  const key = searchKey(query.trim());
  if (key === '') return true;
  return searchKey(displayName(item)).includes(key) || searchKey(item.jid).includes(key) || item.groups.some((group) => searchKey(group).includes(key));
}

export class RosterStore {
  private readonly items = new Map<string, RosterItem>();
  private readonly listeners = new Set<() => void>();
  status: RosterStatus = { kind: 'waiting' };

  constructor(private readonly connection: Connection) {
    connection.onReady(() => void this.refetch());
    connection.on<RosterEvents['roster.list-replaced']>('roster.list-replaced', ({ items }) => this.replace(items));
    connection.on<RosterEvents['roster.item-updated']>('roster.item-updated', (item) => {
      this.items.set(item.jid, item);
      this.changed();
    });
    connection.on<RosterEvents['roster.item-removed']>('roster.item-removed', ({ jid }) => {
      if (this.items.delete(jid)) this.changed();
    });
    connection.on<RosterEvents['roster.sync-failed']>('roster.sync-failed', ({ message }) => {
      this.status = { kind: 'stale', message };
      this.changed();
    });
    connection.on<PresenceEvents['presence.contact-changed']>('presence.contact-changed', ({ jid, show, status }) => {
      const item = this.items.get(jid);
      if (!item) return;
      this.items.set(jid, { ...item, presence: { show, status } });
      this.changed();
    });
  }

  all(): IterableIterator<RosterItem> {
    return this.items.values();
  }

  get(jid: string): RosterItem | undefined {
    return this.items.get(jid);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Presence may have changed while the tab was disconnected, so a reconnection reloads everything. */
  async refetch(): Promise<void> {
    if (this.status.kind !== 'ready') {
      this.status = { kind: 'loading' };
      this.changed();
    }
    try {
      const { items } = await this.connection.request<{ items: RosterItem[] }>('roster.get');
      this.replace(items);
    } catch (error) {
      this.status = { kind: 'failed', error: error instanceof RpcError ? error : new RpcError('E_INTERNAL', String(error)) };
      this.changed();
    }
  }

  private replace(items: readonly RosterItem[]): void {
    this.items.clear();
    for (const item of items) this.items.set(item.jid, item);
    this.status = { kind: 'ready' };
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
