// Entity capabilities shared by all linkers: the disco#info result behind each verification
// string, learned once for the whole family. Implements the linker's CapsStore contract
// (CONTRACTS.md §3): synchronous get, fire-and-forget put.
//
// caps  key:   ver (string part)        value: DiscoInfo
//
// References: XEP-0115 §5 (ver), XEP-0390 (caps 2.0, same idea), XEP-0030 (disco#info).

import type { CacheEnv } from './env.js';
import { encodeKey } from './keys.js';

export interface DiscoIdentity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}

export interface DiscoInfo {
  identities: DiscoIdentity[];
  features: string[];
  /** XEP-0128 extended forms, as FORM_TYPE → field var → values. */
  forms?: Record<string, Record<string, string[]>>;
}

export interface CapsStore {
  get(ver: string): DiscoInfo | undefined;
  put(ver: string, info: DiscoInfo): void;
}

export class LmdbCapsStore implements CapsStore {
  // Entries written but not yet committed, so a get right after a put finds it.
  private readonly uncommitted = new Map<string, DiscoInfo>();

  constructor(private readonly env: CacheEnv) {}

  get(ver: string): DiscoInfo | undefined {
    return this.uncommitted.get(ver) ?? (this.env.dbs.caps.get(encodeKey(ver)) as DiscoInfo | undefined);
  }

  put(ver: string, info: DiscoInfo): void {
    const key = encodeKey(ver);
    this.uncommitted.set(ver, info);
    // A failed write (disk full) only means this ver is queried again later: drop it quietly.
    this.env.write(() => { this.env.dbs.caps.putSync(key, info); }, `storing caps ${ver}`)
      .catch(() => undefined)
      .finally(() => { this.uncommitted.delete(ver); });
  }
}
