// The one LMDB environment of the process: opened once, memory-mapped, shared by every
// linker. Owns the sub-databases, the schema check, batched writes and the free-space guard.
//
// Durability choice. The XMPP server is the source of truth, so almost everything here can be
// fetched again: ordinary writes are queued with lmdb-js's asynchronous transactions, which
// commit on the writer thread and group every transaction queued before the writer starts
// into one LMDB commit. With lmdb-js's default overlapping sync the commit is atomic and
// visible at once and reaches the disk shortly after; a kill -9 loses nothing committed
// (the OS still holds the pages), a power cut may lose the last fraction of a second but
// never leaves a half-written batch. The outbox is different: a message the user typed exists
// nowhere else, so `writeDurable` also waits for `flushed` (fsync done) before resolving.
//
// eventTurnBatching is off: with it on, lmdb-js 3.5 starts each event-turn batch with an
// internal promise nobody observes, and a failed commit (full disk) then surfaces as an
// unhandled rejection that would take the whole daemon down. Our writes are all explicit
// transactions, so grouping is unchanged.

import { mkdirSync, statfsSync } from 'node:fs';
import { resolve } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { addressSpaceHeadroom, addressSpaceLimit } from './address-space.js';
import { checkDataFile } from './data-file.js';
import { CacheError, commitFailureCause, toCacheError } from './errors.js';
import {
  BINARY_VALUE_DBS, DB_NAMES, MIGRATIONS, SCHEMA_VERSION, SCHEMA_VERSION_KEY, type Dbs,
} from './schema.js';

export interface CacheEnvOptions {
  /** Directory of the environment (data.mdb, lock.mdb). Default `./var/cache`. */
  path?: string;
  /**
   * Writes are refused with E_CACHE_FULL while the file system has less free space than
   * this, so LMDB itself never meets ENOSPC mid-commit (lmdb-js handles that poorly: the
   * environment turns to EIO until reopened). Default 8 MiB.
   */
  diskReserveBytes?: number;
  /** Clock in ms since the epoch; injected by tests. */
  now?: () => number;
}

export const DEFAULT_CACHE_PATH = './var/cache';

/**
 * Told about every write's outcome, so the daemon can show a full disk to whoever was
 * writing and clear it on the next write that works. Called synchronously in the writer's
 * async context (the daemon finds the user from it).
 */
export interface WriteObserver {
  failed(error: CacheError): void;
  succeeded(): void;
}

// The environments open in this process. LMDB must not be opened twice by one process
// (lmdb-js would hand back the same environment, and closing one would close both), and every
// linker is meant to share the one cache.
const openPaths = new Set<string>();
const DEFAULT_DISK_RESERVE = 8 * 1024 * 1024;
const FREE_SPACE_RECHECK_MS = 200;
/** How many map sizes of address space growing the map may need: lmdb-js may more than
 * double the map while the old one is still mapped, and the process's other allocations move
 * the headroom too. Refusing writes below it (and reading a failed commit under it as
 * E_CACHE_MAP_FULL) keeps LMDB from writing through a map that did not grow, which makes it
 * abort the process; with two map sizes the map-full test's capped writer aborted in most runs. */
const MAPS_OF_HEADROOM_TO_GROW = 4;

export class CacheEnv {
  readonly path: string;
  private readonly databases: Dbs;
  readonly now: () => number;
  private readonly root: RootDatabase<any, Buffer>;
  private readonly diskReserveBytes: number;
  private freeSpaceCheckedAt = -Infinity;
  private bytesSinceFreeSpaceCheck = 0;
  private hasFreeSpace = true;
  private closed = false;
  /** Write actions running now (inside a write transaction), see `dbs`. */
  private writeActions = 0;
  /** RLIMIT_AS, read once: Infinity (no limit) on a normal box, so no check per write. */
  private readonly addressSpaceLimit = addressSpaceLimit();
  private readonly observers = new Set<WriteObserver>();

