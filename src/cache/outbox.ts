// Each user's outgoing stanzas, kept until the server acknowledges them. A message typed while
// the server is unreachable is enqueued here, and sent (and resent after a reconnect that
// could not resume the stream) until the XEP-0198 ack covering it arrives.
//
// outbox      key:   user · seq (8-byte, global, increasing)
//             value: OutboxEntry
// outbox-ids  key:   user · stanza id                        value: seq
// meta        'outbox-seq' → the last seq handed out
//
// Durability: this is the one store whose content exists nowhere else, so `enqueue` resolves
// only after the commit is flushed to disk. `markSent` and `ack` are ordinary commits: losing
// one in a power cut only means the stanza is sent again, which XEP-0198 resending already
// allows (receivers deduplicate by stanza id).
//
// References: XEP-0198 §4 (acks), §5 (resumption; resend what was not acked).

import type { CacheEnv } from './env.js';
import { encodeKey, prefixRange } from './keys.js';

export type OutboxState = 'queued' | 'sent';

export interface OutboxEntry {
  /** The stanza's id attribute, unique per user. */
  id: string;
  to: string;
  /** The serialized stanza, sent as is. */
  stanza: string;
  created: number;
  state: OutboxState;
  seq: number;
}

export interface NewOutboxEntry {
  id: string;
  to: string;
  stanza: string;
}

const OUTBOX_SEQ_KEY = encodeKey('outbox-seq');

export class Outbox {
  constructor(private readonly env: CacheEnv) {}

  /**
   * Queues a stanza and resolves once it is on disk. Enqueueing an id that is already
   * queued resolves the stored entry unchanged (a retried request must not send twice).
   */
  async enqueue(user: string, entry: NewOutboxEntry): Promise<OutboxEntry> {
    const idKey = encodeKey(user, entry.id);
    encodeKey(user, entry.to); // refuse a NUL in `to` before anything is written
    return this.env.writeDurable(() => {
      const existing = this.env.dbs['outbox-ids'].get(idKey) as number | undefined;
      if (existing !== undefined) return this.env.dbs.outbox.get(encodeKey(user, existing)) as OutboxEntry;
      const seq = ((this.env.dbs.meta.get(OUTBOX_SEQ_KEY) as number | undefined) ?? 0) + 1;
      const stored: OutboxEntry = { ...entry, created: this.env.now(), state: 'queued', seq };
      this.env.dbs.meta.putSync(OUTBOX_SEQ_KEY, seq);
      this.env.dbs.outbox.putSync(encodeKey(user, seq), stored);
      this.env.dbs['outbox-ids'].putSync(idKey, seq);
      return stored;
    }, `queueing stanza ${entry.id} of ${user}`, entry.stanza.length);
  }

  /** Notes that the stanza went out on the current stream (it still waits for the ack). */
  async markSent(user: string, id: string): Promise<boolean> {
    return this.update(user, id, (entry) => { this.env.dbs.outbox.putSync(encodeKey(user, entry.seq), { ...entry, state: 'sent' }); });
  }

  /** Removes the stanza: the server's ack covers it. Resolves false if it was not queued. */
  async ack(user: string, id: string): Promise<boolean> {
    return this.update(user, id, (entry) => {
      this.env.dbs.outbox.removeSync(encodeKey(user, entry.seq));
      this.env.dbs['outbox-ids'].removeSync(encodeKey(user, id));
    });
  }

  /** The user's unacknowledged stanzas, oldest first: what to (re)send after connecting. */
  pending(user: string): OutboxEntry[] {
    return Array.from(this.env.dbs.outbox.getRange(prefixRange(user)), ({ value }) => value as OutboxEntry);
  }

  private async update(user: string, id: string, change: (entry: OutboxEntry) => void): Promise<boolean> {
    const idKey = encodeKey(user, id);
    return this.env.write(() => {
      const seq = this.env.dbs['outbox-ids'].get(idKey) as number | undefined;
      if (seq === undefined) return false;
      change(this.env.dbs.outbox.get(encodeKey(user, seq)) as OutboxEntry);
      return true;
    }, `updating queued stanza ${id} of ${user}`);
  }
}
