// The roster (RFC 6121 §2): fetched when a session starts (not after a resumption, which
// missed nothing), kept current by roster pushes, cached per user, merged with live
// presence for the browser. Adding a contact also asks to see their presence; their
// requests to see ours are in requests.ts.
// References: https://www.rfc-editor.org/rfc/rfc6121#section-2, §3.1.1 (subscription request)
import { defineFeature } from '../../feature.js';
import { bareJid } from '../../../xml/jid.js';
import { getChild } from '../../../xml/element.js';
import type { RosterItem } from '../../../cache/index.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import type { PresenceApi } from '../presence/index.js';
import type { RosterContact } from './events.js';
import { DaemonError } from '../../../daemon/errors.js';
import { addressParam, optionalTextParam } from '../params.js';
import { requestMethods, setupSubscriptionRequests } from './requests.js';
import {
  NS_ROSTER, buildRosterGet, buildRosterRemove, buildRosterSet, buildSubscription, isTrustedPush, offersRosterVersioning,
  parseRosterAnswer, parseRosterItem,
} from './stanza.js';

/** A roster name longer than this is refused: it is shown in one line. */
const MAX_CONTACT_NAME = 100;

/**
 * Where the roster is kept between logins: the cache's per-user roster records and their
 * version (a change without a version forgets the stored one).
 */
export interface RosterStore {
  replaceAll(user: string, items: readonly RosterItem[], version?: string): Promise<void>;
  put(user: string, item: RosterItem, version?: string): Promise<void>;
  remove(user: string, jid: string, version?: string): Promise<void>;
  list(user: string): RosterItem[];
  get(user: string, jid: string): RosterItem | undefined;
  version(user: string): string | undefined;
}

export interface RosterApi extends HasBrowserMethods {
  contacts(): RosterContact[];
  isContact(jid: string): boolean;
}

export function rosterFeature(store: RosterStore) {
  return defineFeature<RosterApi>({
    name: 'roster',
    setup(ctx) {
      const presence = ctx.feature<PresenceApi>('presence');
      const user = () => bareJid(ctx.jid);
      const toContact = (item: RosterItem): RosterContact => ({
        jid: item.jid,
        name: item.name ?? null,
        groups: item.groups,
        subscription: item.subscription,
        ask: item.ask === 'subscribe',
        presence: presence.summaryOf(item.jid),
      });
      const contacts = () => store.list(user()).map(toContact);
      const requests = setupSubscriptionRequests(ctx, (jid) => store.get(user(), jid));
      /** The synchronisation in flight after a new session; a tab asking meanwhile waits for it. */
      let syncing: Promise<void> | undefined;

      ctx.onOnline(({ resumed, streamFeatures }) => {
        if (resumed) return;
        // '' asks for the whole roster while saying we understand versions (§2.6.2).
        const version = offersRosterVersioning(streamFeatures) ? store.version(user()) ?? '' : undefined;
        const sync = ctx.iq(buildRosterGet(version))
          .then(async (result) => {
            const answer = parseRosterAnswer(result);
            if (answer !== 'unchanged') await store.replaceAll(user(), answer.items, answer.version);
            ctx.emit('roster.list-replaced', { items: contacts() });
          })
          .catch((error: unknown) => ctx.emit('roster.sync-failed', { message: String((error as Error).message ?? error) }))
          .finally(() => {
            if (syncing === sync) syncing = undefined;
          });
        syncing = sync;
      });

      ctx.route(`iq-set/${NS_ROSTER}`, async (iq) => {
        // Anything but our own account pushing is spoofing: leave it unanswered by us, so the
        // router refuses it (RFC 6121 §2.1.6).
        if (!isTrustedPush(iq, user())) return;
        const query = getChild(iq, 'query', NS_ROSTER);
        const item = query && getChild(query, 'item');
        const parsed = item ? parseRosterItem(item) : null;
        if (!parsed) return true;
        // Each push carries the version the roster has after it, under versioning (§2.6.3).
        const version = query?.attrs.ver;
        if ('removed' in parsed) {
          await store.remove(user(), parsed.jid, version);
          ctx.emit('roster.item-removed', { jid: parsed.jid });
        } else {
          await store.put(user(), parsed, version);
          if (parsed.subscription === 'from' || parsed.subscription === 'both') requests.settle(parsed.jid);
          ctx.emit('roster.item-updated', toContact(parsed));
        }
        return true;
      });

      return {
        contacts,
        isContact: (jid) => store.get(user(), jid) !== undefined,
        methods: {
          'roster.get': async () => {
            // A roster cached under a version is the server's as of that version: what changed
            // since comes as pushes and roster.list-replaced, so a tab need not wait for the sync.
            if (store.version(user()) === undefined) await syncing;
            return { items: contacts() };
          },
          'roster.add': async (params: unknown) => {
            const jid = addressParam(params);
            const name = optionalTextParam(params, 'name', MAX_CONTACT_NAME);
            if (jid === user()) throw new DaemonError('E_RPC_BAD_PARAMS', 'That is your own address.');
            await ctx.iq(buildRosterSet(jid, name));
            // Adding someone who asked first answers them too.
            if (requests.has(jid)) requests.accept(jid);
            else ctx.send(buildSubscription(jid, 'subscribe'));
            return {};
          },
          'roster.remove': async (params: unknown) => {
            const jid = addressParam(params);
            await ctx.iq(buildRosterRemove(jid));
            requests.settle(jid);
            return {};
          },
          ...requestMethods(requests),
        },
      };
    },
  });
}
