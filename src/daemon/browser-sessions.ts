// Logged-in browsers. A session is a random 256-bit token held by the browser in an
// HttpOnly cookie; the daemon keeps only SHA-256(token) → user, in a store that survives a
// daemon restart (the cache), so a restart does not log the family out.
import { createHash, randomBytes } from 'node:crypto';

export interface BrowserSessionRecord {
  jid: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface BrowserSessionStore {
  get(tokenHash: string): BrowserSessionRecord | undefined;
  put(tokenHash: string, record: BrowserSessionRecord): Promise<void>;
  delete(tokenHash: string): Promise<void>;
}

export const SESSION_LIFETIME_SECONDS = 90 * 24 * 3600;
/** lastSeenAt is rewritten at most this often, so page loads do not each cost a cache write. */
const TOUCH_INTERVAL_MS = 3600_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class BrowserSessions {
  constructor(
    private readonly store: BrowserSessionStore,
    /** Housekeeping writes (expiry, last-seen) that fail only cost a later re-login: reported, not thrown. */
    private readonly onStoreError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for the user; resolves once it is stored. */
  async create(jid: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.store.put(hashToken(token), { jid, createdAt: now, lastSeenAt: now });
    return token;
  }

  /** The user a token belongs to, or undefined for an unknown or expired token. */
  resolve(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const key = hashToken(token);
    const record = this.store.get(key);
    if (!record) return undefined;
    const now = this.now();
    if (now - record.lastSeenAt > SESSION_LIFETIME_SECONDS * 1000) {
      void this.store.delete(key).catch(this.onStoreError);
      return undefined;
    }
    if (now - record.lastSeenAt > TOUCH_INTERVAL_MS) void this.store.put(key, { ...record, lastSeenAt: now }).catch(this.onStoreError);
    return record.jid;
  }

  async revoke(token: string | undefined): Promise<void> {
    if (token) await this.store.delete(hashToken(token));
  }
}
