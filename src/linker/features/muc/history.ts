// A room's messages in the cache: live ones as they arrive, the room's archive (XEP-0313 to
// the room JID) for what was missed while away and for older pages as a person scrolls up.
// The same message can come live and from the archive with another timestamp: the cache
// recognises it by its sender's id (origin-id), which both copies carry.
// References: XEP-0313 v1.1 §4, §6.1.1 (MUC archives); XEP-0045 §7.4; XEP-0359.
import type { Element } from '../../../xml/element.js';
import { generateId } from '../../../xml/id.js';
import type { MessageStore, RoomRecord, StoredMessage, UserJidRecords } from '../../../cache/index.js';
import type { HistoryCursor, RoomMessage } from './events.js';
import { buildMamQuery, parseMamFin, parseMamResult, type MamFin, type MamQuery, type MamResult } from '../mam/stanza.js';
import type { Room } from './rooms.js';
import type { ParsedRoomMessage } from './stanza.js';
import { parseRoomMessage } from './stanza.js';

/** Catching up after a reconnect: pages of this size, at most this many (older ones stay in the archive for scrolling). */
const CATCH_UP_PAGE = 50;
const CATCH_UP_MAX_PAGES = 10;
/** The first visit to a room shows this many of its latest messages. */
const FIRST_VISIT_PAGE = 30;

export interface HistoryHost {
  readonly user: () => string;
  iq(request: Element): Promise<Element>;
}

/**
 * Times (ms) for archived messages, in archive order, that keep that order in the cache: the
 * archive stamps whole seconds, so messages of one second would otherwise sort by id. Each
 * time is at least its stamp and after the one before (and after `after`, the newest cached
 * message when catching up); with `before` (the oldest cached message, when paging back)
 * they are pulled below it.
 */
export function orderedTimes(stamps: readonly number[], bounds: { after?: number; before?: number } = {}): number[] {
  const times: number[] = [];
  let previous = bounds.after ?? -Infinity;
  for (const stamp of stamps) {
    previous = Math.max(stamp, previous + 1);
    times.push(previous);
  }
  if (bounds.before !== undefined) {
    let next = bounds.before;
    for (let i = times.length - 1; i >= 0; i--) {
      next = Math.min(times[i]!, next - 1);
      times[i] = next;
    }
  }
  return times;
}

export function isRoomMessage(message: StoredMessage): message is RoomMessage {
  return message.type === 'groupchat' && message.nick !== undefined;
}

export class RoomHistory {
  readonly #host: HistoryHost;
  readonly #messages: MessageStore;
  readonly #rooms: UserJidRecords<RoomRecord>;
  /** Archive queries in flight: query id → the room asked and the results so far. */
  readonly #queries = new Map<string, { room: string; results: MamResult[] }>();

  constructor(host: HistoryHost, messages: MessageStore, rooms: UserJidRecords<RoomRecord>) {
    this.#host = host;
    this.#messages = messages;
    this.#rooms = rooms;
  }

  /** Collects a result of one of our archive queries; false for any other message. */
  collect(message: Element): boolean {
    for (const [queryId, query] of this.#queries) {
      const result = parseMamResult(message, queryId, (from) => from === query.room);
      if (result) {
        query.results.push(result);
        return true;
      }
    }
    return false;
  }

  /** The message as the cache keeps it; `time` when the room did not stamp it (live). */
  toStored(room: Room, parsed: ParsedRoomMessage & { body: string }, time: number, archiveId?: string): RoomMessage {
    const user = this.#host.user();
    const isOurs = parsed.senderJid !== undefined ? parsed.senderJid === user : parsed.nick === room.nick;
    const archive = archiveId ?? parsed.archiveId;
    return {
      id: parsed.id || archive || generateId(),
      peer: room.jid,
      from: parsed.nick === '' ? room.jid : `${room.jid}/${parsed.nick}`,
      to: user,
      time: parsed.time ?? time,
      body: parsed.body,
      direction: isOurs ? 'out' : 'in',
      ...(archive !== undefined && { archiveId: archive }),
      type: 'groupchat',
      nick: parsed.nick,
    };
  }

