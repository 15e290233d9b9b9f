// The group chats as the tab knows them: the rooms and pending invitations (muc.rooms on every
// (re)connection, kept current by muc.* events), and the messages of the rooms opened in this
// tab (muc.history pages, then live ones). One store per connection, shared by the screens,
// so a mention is noticed whichever screen is showing.
//
// References: docs/protocol.md (Group chats); src/linker/features/muc/events.ts.
import type { Connection } from './connection.js';
import type {
  MucEvents, MucMethods, Occupant, PendingInvitation, RoomMessage, RoomView,
} from '../../../src/linker/features/muc/events.js';

export type { Occupant, PendingInvitation, RoomMessage, RoomView };

/** What a room is called on screen: its name, else the local part of its address. */
export function roomTitle(room: Pick<RoomView, 'jid' | 'name'>): string {
  return room.name?.trim() || room.jid.split('@')[0]!;
}

/** Moderators first, then by affiliation, then by nick. */
const ROLE_RANK: Record<Occupant['role'], number> = { moderator: 0, participant: 1, visitor: 2, none: 3 };
const AFFILIATION_RANK: Record<Occupant['affiliation'], number> = { owner: 0, admin: 1, member: 2, none: 3, outcast: 4 };

export function sortOccupants(occupants: readonly Occupant[], collator: Intl.Collator): Occupant[] {
  return [...occupants].sort((a, b) =>
    ROLE_RANK[a.role] - ROLE_RANK[b.role] || AFFILIATION_RANK[a.affiliation] - AFFILIATION_RANK[b.affiliation] || collator.compare(a.nick, b.nick));
}

interface Timeline {
  messages: RoomMessage[];
  /** The room's archive has nothing older. */
  complete: boolean;
  loading: Promise<void> | null;
}

const PAGE = 30;

/** Keeps a conversation's messages in time order with each message once. */
function insertMessage(messages: RoomMessage[], message: RoomMessage): boolean {
  if (messages.some((known) => known.id === message.id)) return false;
  let index = messages.length;
  while (index > 0 && messages[index - 1]!.time > message.time) index--;
  messages.splice(index, 0, message);
  return true;
}

export class RoomStore {
  private readonly rooms = new Map<string, RoomView>();
  private readonly invitations = new Map<string, PendingInvitation>();
  private readonly timelines = new Map<string, Timeline>();
  private readonly listeners = new Set<() => void>();
  private readonly mentionListeners = new Set<(message: RoomMessage) => void>();
  /** Mentions not seen yet, per room (cleared when the room is opened). */
  private readonly unseenMentions = new Map<string, number>();
  /** The newest message each room was marked read at, so it is marked once per message. */
  private readonly readUpTo = new Map<string, string>();
  loaded = false;

  constructor(private readonly connection: Connection) {
    connection.onReady(() => void this.refetch());
    connection.on<MucEvents['muc.room-updated']>('muc.room-updated', (room) => {
      this.rooms.set(room.jid, room);
      this.changed();
    });
    connection.on<MucEvents['muc.room-left']>('muc.room-left', ({ room, reason }) => {
      if (reason === 'left' || reason === 'join-failed' || reason === 'destroyed' || reason === 'banned' || reason === 'removed') this.rooms.delete(room);
      else this.update(room, (view) => ({ ...view, state: 'left', occupants: [] }));
      this.changed();
    });
    connection.on<MucEvents['muc.occupant-updated']>('muc.occupant-updated', ({ room, occupant }) => {
      this.update(room, (view) => ({ ...view, occupants: [...view.occupants.filter((known) => known.nick !== occupant.nick), occupant] }));
    });
    connection.on<MucEvents['muc.occupant-left']>('muc.occupant-left', ({ room, nick }) => {
      this.update(room, (view) => ({ ...view, occupants: view.occupants.filter((known) => known.nick !== nick) }));
    });
    connection.on<MucEvents['muc.occupant-renamed']>('muc.occupant-renamed', ({ room, nick, newNick }) => {
      this.update(room, (view) => ({ ...view, occupants: view.occupants.map((known) => (known.nick === nick ? { ...known, nick: newNick } : known)) }));
    });
    connection.on<MucEvents['muc.subject-changed']>('muc.subject-changed', ({ room, subject }) => {
      this.update(room, (view) => ({ ...view, subject }));
    });
    connection.on<MucEvents['muc.message-received']>('muc.message-received', (message) => {
      const timeline = this.timelines.get(message.peer);
      if (timeline && insertMessage(timeline.messages, message)) this.changed();
    });
    connection.on<MucEvents['muc.mentioned']>('muc.mentioned', (message) => {
      this.unseenMentions.set(message.peer, (this.unseenMentions.get(message.peer) ?? 0) + 1);
      for (const listener of this.mentionListeners) listener(message);
      this.changed();
    });
    connection.on<MucEvents['muc.invitation-received']>('muc.invitation-received', (invitation) => {
      this.invitations.set(invitation.room, invitation);
      this.changed();
    });
    if (connection.state === 'online') void this.refetch();
  }

