// Blocking (XEP-0191): the server drops everything from a blocked address (messages,
// presence, subscription requests) and hides our presence from it. The list lives on the
// server; this session keeps a copy, fetched when a session starts and kept current by
// the pushes every session of the account receives. A blocked contact shows as offline:
// their presence no longer reaches us.
// References: https://xmpp.org/extensions/xep-0191.html
import { defineFeature } from '../../feature.js';
import { bareJid } from '../../../xml/jid.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import { addressParam } from '../params.js';
import type { PresenceApi } from '../presence/index.js';
import { isTrustedPush } from '../roster/stanza.js';
import { NS_BLOCKING, buildBlock, buildBlocklistGet, buildUnblock, parseBlocklist, parseBlocklistPush } from './stanza.js';

export interface BlockingApi extends HasBrowserMethods {
  isBlocked(jid: string): boolean;
}

export const blockingFeature = defineFeature<BlockingApi>({
  name: 'blocking',
  setup(ctx) {
    const presence = ctx.feature<PresenceApi>('presence');
    const blocked = new Set<string>();
    let syncing: Promise<void> | undefined;

    const replace = (jids: readonly string[]): void => {
      blocked.clear();
      for (const jid of jids) blocked.add(jid);
      ctx.emit('blocking.list-replaced', { jids: [...blocked] });
    };

    ctx.onOnline(({ resumed }) => {
      if (resumed) return;
      const sync = ctx.iq(buildBlocklistGet())
        .then((result) => replace(parseBlocklist(result)))
        // A server without XEP-0191 has nothing blocked; the methods then fail on their own.
        .catch(() => replace([]))
        .finally(() => {
          if (syncing === sync) syncing = undefined;
        });
      syncing = sync;
    });

    ctx.route(`iq-set/${NS_BLOCKING}`, (iq) => {
      if (!isTrustedPush(iq, bareJid(ctx.jid))) return;
      const push = parseBlocklistPush(iq);
      if (!push) return true;
      if (push.kind === 'unblocked-all') {
        replace([]);
      } else if (push.kind === 'blocked') {
        for (const jid of push.jids) {
          if (blocked.has(jid)) continue;
          blocked.add(jid);
          presence.forget(jid);
          ctx.emit('blocking.item-added', { jid });
        }
      } else {
        for (const jid of push.jids) if (blocked.delete(jid)) ctx.emit('blocking.item-removed', { jid });
      }
      return true;
    });

    return {
      isBlocked: (jid) => blocked.has(jid),
      methods: {
        'blocking.list': async () => {
          await syncing;
          return { jids: [...blocked] };
        },
        'blocking.block': async (params: unknown) => {
          await ctx.iq(buildBlock(addressParam(params)));
          return {};
        },
        'blocking.unblock': async (params: unknown) => {
          await ctx.iq(buildUnblock(addressParam(params)));
          return {};
        },
      },
    };
  },
});
