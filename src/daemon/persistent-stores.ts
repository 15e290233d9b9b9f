// The daemon's records in the cache's LMDB environment, so a restart keeps everyone logged in.
//
// accounts          key: bare JID (string part)     value: StoredCredentials (SCRAM keys only)
// browser-sessions  key: SHA-256 of the token       value: BrowserSessionRecord
//
// Both are written durably (fsync): unlike cached XMPP data they cannot be fetched again.
import type { Cache } from '../cache/index.js';
import { encodeKey } from '../cache/keys.js';
import type { StoredCredentials } from '../linker/linker.js';
import type { BrowserSessionRecord, BrowserSessionStore } from './browser-sessions.js';
import type { CredentialStore } from './linker-pool.js';

export class CacheCredentialStore implements CredentialStore {
  constructor(private readonly cache: Cache) {}

  get(jid: string): StoredCredentials | undefined {
    return this.db.get(encodeKey(jid)) as StoredCredentials | undefined;
  }

  put(credentials: StoredCredentials): Promise<void> {
    return this.cache.env.writeDurable(() => { this.db.putSync(encodeKey(credentials.jid), credentials); }, `keeping the login keys of ${credentials.jid}`);
  }

  delete(jid: string): Promise<void> {
    return this.cache.env.writeDurable(() => { this.db.removeSync(encodeKey(jid)); }, `forgetting the login keys of ${jid}`);
  }

  list(): StoredCredentials[] {
    return Array.from(this.db.getRange({}), ({ value }) => value as StoredCredentials);
  }

  private get db() {
    return this.cache.env.dbs.accounts;
  }
}

export class CacheBrowserSessionStore implements BrowserSessionStore {
  constructor(private readonly cache: Cache) {}

  get(tokenHash: string): BrowserSessionRecord | undefined {
    return this.db.get(encodeKey(tokenHash)) as BrowserSessionRecord | undefined;
  }

  put(tokenHash: string, record: BrowserSessionRecord): Promise<void> {
    return this.cache.env.writeDurable(() => { this.db.putSync(encodeKey(tokenHash), record); }, `keeping a browser session of ${record.jid}`);
  }

  delete(tokenHash: string): Promise<void> {
    return this.cache.env.writeDurable(() => { this.db.removeSync(encodeKey(tokenHash)); }, 'ending a browser session');
  }

  private get db() {
    return this.cache.env.dbs['browser-sessions'];
  }
}
