// The contact list as the tab knows it: loaded with roster.get on every (re)connection and
// kept current by the roster and presence events. Screens subscribe and re-render.
//
// References: docs/protocol.md; CONTRACTS.md §4 (roster.get, roster.item-updated,
// roster.item-removed, presence.contact-changed).
import type { Connection } from './connection.js';
import { RpcError } from './connection.js';

export type Show = 'online' | 'away' | 'chat' | 'dnd' | 'xa' | 'offline';

export interface Presence {
  show: Show;
  status: string | null;
}

export interface RosterItem {
  jid: string;
  name: string | null;
  groups: string[];
  subscription: 'none' | 'to' | 'from' | 'both';
  ask: boolean;
  presence: Presence;
}

/** waiting: not connected yet, nothing to show · loading: roster.get in flight. */
export type RosterStatus = { kind: 'waiting' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: RpcError };

/** Who is most reachable comes first. */
const SHOW_RANK: Record<Show, number> = { chat: 0, online: 0, away: 1, xa: 2, dnd: 3, offline: 4 };

export function isOnline(item: RosterItem): boolean {
  return item.presence.show !== 'offline';
}

export function displayName(item: RosterItem): string {
  return item.name?.trim() || item.jid;
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
    connection.on<RosterItem>('roster.item-updated', (item) => {
      this.items.set(item.jid, item);
      this.changed();
    });
    connection.on<{ jid: string }>('roster.item-removed', ({ jid }) => {
      if (this.items.delete(jid)) this.changed();
    });
    connection.on<Presence & { jid: string }>('presence.contact-changed', ({ jid, show, status }) => {
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
      this.items.clear();
      for (const item of items) this.items.set(item.jid, item);
      this.status = { kind: 'ready' };
    } catch (error) {
      this.status = { kind: 'failed', error: error instanceof RpcError ? error : new RpcError('E_INTERNAL', String(error)) };
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