  /**
   * Stores the messages not stored yet (the cache knows each by its sender's id) and moves
   * the room's "last seen" forward; resolves the new ones. History pages (older than what
   * the person has seen) are not unread news.
   */
  async store(room: Room, messages: readonly RoomMessage[], options: { isNews: boolean }): Promise<RoomMessage[]> {
    const user = this.#host.user();
    const fresh = (await this.#messages.appendNewMessages(user, messages, { countUnread: options.isNews })).filter(isRoomMessage);
    if (fresh.length === 0 || !options.isNews) return fresh;
    const newest = Math.max(...fresh.map((message) => message.time));
    const record = this.#rooms.get(user, room.jid);
    if (record && (record.lastSeen ?? 0) < newest) await this.#rooms.put(user, { ...record, lastSeen: newest });
    return fresh;
  }

  /** One page of the room's archive, unwrapped into the cache's shape, times ordered within `bounds`. */
  async #query(room: Room, query: Omit<MamQuery, 'queryId' | 'to' | 'with' | 'end'>, bounds: { after?: number; before?: number }): Promise<{ messages: RoomMessage[]; end: MamFin }> {
    const queryId = generateId();
    const pending = { room: room.jid, results: [] as MamResult[] };
    this.#queries.set(queryId, pending);
    try {
      const answer = await this.#host.iq(buildMamQuery({ ...query, to: room.jid, queryId }));
      const archived = pending.results.flatMap(({ archiveId, time, message }) => {
        const parsed = parseRoomMessage(message);
        return parsed && parsed.body !== undefined ? [{ parsed: { ...parsed, body: parsed.body }, time, archiveId }] : [];
      });
      const times = orderedTimes(archived.map(({ time }) => time), bounds);
      const messages = archived.map(({ parsed, archiveId }, i) => this.toStored(room, { ...parsed, time: times[i]! }, times[i]!, archiveId));
      return { messages, end: parseMamFin(answer) };
    } finally {
      this.#queries.delete(queryId);
    }
  }

  /**
   * What was said since we last saw the room (after a reconnect that could not resume, or a
   * restart); on a first visit, its latest messages. Resolves the messages that were new.
   */
  async catchUp(room: Room): Promise<RoomMessage[]> {
    const user = this.#host.user();
    const lastSeen = this.#rooms.get(user, room.jid)?.lastSeen;
    if (lastSeen === undefined) {
      const { messages, end } = await this.#query(room, { before: '', max: FIRST_VISIT_PAGE }, {});
      if (end.complete) room.historyComplete = true;
      return this.store(room, messages, { isNews: false });
    }
    const added: RoomMessage[] = [];
    let after: string | undefined;
    let newest = this.#messages.getMessagesBefore(user, room.jid, Number.MAX_SAFE_INTEGER, 1)[0]?.time;
    for (let page = 0; page < CATCH_UP_MAX_PAGES; page++) {
      const { messages, end } = await this.#query(room, { start: lastSeen, after, max: CATCH_UP_PAGE }, { after: newest });
      added.push(...await this.store(room, messages, { isNews: true }));
      if (end.complete || end.last === undefined || messages.length === 0) break;
      after = end.last;
      newest = messages[messages.length - 1]!.time;
    }
    return added;
  }

  /**
   * Up to `limit` messages before `before` (the newest without it), oldest first: from the
   * cache, topped up from the room's archive when the cache runs out.
   */
  async page(room: Room, before: HistoryCursor | undefined, limit: number): Promise<{ messages: RoomMessage[]; complete: boolean }> {
    const user = this.#host.user();
    const cursor = before ?? Number.MAX_SAFE_INTEGER;
    const cached = this.#messages.getMessagesBefore(user, room.jid, cursor, limit).filter(isRoomMessage);
    if (cached.length < limit && !room.historyComplete) {
      const oldest = cached[0] ?? (before && this.#messages.getMessagesBefore(user, room.jid, before.time + 1, 8).find((message) => message.id === before.id));
      if (oldest === undefined || oldest.archiveId !== undefined) {
        const { messages, end } = await this.#query(room, { before: oldest?.archiveId ?? '', max: limit - cached.length }, { before: oldest?.time });
        if (end.complete || messages.length === 0) room.historyComplete = true;
        await this.store(room, messages, { isNews: false });
        const page = this.#messages.getMessagesBefore(user, room.jid, cursor, limit).filter(isRoomMessage);
        return { messages: page, complete: room.historyComplete && page.length < limit };
      }
    }
    return { messages: cached, complete: room.historyComplete && cached.length < limit };
  }
}
