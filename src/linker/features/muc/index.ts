// Group chats (XEP-0045): the rooms of a person's bookmarks are entered on every new session
// (again after a reconnect that could not resume, catching up from the room's archive since
// the last message seen), rooms are created, joined, left; occupants with their roles are kept
// live; room messages go to the same message cache as chats, with the room as the peer;
// invitations (XEP-0249, and mediated ones) are sent and received; mentions are announced.
// References: XEP-0045 v1.35 (§7.2 entering, §7.2.9 nick conflict, §7.4 messages, §7.8
// invitations, §7.14 exit, §9.5 membership, §10.1 creating a room), XEP-0249 v1.2, XEP-0402
// (bookmarks, feature `bookmarks`), XEP-0313 §6.1.1 (room archives), XEP-0030 (finding the
// MUC service: identity conference/text).
import { randomBytes } from 'node:crypto';
import type { Cache, ConversationSummary } from '../../../cache/index.js';
import { generateId } from '../../../xml/id.js';
import { bareJid, parseJid } from '../../../xml/jid.js';
import { defineFeature } from '../../feature.js';
import type { BookmarksApi } from '../bookmarks/index.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import type { DiscoApi } from '../disco/index.js';
import { MucError } from './errors.js';
import { mentionsNick } from './mentions.js';
import type { ExitReason, HistoryCursor, PendingInvitation, RoomMessage, RoomView } from './events.js';
import { RoomHistory } from './history.js';
import { NS_MAM } from '../mam/stanza.js';
import { paramsObject as object } from '../params.js';
import { createParams, historyParams, inviteParams, optionalNickParam, roomParam, sendParams, subjectParams } from './params.js';
import { applyOccupantPresence, newRoom, ownAffiliation, roomView, type Room } from './rooms.js';
import {
  alternativeNick, buildAffiliationSet, buildDirectInvitation, buildGroupchatMessage, buildInstantRoomConfig, buildJoinPresence,
  buildLeavePresence, buildMediatedInvitation, buildRoomConfig, buildSubjectMessage, exitReason, NS_CONFERENCE, NS_MUC,
  NS_MUC_USER, parseInvitation, parseOccupantPresence, parseRoomMessage, roomLocalpart, type Invitation, type OccupantPresence,
  type RoomSettings,
} from './stanza.js';

/** How long a room may take to answer our entering presence. */
const JOIN_TIMEOUT_MS = 30_000;
/** "Mum", "Mum (2)" … "Mum (9)": then the nick conflict is reported. */
const MAX_NICK_ATTEMPTS = 9;
/** Invitations kept until accepted or declined; the oldest are dropped beyond this. */
const MAX_PENDING_INVITATIONS = 50;

export interface MucApi extends HasBrowserMethods {
  rooms(): RoomView[];
  /** Enters a room (and bookmarks it with autojoin); rejects with a MucError carrying the room's condition. */
  join(room: string, options?: { nick?: string }): Promise<RoomView>;
  create(name: string, options?: { membersOnly?: boolean; nick?: string }): Promise<RoomView>;
  leave(room: string): Promise<void>;
  /** Sends to a room we are in; resolves the message id the reflected message will carry. */
  send(room: string, body: string): string;
  invite(room: string, jid: string, reason?: string): Promise<void>;
  history(room: string, before: HistoryCursor | undefined, limit: number): Promise<{ messages: RoomMessage[]; complete: boolean }>;
}

