// Profiles: our own and our contacts' names and avatars, over PEP. Contacts' changes arrive
// as notifications we asked for with +notify in our caps (XEP-0163), also the last ones
// after each login; ours are read back when a session starts. Avatar images are fetched by
// hash and kept once in the cache's shared blob store: a grandmother who is everyone's
// contact costs one copy, fetched by whichever session of the family first needs it.
// References: https://xmpp.org/extensions/xep-0084.html, https://xmpp.org/extensions/xep-0292.html,
// https://xmpp.org/extensions/xep-0172.html, https://xmpp.org/extensions/xep-0163.html §4 (+notify)
import type { Element } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import { sha1Hex } from '../../../cache/blobs.js';
import type { BlobStore } from '../../../cache/index.js';
import { DaemonError } from '../../../daemon/errors.js';
import { defineFeature } from '../../feature.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import { NS_NICK } from '../../namespaces.js';
import { optionalTextParam } from '../params.js';
import { NS_PUBSUB_EVENT } from '../pubsub/stanza.js';
import type { RosterApi } from '../roster/index.js';
import { MAX_AVATAR_BYTES, type Profile } from './events.js';
import { avatarParams } from './params.js';
import {
  MAX_NAME_LENGTH, NS_AVATAR_DATA, NS_AVATAR_METADATA, NS_VCARD4_NODE,
  buildAvatarDataPublish, buildAvatarMetadataPublish, buildItemsGet, buildNickPublish, buildVcardPublish,
  parseAvatarData, parseAvatarMetadata, parseItemsResult, parseNick, parsePepNotification, parseVcardName,
  type AvatarInfo,
} from './stanza.js';

export interface ProfileApi extends HasBrowserMethods {
  profileOf(jid: string): Profile;
}

/** Avatars other clients publish may be larger than ours; beyond this they are not kept. */
const MAX_FETCHED_AVATAR_BYTES = 512 * 1024;

interface Known {
  avatar: string | null;
  vcardName: string | null;
  nick: string | null;
}

const PROFILE_NODES = [NS_AVATAR_METADATA, NS_VCARD4_NODE, NS_NICK];

export function profileFeature(blobs: BlobStore) {
  /** Avatar fetches in flight for the whole process, by hash: one fetch per image for the family. */
  const fetching = new Map<string, Promise<boolean>>();

  return defineFeature<ProfileApi>({
    name: 'profile',
    disco: PROFILE_NODES.map((node) => `${node}+notify`),
    setup(ctx) {
      const roster = ctx.feature<RosterApi>('roster');
      const user = () => bareJid(ctx.jid);
      const people = new Map<string, Known>();
      /** The avatar last announced per person, so a slow fetch of an older one does not win. */
      const announced = new Map<string, string | null>();

      const profileOf = (jid: string): Profile => {
        const known = people.get(jid);
        return { jid, name: known?.vcardName ?? known?.nick ?? null, avatar: known?.avatar ?? null };
      };

      const update = (jid: string, change: Partial<Known>): void => {
        const before = profileOf(jid);
        people.set(jid, { avatar: null, vcardName: null, nick: null, ...people.get(jid), ...change });
        const after = profileOf(jid);
        if (after.name !== before.name || after.avatar !== before.avatar) ctx.emit('profile.person-updated', after);
      };

      /** Resolves true once the image is in the blob store, fetching it unless stored or on its way. */
      const storeAvatar = (jid: string, info: AvatarInfo): Promise<boolean> => {
        if (blobs.hasBlob('avatar', info.hash)) return Promise.resolve(true);
        let fetch = fetching.get(info.hash);
        if (!fetch) {
          fetch = ctx.iq(buildItemsGet(jid, NS_AVATAR_DATA, info.hash))
            .then(async (result) => {
              const data = parseItemsResult(result).map((payload) => parseAvatarData(payload, MAX_FETCHED_AVATAR_BYTES)).find((bytes) => bytes !== null);
              if (!data) return false;
              await blobs.putBlob('avatar', data, info.type, info.hash);
              return true;
            })
            .finally(() => fetching.delete(info.hash));
          fetching.set(info.hash, fetch);
        }
        return fetch;
      };

      const onAvatarMetadata = async (jid: string, metadata: Element | undefined): Promise<void> => {
        const info = metadata ? parseAvatarMetadata(metadata) : null;
        if (info === undefined) return; // announced only in forms we cannot show: initials stay
        announced.set(jid, info?.hash ?? null);
        if (info === null) return update(jid, { avatar: null });
        // A failed fetch (gone, refused, wrong bytes) leaves the initials; the next announcement retries.
        const stored = await storeAvatar(jid, info).catch(() => false);
        if (stored && announced.get(jid) === info.hash) update(jid, { avatar: info.hash });
      };

      const apply = (jid: string, node: string, payload: Element | undefined): void => {
        if (node === NS_AVATAR_METADATA) void onAvatarMetadata(jid, payload);
        else if (node === NS_VCARD4_NODE) update(jid, { vcardName: payload ? parseVcardName(payload) : null });
        else update(jid, { nick: payload ? parseNick(payload) : null });
      };

      ctx.route(`message/${NS_PUBSUB_EVENT}`, (message) => {
        const from = tryParseJid(message.attrs.from);
        const notification = parsePepNotification(message);
        if (!from || from.resource !== '' || !notification || !PROFILE_NODES.includes(notification.node)) return;
        const jid = bareJid(from);
        // Only people we know: a stranger's notifications would only fill the shared store.
        if (jid === user() || roster.isContact(jid)) apply(jid, notification.node, notification.payloads[0]);
        return true;
      });

      /** Our own profile as published (by Foyer or another client of ours). */
      const loadOwn = async (node: string): Promise<Element | undefined> => {
        try {
          return parseItemsResult(await ctx.iq(buildItemsGet(user(), node)))[0];
        } catch {
          return undefined; // item-not-found: nothing published yet
        }
      };

      ctx.onOnline(({ resumed }) => {
        if (resumed) return;
        for (const node of PROFILE_NODES) void loadOwn(node).then((payload) => apply(user(), node, payload));
      });

      const publishAvatar = async (info: AvatarInfo | null, data?: Buffer): Promise<Profile> => {
        if (info && data) {
          await blobs.putBlob('avatar', data, info.type, info.hash);
          await ctx.iq(buildAvatarDataPublish(info.hash, data));
        }
        await ctx.iq(buildAvatarMetadataPublish(info));
        announced.set(user(), info?.hash ?? null);
        update(user(), { avatar: info?.hash ?? null });
        return profileOf(user());
      };

      return {
        profileOf,
        methods: {
          'profile.get': () => ({ profiles: [user(), ...[...people.keys()].filter((jid) => jid !== user())].map(profileOf) }),
          'profile.set-avatar': (params: unknown) => {
            const { data, type, width, height } = avatarParams(params, MAX_AVATAR_BYTES);
            return publishAvatar({ hash: sha1Hex(data), type, bytes: data.length, width, height }, data);
          },
          'profile.remove-avatar': () => publishAvatar(null),
          'profile.set-name': async (params: unknown) => {
            const name = optionalTextParam(params, 'name', MAX_NAME_LENGTH);
            if (name === null) throw new DaemonError('E_RPC_BAD_PARAMS', 'The name cannot be empty.');
            await ctx.iq(buildVcardPublish(await loadOwn(NS_VCARD4_NODE), name));
            await ctx.iq(buildNickPublish(name));
            update(user(), { vcardName: name, nick: name });
            return profileOf(user());
          },
        },
      };
    },
  });
}
