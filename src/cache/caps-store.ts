// Entity capabilities shared by all linkers: the disco#info result behind each verification
// string, learned once for the whole family. Implements the linker's CapsStore contract
// (CONTRACTS.md §3): synchronous get, fire-and-forget put.
//
// caps  key:   ver (string part)        value: the disco#info record, msgpack
//
// References: XEP-0115 §5 (ver), XEP-0390 (caps 2.0, same idea), XEP-0030 (disco#info).

import type { CacheEnv } from './env.js';
import { encodeKey } from './keys.js';

/** The linker's contract (src/linker/features/caps/store.ts); the record is the feature's own type. */
export interface CapsStore<Info> {
  get(ver: string): Info | undefined;
  put(ver: string, info: Info): void;
}

export class LmdbCapsStore<Info> implements CapsStore<Info> {
  // Entries written but not yet committed, so a get right after a put finds it.
  private readonly uncommitted = new Map<string, Info>();

  constructor(private readonly env: CacheEnv) {}

  get(ver: string): Info | undefined {
    return this.uncommitted.get(ver) ?? (this.env.dbs.caps.get(encodeKey(ver)) as Info | undefined);
  }

  put(ver: string, info: Info): void {
    const key = encodeKey(ver);
    this.uncommitted.set(ver, info);
    // A failed write (disk full) only means this ver is queried again later: drop it quietly.
    this.env.write(() => { this.env.dbs.caps.putSync(key, info); }, `storing caps ${ver}`)
      .catch(() => undefined)
      .finally(() => { this.uncommitted.delete(ver); });
  }
}
