// XEP-0115 Entity Capabilities: announce our ver, and learn what contacts support from the
// ver in their presence, verified before it enters the process-wide cache.
// References: XEP-0115 v1.6 §4 (the <c/> element), §5.1 (ver), §6.2 (query node#ver),
// §5.4 (verify before caching; an unverifiable ver is not cached).
import { getChild, xml, type Element } from '../../../xml/element.js';
import { defineFeature, type FeatureDefinition } from '../../feature.js';
import type { DiscoApi } from '../disco/index.js';
import type { DiscoInfo } from '../disco/stanza.js';
import type { CapsEvent } from './events.js';
import type { CapsStore } from './store.js';
import { computeCapsVer, isSupportedCapsHash, verifyCaps } from './ver.js';

export const NS_CAPS = 'http://jabber.org/protocol/caps';
/** Identifies Foyer as the software behind our ver (XEP-0115 §4: a URI). */
export const FOYER_CAPS_NODE = 'urn:xmpp:foyer:caps';

export interface CapsApi {
  /** Our ver, for the <c/> element of outgoing presence. */
  readonly ver: string;
  /** The <c/> element to put into our presence. */
  element(): Element;
  /** What a contact's client supports, when its caps were seen and verified. */
  infoOf(jid: string): DiscoInfo | undefined;
}

export function createCapsFeature(store: CapsStore): FeatureDefinition<CapsApi> {
  return defineFeature<CapsApi>({
    name: 'caps',
    disco: [NS_CAPS],
    setup(ctx) {
      const disco = ctx.feature<DiscoApi>('disco');
      const ver = computeCapsVer(disco.ownInfo());
      disco.addNode(`${FOYER_CAPS_NODE}#${ver}`);
      /** Full JID → announced ver, for the contacts currently online. */
      const seen = new Map<string, string>();
      const pending = new Set<string>();
      const emit = (event: CapsEvent): void => ctx.emit(event.name, event.payload);

      const learn = async (jid: string, node: string, announced: string, hash: string): Promise<void> => {
        pending.add(announced);
        try {
          const info = await disco.info(jid, `${node}#${announced}`);
          const verdict = verifyCaps(info, announced, hash);
          if (verdict.ok) {
            store.put(announced, info);
            emit({ name: 'caps.info-resolved', payload: { jid, ver: announced } });
          } else {
            emit({ name: 'caps.verification-failed', payload: { jid, ver: announced, reason: verdict.reason } });
          }
        } catch (error) {
          emit({ name: 'caps.verification-failed', payload: { jid, ver: announced, reason: `disco#info failed: ${(error as Error).message}` } });
        } finally {
          pending.delete(announced);
        }
      };

      ctx.route(`presence/${NS_CAPS}`, (presence) => {
        const from = presence.attrs.from;
        const c = getChild(presence, 'c', NS_CAPS);
        if (!from || !c || presence.attrs.type === 'unavailable') return;
        const { hash, node, ver: announced } = c.attrs;
        // A legacy <c/> without hash (XEP-0115 v1.3) cannot be verified: ignored.
        if (!hash || !node || !announced || !isSupportedCapsHash(hash)) return;
        seen.set(from, announced);
        if (store.get(announced) !== undefined) {
          emit({ name: 'caps.info-resolved', payload: { jid: from, ver: announced } });
        } else if (!pending.has(announced)) {
          void learn(from, node, announced, hash);
        }
      });
      ctx.route('presence', (presence) => {
        if (presence.attrs.type === 'unavailable' && presence.attrs.from) seen.delete(presence.attrs.from);
      }, -10);

      return {
        ver,
        element: () => xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: FOYER_CAPS_NODE, ver }),
        infoOf: (jid) => {
          const known = seen.get(jid);
          return known === undefined ? undefined : store.get(known);
        },
      };
    },
  });
}
