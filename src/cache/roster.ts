// Each user's cached roster with its version (RFC 6121 §2.6): the items and the version they
// correspond to change in one transaction, so a crash never pairs a new version with old
// items (which would make the next login trust a roster that is not current).
//
// Items:   the `roster` sub-database, as UserJidRecords (user · contact JID → RosterItem)
// Version: `meta`, key 'roster-version' · user → the server's opaque version string

import type { CacheEnv } from './env.js';
import { encodeKey } from './keys.js';
import type { RosterItem } from './records.js';
import { UserJidRecords } from './user-records.js';

export class RosterRecords {
  private readonly items: UserJidRecords<RosterItem>;

  constructor(private readonly env: CacheEnv) {
    this.items = new UserJidRecords(env, 'roster');
  }

  list(user: string): RosterItem[] {
    return this.items.list(user);
  }

  get(user: string, jid: string): RosterItem | undefined {
    return this.items.get(user, jid);
  }

  /** The version of the cached roster; undefined when it has none (never synced, or no versioning). */
  version(user: string): string | undefined {
    return this.env.dbs.meta.get(versionKey(user)) as string | undefined;
  }

  // `version` undefined forgets the stored one: the next login then fetches the whole roster.

  replaceAll(user: string, items: readonly RosterItem[], version?: string): Promise<void> {
    return this.env.write(() => {
      this.items.replaceAllSync(user, items);
      this.setVersionSync(user, version);
    }, `replacing the roster of ${user}`);
  }

  put(user: string, item: RosterItem, version?: string): Promise<void> {
    return this.env.write(() => {
      this.items.putSync(user, item);
      this.setVersionSync(user, version);
    }, `storing roster ${item.jid} of ${user}`);
  }

  remove(user: string, jid: string, version?: string): Promise<void> {
    return this.env.write(() => {
      this.items.removeSync(user, jid);
      this.setVersionSync(user, version);
    }, `removing roster ${jid} of ${user}`);
  }

  private setVersionSync(user: string, version: string | undefined): void {
    if (version === undefined) this.env.dbs.meta.removeSync(versionKey(user));
    else this.env.dbs.meta.putSync(versionKey(user), version);
  }
}

function versionKey(user: string): Buffer {
  return encodeKey('roster-version', user);
}