  private constructor(root: RootDatabase<any, Buffer>, path: string, options: CacheEnvOptions) {
    this.root = root;
    this.path = path;
    this.now = options.now ?? Date.now;
    this.diskReserveBytes = options.diskReserveBytes ?? DEFAULT_DISK_RESERVE;
    const dbs = {} as Dbs;
    for (const name of DB_NAMES) {
      dbs[name] = root.openDB<any, Buffer>({
        name,
        keyEncoding: 'binary',
        encoding: BINARY_VALUE_DBS.has(name) ? 'binary' : 'msgpack',
      });
    }
    this.databases = dbs;
  }

  /** The databases, while the cache is open, and inside the write transactions accepted
   * before close() (which lmdb-js still commits). Every store reaches LMDB through here, so
   * any other read after close() began gets E_CACHE_CLOSED: one that reached lmdb-js
   * between its close() and the environment's end would queue a reset of the aborted read
   * transaction, which then throws from a timer, out of reach of any caller. */
  get dbs(): Dbs {
    if (this.writeActions === 0) this.assertOpen();
    return this.databases;
  }

  /** Opens (creating if needed) and migrates the environment. Throws CacheError. */
  static open(options: CacheEnvOptions = {}): CacheEnv {
    const path = resolve(options.path ?? DEFAULT_CACHE_PATH);
    if (openPaths.has(path)) {
      throw new CacheError('E_CACHE_ALREADY_OPEN', `the cache at ${path} is already open in this process; share that instance`);
    }
    let env: CacheEnv;
    try {
      mkdirSync(path, { recursive: true });
      checkDataFile(path);
      const root = open<any, Buffer>({
        path,
        // Always a directory: lmdb-js would otherwise take a path whose last part has a dot
        // (e.g. /srv/foyer/cache.v2) for a single-file environment.
        noSubdir: false,
        maxDbs: DB_NAMES.length + 2,
        keyEncoding: 'binary',
        eventTurnBatching: false,
      });
      env = new CacheEnv(root, path, options);
    } catch (error) {
      throw toCacheError(error, `opening the cache at ${path}`);
    }
    try {
      env.migrate();
    } catch (error) {
      env.root.close().catch(() => undefined); // already failing; the open error is what matters
      throw toCacheError(error, `opening the cache at ${path}`);
    }
    openPaths.add(path);
    return env;
  }

  /** The schema version stored in the environment (0 for a new, empty one). */
  storedVersion(): number {
    return (this.dbs.meta.get(SCHEMA_VERSION_KEY) as number | undefined) ?? 0;
  }

