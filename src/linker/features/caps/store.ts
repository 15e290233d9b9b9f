// The entity capabilities cache, shared by every session of the process (CONTRACTS.md §3):
// a verified ver names the same disco#info for everyone, so one query serves all users.
// This in-memory store is the default; the cache helper provides one over LMDB.
import type { DiscoInfo } from '../disco/stanza.js';

export interface CapsStore {
  get(ver: string): DiscoInfo | undefined;
  put(ver: string, info: DiscoInfo): void;
}

export class MemoryCapsStore implements CapsStore {
  #entries = new Map<string, DiscoInfo>();

  get size(): number {
    return this.#entries.size;
  }

  get(ver: string): DiscoInfo | undefined {
    return this.#entries.get(ver);
  }

  put(ver: string, info: DiscoInfo): void {
    this.#entries.set(ver, info);
  }
}