interface Entering {
  promise: Promise<void>;
  attempt: number;
  settings: RoomSettings | undefined;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Exits after which the room is gone for us (not merely interrupted): its bookmark goes too. */
const FINAL_EXITS = new Set<ExitReason>(['banned', 'removed', 'destroyed']);

export function mucFeature(cache: Pick<Cache, 'rooms' | 'messages'>) {
  return defineFeature<MucApi>({
    name: 'muc',
    disco: [NS_MUC, NS_CONFERENCE],
    setup(ctx) {
      const bookmarks = ctx.feature<BookmarksApi>('bookmarks');
      const disco = ctx.feature<DiscoApi>('disco');
      const user = () => bareJid(ctx.jid);
      const history = new RoomHistory({ user, iq: (request) => ctx.iq(request) }, cache.messages, cache.rooms);
      const rooms = new Map<string, Room>();
      const entering = new Map<string, Entering>();
      const invitations = new Map<string, Invitation>();
      let service: Promise<string> | undefined;

      for (const record of cache.rooms.list(user())) rooms.set(record.jid, newRoom(record.jid, record.nick, record));

      const defaultNick = () => parseJid(ctx.jid).local;
      const emitRoom = (room: Room) => ctx.emit('muc.room-updated', roomView(room));
      const remember = (room: Room) => cache.rooms.put(user(), {
        ...cache.rooms.get(user(), room.jid),
        jid: room.jid,
        nick: room.preferredNick,
        ...(room.name !== undefined && { name: room.name }),
        ...(room.subject !== undefined && { subject: room.subject }),
      });

      const joinedRoom = (jid: string): Room => {
        const room = rooms.get(jid);
        if (!room || room.state !== 'joined') throw new MucError('E_MUC_NOT_JOINED', `You are not in the group ${jid}.`);
        return room;
      };

      /** Finds the server's group chat service once per session (XEP-0045 §6.1). */
      const findService = (): Promise<string> => {
        service ??= (async () => {
          const domain = parseJid(ctx.jid).domain;
          for (const item of await disco.items(domain)) {
            const info = await disco.info(item.jid).catch(() => undefined);
            if (info?.identities.some((identity) => identity.category === 'conference' && identity.type === 'text')) return item.jid;
          }
          throw new MucError('E_MUC_NO_SERVICE', `${domain} offers no group chat service.`, 'service-unavailable');
        })();
        service.catch(() => { service = undefined; });
        return service;
      };

      /** The room's name and whether it is members-only, from its disco#info (§6.4). */
      const refreshInfo = async (room: Room): Promise<void> => {
        const info = await disco.info(room.jid);
        const name = info.identities.find((identity) => identity.category === 'conference')?.name?.trim() || undefined;
        room.membersOnly = info.features.includes('muc_membersonly');
        if (name !== room.name) {
          room.name = name;
          await remember(room);
          emitRoom(room);
        }
      };

      /**
       * Rooms share the cache's conversation summaries with chats, and tabs keep those (last
       * message, unread count, the tab title's total) through chat's conversation event.
       */
      const announceConversation = (conversation: ConversationSummary) => ctx.emit('chat.conversation-updated', { conversation });
      const announceRoomConversation = (room: Room) => {
        const conversation = cache.messages.getConversation(user(), room.jid);
        if (conversation) announceConversation(conversation);
      };

      const catchUp = async (room: Room): Promise<void> => {
        try {
          const added = await history.catchUp(room);
          for (const message of added) ctx.emit('muc.message-received', message);
          if (added.length > 0) announceRoomConversation(room);
        } catch (error) {
          ctx.emit('muc.sync-failed', { room: room.jid, message: String((error as Error).message ?? error) });
        }
      };

      const settle = (jid: string): Entering | undefined => {
        const pending = entering.get(jid);
        entering.delete(jid);
        if (pending) clearTimeout(pending.timer);
        return pending;
      };

      const exited = (room: Room, reason: ExitReason, error?: MucError) => {
        room.state = 'left';
        room.occupants.clear();
        settle(room.jid)?.reject(error ?? new MucError('E_MUC_JOIN_FAILED', `You left the group ${room.jid}.`));
        ctx.emit('muc.room-left', {
          room: room.jid, reason, ...(error?.condition !== undefined && { condition: error.condition }), ...(error && { message: error.message }),
        });
      };

      /** Sends our entering presence; resolves once the room lists us (§7.2.3). */
      const enter = (room: Room, settings?: RoomSettings): Promise<void> => {
        const current = entering.get(room.jid);
        if (current) return current.promise;
        room.state = 'joining';
        room.occupants.clear();
        room.nick = room.preferredNick;
        let pending!: Entering;
        const promise = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            exited(room, 'join-failed', new MucError('E_MUC_TIMEOUT', `The group ${room.jid} did not answer.`, 'remote-server-timeout'));
          }, JOIN_TIMEOUT_MS);
          timer.unref();
          pending = { promise: undefined as unknown as Promise<void>, attempt: 1, settings, resolve, reject, timer };
        });
        pending.promise = promise;
        entering.set(room.jid, pending);
        ctx.send(buildJoinPresence(room.jid, room.nick, { password: room.password }));
        return promise;
      };

