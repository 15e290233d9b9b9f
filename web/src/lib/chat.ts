// One-to-one chats as the tab knows them: the conversation list (chat.conversations on every
// (re)connection, kept current by events), the loaded pages of each open conversation, who
// is typing, and messages typed while this tab cannot reach the box (kept in localStorage and
// sent when it is back; the box then keeps them in its own outbox until the server has them).
//
// References: docs/protocol.md (Chat); src/linker/features/chat/events.ts.
import type { Connection } from './connection.js';
import { RpcError } from './connection.js';
import {
  MESSAGE_STATE_RANK,
  type Attachment, type ChatEvents, type ChatMessage, type ChatMethods, type Conversation, type HistoryCursor, type TypingState,
} from '../../../src/linker/features/chat/events.js';

export type { ChatMessage, Conversation };

/** A message typed while the tab was offline, not yet handed to the box. */
export interface LocalMessage {
  localId: string;
  peer: string;
  body: string;
  time: number;
}

export type ThreadChange = 'older' | 'newer' | 'update';

const PAGE = 30;

/** Messages in conversation order: time, then id (as the daemon's cache orders them). */
export function compareMessages(a: Pick<ChatMessage, 'time' | 'id'>, b: Pick<ChatMessage, 'time' | 'id'>): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The loaded part of one conversation, oldest first. */
export class Thread {
  messages: ChatMessage[] = [];
  /** Nothing older exists (the archive was read to its start). */
  complete = false;
  loadingOlder = false;
  loaded = false;
  error: RpcError | null = null;
  private readonly listeners = new Set<(change: ThreadChange) => void>();

  constructor(
    readonly peer: string,
    private readonly connection: Connection,
  ) {}

  subscribe(listener: (change: ThreadChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The newest page (again after a reconnection: the box may have caught up meanwhile). */
  async loadNewest(): Promise<void> {
    try {
      const { messages, complete } = await this.connection.request<{ messages: ChatMessage[]; complete: boolean }>('chat.history', { peer: this.peer, limit: PAGE });
      const isFirst = !this.loaded;
      this.loaded = true;
      this.error = null;
      if (isFirst) this.complete = complete;
      for (const message of messages) this.upsert(message, false);
      this.changed('newer');
    } catch (error) {
      this.error = asRpcError(error);
      this.changed('update');
    }
  }

  /** The page before the oldest loaded message; from the archive when the box's cache ran out. */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder || this.complete || !this.loaded) return;
    const oldest = this.messages[0];
    const before: HistoryCursor | undefined = oldest && { time: oldest.time, id: oldest.id };
    this.loadingOlder = true;
    this.changed('update');
    try {
      const { messages, complete } = await this.connection.request<{ messages: ChatMessage[]; complete: boolean }>('chat.history', { peer: this.peer, limit: PAGE, ...(before ? { before } : {}) }, 60_000);
      this.complete = complete || messages.length === 0;
      this.error = null;
      for (const message of messages) this.upsert(message, false);
      this.loadingOlder = false;
      this.changed('older');
    } catch (error) {
      this.loadingOlder = false;
      this.error = asRpcError(error);
      this.changed('update');
    }
  }

  /** Adds or replaces a message, keeping conversation order. */
  upsert(message: ChatMessage, notify = true): void {
    const index = this.messages.findIndex((known) => known.id === message.id);
    if (index >= 0) {
      this.messages[index] = keepingProgress(message, this.messages[index]!);
      if (notify) this.changed('update');
      return;
    }
    const isNewest = this.messages.length === 0 || compareMessages(message, this.messages.at(-1)!) > 0;
    this.messages.push(message);
    if (!isNewest) this.messages.sort(compareMessages);
    if (notify) this.changed(isNewest ? 'newer' : 'update');
  }

