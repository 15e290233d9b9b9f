// A list the daemon keeps for this user (pending contact requests, blocked addresses):
// loaded by one method on every (re)connection, then kept current by the feature's events.
// Screens subscribe and re-render.
import type { Connection } from './connection.js';

export interface LiveListOptions<T> {
  /** The method that returns the whole list, and how to read it from its result. */
  load: { method: string; read(result: any): T[] };
  key(item: T): string;
  added: { event: string; read(payload: any): T };
  removed: { event: string; read(payload: any): string };
  /** An event carrying the whole list again. */
  replaced?: { event: string; read(payload: any): T[] };
}

export class LiveList<T> {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly connection: Connection, private readonly options: LiveListOptions<T>) {
    connection.onReady(() => void this.refetch());
    connection.on(options.added.event, (payload) => {
      const item = options.added.read(payload);
      this.items.set(options.key(item), item);
      this.changed();
    });
    connection.on(options.removed.event, (payload) => {
      if (this.items.delete(options.removed.read(payload))) this.changed();
    });
    if (options.replaced) {
      const { event, read } = options.replaced;
      connection.on(event, (payload) => this.replace(read(payload)));
    }
  }

  all(): T[] {
    return [...this.items.values()];
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async refetch(): Promise<void> {
    try {
      this.replace(this.options.load.read(await this.connection.request(this.options.load.method)));
    } catch {
      // Kept as it was: the next reconnection loads it again.
    }
  }

  private replace(items: readonly T[]): void {
    this.items.clear();
    for (const item of items) this.items.set(this.options.key(item), item);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