      const entered = async (room: Room, created: boolean): Promise<void> => {
        const pending = settle(room.jid);
        try {
          // A room our presence created stays locked until configured (§10.1.2).
          if (created) await ctx.iq(pending?.settings ? buildRoomConfig(room.jid, pending.settings) : buildInstantRoomConfig(room.jid));
          if (pending?.settings) room.name = pending.settings.name;
          room.state = 'joined';
          await remember(room);
          emitRoom(room);
          pending?.resolve();
        } catch (error) {
          pending?.reject(error as Error);
          return;
        }
        await refreshInfo(room).catch(() => {
          // The name stays what the bookmark said; the next join asks again.
        });
        await catchUp(room);
      };

      const onOccupantPresence = async (presence: OccupantPresence): Promise<boolean> => {
        const room = rooms.get(presence.room);
        // A room we already left still says goodbye: that presence is not a contact's.
        if (!room) return presence.kind !== 'error';
        if (presence.kind === 'error') {
          const pending = entering.get(room.jid);
          if (!pending) return true;
          if (presence.error.condition === 'conflict' && pending.attempt < MAX_NICK_ATTEMPTS) {
            pending.attempt++;
            room.nick = alternativeNick(room.preferredNick, pending.attempt);
            ctx.send(buildJoinPresence(room.jid, room.nick, { password: room.password }));
            return true;
          }
          const { condition, text } = presence.error;
          exited(room, 'join-failed', new MucError('E_MUC_JOIN_FAILED', `Could not enter the group ${room.jid}: ${text ?? condition}.`, condition));
          return true;
        }
        const isSelf = presence.codes.has(110) || (presence.nick === room.nick && room.state === 'joining');
        if (isSelf && presence.kind === 'unavailable') {
          if (presence.newNick !== undefined) {
            room.nick = presence.newNick;
            applyOccupantPresence(room, presence);
            emitRoom(room);
            return true;
          }
          const reason = exitReason(presence);
          exited(room, reason);
          if (FINAL_EXITS.has(reason)) {
            await forget(room.jid);
            await bookmarks.remove(room.jid);
          }
          return true;
        }
        const change = applyOccupantPresence(room, presence);
        if (isSelf && room.state === 'joining') {
          await entered(room, presence.codes.has(201));
          return true;
        }
        if (room.state !== 'joined') return true;
        if (change.kind === 'updated') ctx.emit('muc.occupant-updated', { room: room.jid, occupant: change.occupant });
        else if (change.kind === 'left') ctx.emit('muc.occupant-left', { room: room.jid, nick: change.nick });
        else if (change.kind === 'renamed') ctx.emit('muc.occupant-renamed', { room: room.jid, nick: change.nick, newNick: change.newNick });
        return true;
      };

      ctx.route(`presence/${NS_MUC_USER}`, (presence) => {
        const parsed = parseOccupantPresence(presence);
        return parsed ? onOccupantPresence(parsed) : undefined;
      }, 10);
      // Refusals to enter carry no muc#user payload: they come as plain error presences.
      ctx.route('presence', (presence) => {
        const parsed = presence.attrs.type === 'error' ? parseOccupantPresence(presence) : null;
        return parsed ? onOccupantPresence(parsed) : undefined;
      }, 10);

      ctx.route('message', async (message) => {
        const parsed = parseRoomMessage(message);
        const room = parsed && rooms.get(parsed.room);
        if (!parsed || !room) return;
        if (parsed.subject !== undefined) {
          room.subject = parsed.subject.trim() || undefined;
          await remember(room);
          ctx.emit('muc.subject-changed', { room: room.jid, subject: room.subject ?? null, by: parsed.nick });
          return true;
        }
        if (parsed.body === undefined) return true;
        const [added] = await history.store(room, [history.toStored(room, { ...parsed, body: parsed.body }, Date.now())], { isNews: true });
        if (!added) return true;
        ctx.emit('muc.message-received', added);
        announceRoomConversation(room);
        if (added.direction === 'in' && mentionsNick(added.body, room.nick)) ctx.emit('muc.mentioned', added);
        return true;
      }, 10);

