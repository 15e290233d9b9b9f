// XEP-0030 Service Discovery: answer disco#info about ourselves and query other entities.
// References: XEP-0030 v2.5 §3 (info: identities and features; a node we do not know is
// item-not-found, §3.2), §4 (items).
import { getFirstChild, xml } from '../../../xml/element.js';
import { StanzaError } from '../../errors.js';
import { defineFeature } from '../../feature.js';
import {
  buildDiscoInfo, NS_DISCO_INFO, NS_DISCO_ITEMS, parseDiscoInfo, parseDiscoItems, queryOf,
  type DiscoIdentity, type DiscoInfo, type DiscoItem,
} from './stanza.js';

/** How Foyer presents itself (XEP-0030 registry: client/web). */
export const FOYER_IDENTITY: DiscoIdentity = { category: 'client', type: 'web', name: 'Foyer' };

export interface DiscoApi {
  /** Our own info: identity and the disco features of every enabled feature. */
  ownInfo(): DiscoInfo;
  /** Also answer disco#info for this node with our own info (entity caps uses node#ver). */
  addNode(node: string): void;
  info(jid: string, node?: string): Promise<DiscoInfo>;
  items(jid: string, node?: string): Promise<DiscoItem[]>;
}

export const disco = defineFeature<DiscoApi>({
  name: 'disco',
  disco: [NS_DISCO_INFO],
  setup(ctx) {
    const own: DiscoInfo = { identities: [FOYER_IDENTITY], features: [...ctx.discoFeatures], forms: [] };
    const nodes = new Set<string>();

    ctx.route(`iq-get/${NS_DISCO_INFO}`, (iq) => {
      const node = getFirstChild(iq)?.attrs.node;
      if (node !== undefined && !nodes.has(node)) throw new StanzaError('item-not-found', 'cancel');
      return buildDiscoInfo(own, node);
    });

    const query = async (xmlns: string, jid: string, node: string | undefined) => {
      const result = await ctx.iq(xml('iq', { type: 'get', to: jid }, xml('query', { xmlns, node })));
      const payload = queryOf(result, xmlns);
      if (!payload) throw new StanzaError('undefined-condition', 'cancel', `${jid} answered without a <query/>`);
      return payload;
    };

    return {
      ownInfo: () => own,
      addNode: (node) => { nodes.add(node); },
      info: async (jid, node) => parseDiscoInfo(await query(NS_DISCO_INFO, jid, node)),
      items: async (jid, node) => parseDiscoItems(await query(NS_DISCO_ITEMS, jid, node)),
    };
  },
});
