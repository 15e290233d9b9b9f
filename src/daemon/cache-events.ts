// Cache trouble in the browser protocol (docs/protocol.md), shared with web/.
import type { CacheErrorCode } from '../cache/errors.js';

export interface CacheEvents {
  /** A write made for this user failed (full disk, damaged file...): what they do now may not be kept. */
  'cache.write-failed': { code: CacheErrorCode; message: string };
  /** A write for this user worked again after a failure: the condition is over. */
  'cache.write-recovered': Record<string, never>;
}