      const onInvitation = async (message: Parameters<typeof parseInvitation>[0]) => {
        const invitation = parseInvitation(message);
        if (!invitation) return;
        if (rooms.get(invitation.room)?.state === 'joined') return true;
        // The invitation names only the address: the room itself says what it is called.
        const info = await disco.info(invitation.room).catch(() => undefined);
        const name = info?.identities.find((identity) => identity.category === 'conference')?.name?.trim();
        if (name) invitation.name = name;
        invitations.delete(invitation.room);
        invitations.set(invitation.room, invitation);
        if (invitations.size > MAX_PENDING_INVITATIONS) invitations.delete(invitations.keys().next().value as string);
        ctx.emit('muc.invitation-received', pendingView(invitation));
        return true;
      };
      ctx.route(`message/${NS_CONFERENCE}`, onInvitation, 10);
      ctx.route(`message/${NS_MUC_USER}`, (message) => {
        if (message.attrs.type !== 'groupchat') return onInvitation(message);
        // §10.2.1 status 104: the room's configuration changed (its name, perhaps).
        const room = rooms.get(message.attrs.from ?? '');
        if (room?.state === 'joined') void refreshInfo(room).catch(() => undefined);
        return undefined;
      }, 10);
      ctx.route(`message/${NS_MAM}`, (message) => history.collect(message), 10);

      /** Drops a room from this session and the cache (its bookmark is the caller's business). */
      const forget = async (jid: string): Promise<void> => {
        const room = rooms.get(jid);
        rooms.delete(jid);
        if (room && room.state !== 'left') exited(room, 'left');
        await cache.rooms.remove(user(), jid);
      };

      const joinRoom = async (room: Room, settings?: RoomSettings): Promise<RoomView> => {
        rooms.set(room.jid, room);
        try {
          await enter(room, settings);
        } catch (error) {
          if (room.state !== 'joined' && rooms.get(room.jid) === room) rooms.delete(room.jid);
          throw error;
        }
        invitations.delete(room.jid);
        // Following another device's bookmark: it is already there as it should be.
        if (bookmarks.get(room.jid)?.autojoin) return roomView(room);
        await bookmarks.put({
          jid: room.jid, autojoin: true, nick: room.preferredNick,
          ...(room.name !== undefined && { name: room.name }),
          ...(room.password !== undefined && { password: room.password }),
        });
        return roomView(room);
      };

      const autojoin = async () => {
        const list = await bookmarks.synced();
        const wanted = new Set(list.filter((bookmark) => bookmark.autojoin).map((bookmark) => bookmark.jid));
        for (const jid of [...rooms.keys()]) {
          if (!wanted.has(jid) && !entering.has(jid)) {
            rooms.delete(jid);
            await cache.rooms.remove(user(), jid);
          }
        }
        for (const bookmark of list) {
          if (!bookmark.autojoin) continue;
          const room = rooms.get(bookmark.jid) ?? newRoom(bookmark.jid, bookmark.nick ?? defaultNick(), bookmark);
          rooms.set(room.jid, room);
          enter(room).catch(() => {
            // Reported to the tabs as muc.room-left (join-failed) by exited().
          });
        }
      };

      ctx.onOnline(({ resumed }) => {
        if (resumed) return;
        // The old session's room presences are gone with it (§7.14): enter everything again.
        for (const room of rooms.values()) {
          settle(room.jid)?.reject(new MucError('E_MUC_JOIN_FAILED', `The connection was lost while entering ${room.jid}.`, 'remote-server-timeout'));
          room.state = 'left';
          room.occupants.clear();
        }
        service = undefined;
        autojoin().catch((error: unknown) => {
          // Each room reports its own failure; this is the bookmarks not coming at all.
          ctx.emit('muc.sync-failed', { room: null, message: String((error as Error).message ?? error) });
        });
      });

      bookmarks.listen({
        // Another device joined or left a room: follow it.
        updated: (bookmark) => {
          if (!bookmark.autojoin || rooms.has(bookmark.jid)) return;
          const room = newRoom(bookmark.jid, bookmark.nick ?? defaultNick(), bookmark);
          joinRoom(room).catch(() => {
            // Reported to the tabs as muc.room-left (join-failed) by exited().
          });
        },
        removed: async (jid) => {
          const room = rooms.get(jid);
          if (!room) return;
          if (room.state !== 'left') ctx.send(buildLeavePresence(jid, room.nick));
          await forget(jid);
        },
      });