  private migrate(): void {
    const stored = this.storedVersion();
    if (stored > SCHEMA_VERSION) {
      throw new CacheError('E_CACHE_VERSION',
        `the cache at ${this.path} has schema version ${stored}, newer than this Foyer's ${SCHEMA_VERSION}; `
        + 'upgrade Foyer or move the cache folder away (it can be rebuilt from the server)');
    }
    if (stored === SCHEMA_VERSION) return;
    this.root.transactionSync(() => {
      if (stored === 0) {
        // A new cache starts at the current layout: nothing to upgrade.
        this.dbs.meta.putSync(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
        return;
      }
      for (let version = stored; version < SCHEMA_VERSION; version++) {
        MIGRATIONS[version - 1]!({ dbs: this.dbs, now: this.now() });
      }
      this.dbs.meta.putSync(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
    });
  }

  /**
   * Runs `action` (synchronous reads and putSync/removeSync calls) in one atomic write
   * transaction, batched with the other transactions queued before the writer thread picks
   * them up. Resolves once committed (visible to every reader). Rejects with CacheError.
   */
  async write<T>(action: () => T, description: string, estimatedBytes = 0): Promise<T> {
    this.assertOpen();
    try {
      this.checkFreeSpace(description, estimatedBytes);
      this.checkAddressSpace(description);
    } catch (error) {
      throw this.reportFailure(error as CacheError);
    }
    // A child transaction, so an action that throws half-way rolls back its own writes
    // and leaves the rest of the batch alone. Its own error is rethrown as it is; only
    // failures of the commit itself are mapped.
    let actionError: { error: unknown } | undefined;
    let result: T;
    try {
      result = await this.root.childTransaction(() => {
        this.writeActions += 1;
        try {
          return action();
        } catch (error) {
          actionError = { error };
          throw error;
        } finally {
          this.writeActions -= 1;
        }
      });
    } catch (error) {
      if (actionError) throw actionError.error;
      throw this.reportFailure(await this.commitError(error, description));
    }
    for (const observer of this.observers) observer.succeeded();
    return result;
  }

  /** Like `write`, and resolves only once the commit is flushed to the disk (fsync). */
  async writeDurable<T>(action: () => T, description: string, estimatedBytes = 0): Promise<T> {
    const result = await this.write(action, description, estimatedBytes);
    try {
      await this.root.flushed;
    } catch (error) {
      throw this.reportFailure(await this.commitError(error, description));
    }
    return result;
  }

  /** Tells `observer` about every later write's outcome until the returned function is called. */
  observeWrites(observer: WriteObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private reportFailure(error: CacheError): CacheError {
    for (const observer of this.observers) observer.failed(error);
    return error;
  }

  private async commitError(error: unknown, description: string): Promise<CacheError> {
    const cause = await commitFailureCause(error);
    const { mapSize } = this.root.getStats() as { mapSize: number };
    return toCacheError(cause, description, addressSpaceHeadroom() < MAPS_OF_HEADROOM_TO_GROW * mapSize);
  }

  /** Bytes of the data file in use (pages up to the last allocated one), for /metrics. */
  usedBytes(): number {
    const stats = this.root.getStats() as { pageSize: number; lastPageNumber: number };
    return stats.pageSize * (stats.lastPageNumber + 1);
  }

  /** Writes a consistent, compacted copy of the environment into the existing `directory`. */
  async backup(directory: string): Promise<void> {
    this.assertOpen();
    try {
      await this.root.backup(directory, true);
    } catch (error) {
      throw toCacheError(error, `backing up the cache to ${directory}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // lmdb-js resets its read transaction on a timer after each read; closing under a
    // pending reset makes that timer throw, so let the resets already queued run first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      await this.root.close();
    } finally {
      openPaths.delete(this.path);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheError('E_CACHE_CLOSED', 'the cache has been closed');
  }

  /**
   * Under an address-space limit, refuses writes once the map could not grow: growing maps a
   * larger region (lmdb-js may more than double it) while the old one is still mapped.
   */
  private checkAddressSpace(description: string): void {
    if (!Number.isFinite(this.addressSpaceLimit)) return;
    const { mapSize } = this.root.getStats() as { mapSize: number };
    const headroom = addressSpaceHeadroom(this.addressSpaceLimit);
    if (headroom < MAPS_OF_HEADROOM_TO_GROW * mapSize) {
      throw new CacheError('E_CACHE_MAP_FULL',
        `${description}: the cache map cannot grow any further (${headroom} bytes of address space left, the map is ${mapSize})`);
    }
  }

  private checkFreeSpace(description: string, estimatedBytes: number): void {
    // statfs is a cheap syscall, but a burst of small writes need not repeat it: it is
    // skipped while little has been written since the last look and that look was recent.
    this.bytesSinceFreeSpaceCheck += estimatedBytes;
    const now = performance.now();
    if (this.hasFreeSpace && this.bytesSinceFreeSpaceCheck < this.diskReserveBytes / 8
        && now - this.freeSpaceCheckedAt < FREE_SPACE_RECHECK_MS) return;
    let free: number;
    try {
      const stats = statfsSync(this.path);
      free = stats.bavail * stats.bsize;
    } catch (error) {
      throw toCacheError(error, `${description}: checking free space`);
    }
    this.freeSpaceCheckedAt = now;
    this.bytesSinceFreeSpaceCheck = 0;
    // A commit dirties more pages than its payload (branch pages, free list): count it twice.
    this.hasFreeSpace = free - 2 * estimatedBytes >= this.diskReserveBytes;
    if (!this.hasFreeSpace) {
      throw new CacheError('E_CACHE_FULL',
        `${description}: the disk holding the cache is full (${free} bytes free, `
        + `${this.diskReserveBytes} kept in reserve)`);
    }
  }
}
