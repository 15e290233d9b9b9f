// Per-user records keyed by a JID: the roster, joined rooms and bookmarks share this shape.
//
// Key:   user (string part) · jid (string part)          — see keys.ts for the encoding
// Value: the record, msgpack-encoded
//
// Every read is a range scan over prefix(user), so it cannot return another user's records.

import type { CacheEnv } from './env.js';
import type { DbName } from './schema.js';
import { encodeKey, prefixRange } from './keys.js';

export class UserJidRecords<T extends { jid: string }> {
  constructor(
    private readonly env: CacheEnv,
    private readonly dbName: DbName,
  ) {}

  async put(user: string, record: T): Promise<void> {
    return this.env.write(() => this.putSync(user, record), `storing ${this.dbName} ${record.jid} of ${user}`);
  }

  async remove(user: string, jid: string): Promise<void> {
    return this.env.write(() => this.removeSync(user, jid), `removing ${this.dbName} ${jid} of ${user}`);
  }

  /** Replaces the user's whole set in one transaction (a full roster push, a bookmarks sync). */
  async replaceAll(user: string, records: readonly T[]): Promise<void> {
    return this.env.write(() => this.replaceAllSync(user, records), `replacing ${this.dbName} of ${user}`);
  }

  // The same changes inside a caller's CacheEnv.write, so a store built on this one can change
  // its own records in the same transaction.

  putSync(user: string, record: T): void {
    this.db.putSync(encodeKey(user, record.jid), record);
  }

  removeSync(user: string, jid: string): void {
    this.db.removeSync(encodeKey(user, jid));
  }

  replaceAllSync(user: string, records: readonly T[]): void {
    // Collected first: keys are not deleted under a live cursor.
    for (const key of Array.from(this.db.getKeys(prefixRange(user)), (k) => Buffer.from(k))) this.db.removeSync(key);
    for (const record of records) this.putSync(user, record);
  }

  get(user: string, jid: string): T | undefined {
    return this.db.get(encodeKey(user, jid)) as T | undefined;
  }

  /** All of the user's records, in JID byte order. */
  list(user: string): T[] {
    return Array.from(this.db.getRange(prefixRange(user)), ({ value }) => value as T);
  }

  private get db() {
    return this.env.dbs[this.dbName];
  }
}