      const api: Omit<MucApi, 'methods'> = {
        rooms: () => [...rooms.values()].map(roomView),
        join: async (jid, options = {}) => {
          const existing = rooms.get(jid);
          if (existing?.state === 'joined') return roomView(existing);
          const invitation = invitations.get(jid);
          const room = existing ?? newRoom(jid, options.nick ?? bookmarks.get(jid)?.nick ?? defaultNick(), {
            ...(invitation?.password !== undefined && { password: invitation.password }),
            ...(invitation?.name !== undefined && { name: invitation.name }),
          });
          return joinRoom(room);
        },
        create: async (name, options = {}) => {
          const host = await findService();
          const jid = `${roomLocalpart(name, randomBytes(3).toString('hex'))}@${host}`;
          return joinRoom(newRoom(jid, options.nick ?? defaultNick(), { name }), { name, membersOnly: options.membersOnly ?? true });
        },
        leave: async (jid) => {
          const room = rooms.get(jid);
          if (room && room.state !== 'left') ctx.send(buildLeavePresence(jid, room.nick));
          await forget(jid);
          await bookmarks.remove(jid);
        },
        send: (jid, body) => {
          joinedRoom(jid);
          const id = generateId();
          ctx.send(buildGroupchatMessage(jid, body, id));
          return id;
        },
        invite: async (jid, invitee, reason) => {
          const room = joinedRoom(jid);
          if (room.membersOnly === undefined) await refreshInfo(room);
          if (room.membersOnly) {
            const ours = ownAffiliation(room);
            if (ours !== 'owner' && ours !== 'admin') {
              // A member cannot grant membership; the room does when it relays the invitation.
              ctx.send(buildMediatedInvitation(room.jid, invitee, reason));
              return;
            }
            const present = [...room.occupants.values()].find((occupant) => occupant.jid === invitee);
            if (!present || present.affiliation === 'none') await ctx.iq(buildAffiliationSet(room.jid, invitee, 'member'));
          }
          ctx.send(buildDirectInvitation(invitee, room.jid, reason, room.password));
        },
        history: async (jid, before, limit) => {
          const room = rooms.get(jid);
          if (!room) throw new MucError('E_MUC_NOT_JOINED', `You are not in the group ${jid}.`);
          return history.page(room, before, limit);
        },
      };

      return {
        ...api,
        methods: {
          'muc.rooms': async () => ({ rooms: api.rooms(), invitations: [...invitations.values()].map(pendingView) }),
          'muc.create': async (params) => {
            const { name, membersOnly, nick } = createParams(params);
            return api.create(name, { membersOnly, ...(nick !== undefined && { nick }) });
          },
          'muc.join': async (params) => {
            const p = object(params);
            const nick = optionalNickParam(p);
            return api.join(roomParam(p), nick !== undefined ? { nick } : {});
          },
          'muc.leave': async (params) => {
            await api.leave(roomParam(object(params)));
            return {};
          },
          'muc.decline': async (params) => {
            invitations.delete(roomParam(object(params)));
            return {};
          },
          'muc.send': async (params) => {
            const { room, body } = sendParams(params);
            return { id: api.send(room, body) };
          },
          'muc.set-subject': async (params) => {
            const { room, subject } = subjectParams(params);
            ctx.send(buildSubjectMessage(joinedRoom(room).jid, subject));
            return {};
          },
          'muc.invite': async (params) => {
            const { room, jid, reason } = inviteParams(params);
            await api.invite(room, jid, reason);
            return {};
          },
          'muc.mark-read': async (params) => {
            const conversation = await cache.messages.markRead(user(), roomParam(object(params)));
            if (conversation) announceConversation(conversation);
            return {};
          },
          'muc.history': async (params) => {
            const { room, before, limit } = historyParams(params);
            return api.history(room, before, limit);
          },
        },
      };
    },
  });
}

function pendingView(invitation: Invitation): PendingInvitation {
  return { room: invitation.room, name: invitation.name ?? null, from: invitation.from, reason: invitation.reason };
}
