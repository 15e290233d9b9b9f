// Avatars and vCards, stored once for the whole family under the SHA-1 of their bytes: the
// hash XEP-0084 uses as the avatar's item id and XEP-0153 advertises in presence, so a
// contact shared by three users costs one copy.
//
// blobs      key:   kind ('avatar' | 'vcard') · sha1 (40 lowercase hex)
//            value: the raw bytes
// blob-info  key:   same as blobs
//            value: BlobInfo { bytes, type, lastUsed }
// Both count toward the shared budget (see shared-space.ts) and may be evicted.
//
// References: XEP-0084 §4.2 (id = SHA-1 of the image), XEP-0153 §3.1 (photo hash).

import { createHash } from 'node:crypto';
import type { CacheEnv } from './env.js';
import { CacheError } from './errors.js';
import { encodeKey } from './keys.js';
import type { SharedSpace } from './shared-space.js';

export type BlobKind = 'avatar' | 'vcard';

export interface BlobInfo {
  bytes: number;
  /** MIME type, e.g. image/png; text/xml for a vCard. */
  type: string;
  lastUsed: number;
}

export interface Blob {
  hash: string;
  type: string;
  data: Buffer;
}

export function sha1Hex(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

export class BlobStore {
  constructor(
    private readonly env: CacheEnv,
    private readonly shared: SharedSpace,
  ) {
    shared.registerEvictor('blob', (key) => this.evict(key));
  }

  /**
   * Stores bytes under their SHA-1 and resolves that hash. When the caller knows the hash
   * the peer announced, a mismatch is E_CACHE_HASH_MISMATCH (the peer sent other bytes).
   */
  async putBlob(kind: BlobKind, data: Uint8Array, type: string, expectedHash?: string): Promise<string> {
    const hash = sha1Hex(data);
    if (expectedHash !== undefined && expectedHash.toLowerCase() !== hash) {
      throw new CacheError('E_CACHE_HASH_MISMATCH', `${kind} announced as ${expectedHash} hashes to ${hash}`);
    }
    const key = encodeKey(kind, hash);
    const bytes = Buffer.from(data);
    await this.env.write(() => {
      const now = this.env.now();
      const info = this.env.dbs['blob-info'].get(key) as BlobInfo | undefined;
      if (info) {
        this.shared.moved('blob', key, info.lastUsed, now);
      } else {
        this.env.dbs.blobs.putSync(key, bytes);
        this.shared.added('blob', key, bytes.length, now);
      }
      this.env.dbs['blob-info'].putSync(key, { bytes: bytes.length, type, lastUsed: now } satisfies BlobInfo);
      this.shared.evictOverBudget();
    }, `storing ${kind} ${hash}`, bytes.length);
    return hash;
  }

  hasBlob(kind: BlobKind, hash: string): boolean {
    return this.env.dbs['blob-info'].doesExist(encodeKey(kind, hash.toLowerCase()));
  }

  /** The bytes, or undefined when never stored or evicted (then fetch them again). */
  getBlob(kind: BlobKind, hash: string): Blob | undefined {
    const key = encodeKey(kind, hash.toLowerCase());
    const info = this.env.dbs['blob-info'].get(key) as BlobInfo | undefined;
    const data = this.env.dbs.blobs.get(key) as Buffer | undefined;
    if (!info || !data) return undefined;
    this.shared.touchIfStale('blob', 'blob-info', key, info.lastUsed);
    return { hash: hash.toLowerCase(), type: info.type, data };
  }

  private evict(key: Buffer): boolean {
    const info = this.env.dbs['blob-info'].get(key) as BlobInfo | undefined;
    if (!info) return false;
    this.env.dbs.blobs.removeSync(key);
    this.env.dbs['blob-info'].removeSync(key);
    this.shared.removed('blob', key, info.bytes, info.lastUsed);
    return true;
  }
}