  changed(change: ThreadChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * `message` in place of `known`, but never further back: a method's answer is a snapshot
 * that can reach the tab after a later event about the same message (a bounce from the
 * local server is answered faster than the answer to chat.retry, which waits for a write).
 */
function keepingProgress(message: ChatMessage, known: ChatMessage): ChatMessage {
  if (!known.state || !message.state || MESSAGE_STATE_RANK[message.state] >= MESSAGE_STATE_RANK[known.state]) return message;
  const kept: ChatMessage = { ...message, state: known.state };
  if (known.failure) kept.failure = known.failure;
  return kept;
}

export class ChatStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly threads = new Map<string, Thread>();
  private readonly typing = new Map<string, TypingState | 'inactive' | 'gone'>();
  private readonly listeners = new Set<() => void>();
  private readonly messageListeners = new Set<(message: ChatMessage) => void>();
  private local: LocalMessage[];
  private readonly storageKey: string;
  loaded = false;
  loadError: RpcError | null = null;
  /** Messages fetched so far by the box's catch-up from the archive; null when none runs. */
  syncing: number | null = null;

  constructor(
    private readonly connection: Connection,
    readonly self: string,
  ) {
    this.storageKey = `foyer.unsent.${self}`;
    this.local = readLocal(this.storageKey);
    connection.onReady(() => void this.refetch());
    connection.on<ChatEvents['chat.message-received']>('chat.message-received', ({ message }) => {
      this.threads.get(message.peer)?.upsert(message);
      for (const listener of this.messageListeners) listener(message);
    });
    connection.on<ChatEvents['chat.history-syncing']>('chat.history-syncing', ({ fetched }) => {
      this.syncing = fetched;
      this.changed();
    });
    connection.on<ChatEvents['chat.history-synced']>('chat.history-synced', () => {
      this.syncing = null;
      this.changed();
    });
    connection.on<ChatEvents['chat.message-updated']>('chat.message-updated', ({ message }) => this.threads.get(message.peer)?.upsert(message));
    connection.on<ChatEvents['chat.conversation-updated']>('chat.conversation-updated', ({ conversation }) => {
      this.conversations.set(conversation.peer, conversation);
      this.changed();
    });
    connection.on<ChatEvents['chat.typing-changed']>('chat.typing-changed', ({ peer, state }) => {
      this.typing.set(peer, state);
      this.changed();
    });
  }

  /** Conversations, most recent first. */
  list(): Conversation[] {
    return [...this.conversations.values()].sort((a, b) => b.last.time - a.last.time);
  }

  get(peer: string): Conversation | undefined {
    return this.conversations.get(peer);
  }

  unreadTotal(): number {
    let total = 0;
    for (const conversation of this.conversations.values()) total += conversation.unread;
    return total;
  }

  isTyping(peer: string): boolean {
    return this.typing.get(peer) === 'composing';
  }

  thread(peer: string): Thread {
    let thread = this.threads.get(peer);
    if (!thread) {
      thread = new Thread(peer, this.connection);
      this.threads.set(peer, thread);
    }
    return thread;
  }

  /** Messages typed offline for this conversation, oldest first. */
  unsent(peer: string): LocalMessage[] {
    return this.local.filter((message) => message.peer === peer);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every message stored by the box, as it arrives (for notifications). */
  onMessage(listener: (message: ChatMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /**
   * Sends now, or keeps it here until the box is reachable again. With an attachment the body
   * may be empty: the box sends its URL, what other clients show (and what is kept here).
   */
  async send(peer: string, body: string, options: { replyTo?: string; attachment?: Attachment } = {}): Promise<void> {
    if (this.connection.state !== 'online') {
      const text = body || (options.attachment?.url ?? '');
      this.local.push({ localId: `local-${Date.now()}-${Math.random().toString(36).slice(2)}`, peer, body: text, time: Date.now() });
      this.saveLocal();
      this.thread(peer).changed('newer');
      return;
    }
    const { message } = await this.connection.request<{ message: ChatMessage }>('chat.send', { peer, body, ...options });
    this.thread(peer).upsert(message);
  }

  /** Sends a failed message again as a new one; the failed one stays, marked retried. */
  async retry(peer: string, id: string): Promise<void> {
    const { message, failed } = await this.connection.request<ChatMethods['chat.retry']['result']>('chat.retry', { peer, id });
    this.thread(peer).upsert(failed);
    this.thread(peer).upsert(message);
  }

  async correct(peer: string, id: string, body: string): Promise<void> {
    const { message } = await this.connection.request<{ message: ChatMessage }>('chat.correct', { peer, id, body });
    this.thread(peer).upsert(message);
  }

  async react(peer: string, id: string, emojis: string[]): Promise<void> {
    const { message } = await this.connection.request<{ message: ChatMessage }>('chat.react', { peer, id, emojis });
    this.thread(peer).upsert(message);
  }

  async markRead(peer: string): Promise<void> {
    if ((this.conversations.get(peer)?.unread ?? 0) === 0) return;
    const { conversation } = await this.connection.request<{ conversation: Conversation | null }>('chat.mark-read', { peer });
    if (conversation) {
      this.conversations.set(peer, conversation);
      this.changed();
    }
  }

  typingChanged(peer: string, state: TypingState): void {
    if (this.connection.state === 'online') this.connection.request('chat.typing', { peer, state }).catch(() => {});
  }

  private async refetch(): Promise<void> {
    await this.flushLocal();
    try {
      const { conversations, syncing } = await this.connection.request<ChatMethods['chat.conversations']['result']>('chat.conversations');
      this.syncing = syncing?.fetched ?? null;
      this.conversations.clear();
      for (const conversation of conversations) this.conversations.set(conversation.peer, conversation);
      this.loaded = true;
      this.loadError = null;
    } catch (error) {
      this.loadError = asRpcError(error);
    }
    this.changed();
    for (const thread of this.threads.values()) if (thread.loaded) void thread.loadNewest();
  }

  /** Hands the messages typed offline to the box, in order; stops at the first failure. */
  private async flushLocal(): Promise<void> {
    while (this.local.length > 0 && this.connection.state === 'online') {
      const next = this.local[0]!;
      try {
        const { message } = await this.connection.request<{ message: ChatMessage }>('chat.send', { peer: next.peer, body: next.body });
        this.local.shift();
        this.saveLocal();
        this.thread(next.peer).upsert(message);
      } catch {
        return;
      }
    }
  }

  private saveLocal(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.local));
    } catch {
      // storage full or disabled: the messages stay in memory for this tab
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function readLocal(key: string): LocalMessage[] {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((item): item is LocalMessage =>
      typeof item === 'object' && item !== null && typeof item.peer === 'string' && typeof item.body === 'string' && typeof item.localId === 'string' && typeof item.time === 'number') : [];
  } catch {
    return [];
  }
}

function asRpcError(error: unknown): RpcError {
  return error instanceof RpcError ? error : new RpcError('E_INTERNAL', String(error));
}