  all(): RoomView[] {
    return [...this.rooms.values()];
  }

  get(jid: string): RoomView | undefined {
    return this.rooms.get(jid);
  }

  pendingInvitations(): PendingInvitation[] {
    return [...this.invitations.values()];
  }

  mentionsIn(room: string): number {
    return this.unseenMentions.get(room) ?? 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onMention(listener: (message: RoomMessage) => void): () => void {
    this.mentionListeners.add(listener);
    return () => this.mentionListeners.delete(listener);
  }

  async refetch(): Promise<void> {
    const { rooms, invitations } = await this.connection.request<MucMethods['muc.rooms']['result']>('muc.rooms');
    this.rooms.clear();
    for (const room of rooms) this.rooms.set(room.jid, room);
    this.invitations.clear();
    for (const invitation of invitations) this.invitations.set(invitation.room, invitation);
    this.loaded = true;
    // Live messages may have been missed while disconnected: reload the open rooms' newest page.
    for (const room of this.timelines.keys()) this.timelines.delete(room);
    this.changed();
  }

  /** The messages shown for a room; the newest page is fetched the first time. */
  messages(room: string): { messages: readonly RoomMessage[]; complete: boolean; loading: boolean } {
    let timeline = this.timelines.get(room);
    if (!timeline) {
      timeline = { messages: [], complete: false, loading: null };
      this.timelines.set(room, timeline);
      void this.loadOlder(room);
    }
    return { messages: timeline.messages, complete: timeline.complete, loading: timeline.loading !== null };
  }

  /** Fetches the page before the oldest message shown. */
  loadOlder(room: string): Promise<void> {
    const timeline = this.timelines.get(room);
    if (!timeline || timeline.complete) return Promise.resolve();
    timeline.loading ??= (async () => {
      const oldest = timeline.messages[0];
      const params: MucMethods['muc.history']['params'] = { room, limit: PAGE, ...(oldest && { before: { time: oldest.time, id: oldest.id } }) };
      try {
        const page = await this.connection.request<MucMethods['muc.history']['result']>('muc.history', params);
        for (const message of page.messages) insertMessage(timeline.messages, message);
        timeline.complete = page.complete || page.messages.length === 0;
      } finally {
        timeline.loading = null;
        this.changed();
      }
    })();
    this.changed();
    return timeline.loading;
  }

  /** The room is on screen: its mentions are seen, and its messages read on every device. */
  markSeen(room: string): void {
    const newest = this.timelines.get(room)?.messages.at(-1);
    if (newest && newest.id !== this.readUpTo.get(room)) {
      this.readUpTo.set(room, newest.id);
      this.connection.request('muc.mark-read', { room }).catch(() => {
        // Offline: the unread count stays until the room is opened again.
      });
    }
    if (this.unseenMentions.delete(room)) this.changed();
  }

  create(name: string): Promise<RoomView> {
    return this.connection.request<RoomView>('muc.create', { name });
  }

  async join(room: string): Promise<RoomView> {
    const view = await this.connection.request<RoomView>('muc.join', { room });
    this.invitations.delete(room);
    this.rooms.set(view.jid, view);
    this.changed();
    return view;
  }

  async decline(room: string): Promise<void> {
    await this.connection.request('muc.decline', { room });
    this.invitations.delete(room);
    this.changed();
  }

  async leave(room: string): Promise<void> {
    await this.connection.request('muc.leave', { room });
    this.rooms.delete(room);
    this.timelines.delete(room);
    this.changed();
  }

  send(room: string, body: string): Promise<{ id: string }> {
    return this.connection.request('muc.send', { room, body });
  }

  invite(room: string, jid: string): Promise<void> {
    return this.connection.request('muc.invite', { room, jid });
  }

  private update(jid: string, change: (view: RoomView) => RoomView): void {
    const view = this.rooms.get(jid);
    if (!view) return;
    this.rooms.set(jid, change(view));
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const stores = new WeakMap<Connection, RoomStore>();

/** The one room store of a connection (created on first use). */
export function roomStoreFor(connection: Connection): RoomStore {
  let store = stores.get(connection);
  if (!store) {
    store = new RoomStore(connection);
    stores.set(connection, store);
  }
  return store;
}
