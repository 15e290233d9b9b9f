// XEP-0060 publish-subscribe requests and notifications, shared by the microblog (PEP) and
// communities (pubsub.<domain>) features. Pure builders and parsers.
// References: XEP-0060 v1.26 §5.5 (a node's item ids), §6.1 (subscribe), §6.2 (unsubscribe),
// §6.5 (retrieve items, §6.5.8 by id), §7.1 (publish, publish-options §7.1.5), §7.2 (retract),
// §8.1 (create and configure), §8.2 (configure), §8.9 (affiliations), §4.3 (event notifications), XEP-0059 (RSM),
// XEP-0004 (data forms), XEP-0030 (disco#items of a service).
import type { Element } from '../../../../native/expat-stream/index.js';
import { getChild, getChildText, getChildren, isElement, xml } from '../../../xml/element.js';
import { NS_DATA_FORMS, NS_RSM } from '../../namespaces.js';
import { NS_DISCO_ITEMS } from '../disco/stanza.js';

export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
export const NS_PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner';

export type AccessModel = 'presence' | 'open' | 'whitelist' | 'authorize' | 'roster';
export type Affiliation = 'owner' | 'publisher' | 'publish-only' | 'member' | 'none' | 'outcast';

export interface NodeConfig {
  accessModel?: AccessModel;
  publishModel?: 'publishers' | 'subscribers' | 'open';
  maxItems?: number | 'max';
  title?: string;
  description?: string;
  notifyRetract?: boolean;
  /** Who replies go to; "publisher" also makes Prosody 13 show each item's publisher on PEP. */
  itemReply?: 'owner' | 'publisher';
}

function configForm(formType: string, config: NodeConfig): Element {
  const field = (name: string, value: string | number | boolean | undefined) =>
    value === undefined ? null : xml('field', { var: name }, xml('value', null, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)));
  return xml(
    'x',
    { xmlns: NS_DATA_FORMS, type: 'submit' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', null, formType)),
    field('pubsub#access_model', config.accessModel),
    field('pubsub#publish_model', config.publishModel),
    field('pubsub#max_items', config.maxItems),
    field('pubsub#title', config.title),
    field('pubsub#description', config.description),
    field('pubsub#notify_retract', config.notifyRetract),
    field('pubsub#itemreply', config.itemReply),
  );
}

/** §8.1.2: create with a configuration. */
export function buildCreateNode(service: string, node: string, config: NodeConfig): Element {
  return xml(
    'iq',
    { type: 'set', to: service },
    xml('pubsub', { xmlns: NS_PUBSUB }, xml('create', { node }), xml('configure', null, configForm(`${NS_PUBSUB}#node_config`, config))),
  );
}

/** §8.2.4: change an existing node's configuration (owner). */
export function buildConfigureNode(service: string, node: string, config: NodeConfig): Element {
  return xml('iq', { type: 'set', to: service }, xml('pubsub', { xmlns: NS_PUBSUB_OWNER }, xml('configure', { node }, configForm(`${NS_PUBSUB}#node_config`, config))));
}

/** §8.2.1: ask a node's configuration (owner). */
export function buildGetNodeConfig(service: string, node: string): Element {
  return xml('iq', { type: 'get', to: service }, xml('pubsub', { xmlns: NS_PUBSUB_OWNER }, xml('configure', { node })));
}

/** The access model in a §8.2.1 answer, if it names one. */
export function parseAccessModel(result: Element): string | undefined {
  const configure = getChild(getChild(result, 'pubsub', NS_PUBSUB_OWNER) ?? result, 'configure');
  const form = configure && getChild(configure, 'x', NS_DATA_FORMS);
  const field = form && getChildren(form, 'field').find((candidate) => candidate.attrs.var === 'pubsub#access_model');
  return (field && getChildText(field, 'value')) ?? undefined;
}

/** §7.1: publish one item (its payload is the item's only child). */
export function buildPublish(service: string, node: string, id: string, payload: Element): Element {
  return xml('iq', { type: 'set', to: service }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('publish', { node }, xml('item', { id }, payload))));
}

/** §7.2: retract, notifying subscribers. */
export function buildRetract(service: string, node: string, id: string): Element {
  return xml('iq', { type: 'set', to: service }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('retract', { node, notify: 'true' }, xml('item', { id }))));
}

/**
 * §6.5.7 (the newest `max` items) with an XEP-0059 page request beside it: servers that page
 * items honour `<set>`, others (Prosody 0.12 and 13) answer the newest max_items and no `<set>`.
 * `before`: '' asks for the last page (the newest, XEP-0059 §2.5), an item id for the page
 * before that item (older).
 */
export function buildGetItems(service: string, node: string, options: { max: number; before?: string }): Element {
  return xml(
    'iq',
    { type: 'get', to: service },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('items', { node, max_items: options.max }),
      xml('set', { xmlns: NS_RSM }, xml('max', null, options.max), options.before !== undefined ? xml('before', null, options.before || null) : null),
    ),
  );
}

/** §6.5.8: particular items, by id (a page of ids listed with §5.5). */
export function buildGetItemsById(service: string, node: string, ids: readonly string[]): Element {
  return xml('iq', { type: 'get', to: service }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node }, ids.map((id) => xml('item', { id })))));
}

export function buildSubscribe(service: string, node: string, jid: string): Element {
  return xml('iq', { type: 'set', to: service }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node, jid })));
}

export function buildUnsubscribe(service: string, node: string, jid: string): Element {
  return xml('iq', { type: 'set', to: service }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('unsubscribe', { node, jid })));
}

/** §5.6: the entity's subscriptions on a service. */
export function buildGetSubscriptions(service: string): Element {
  return xml('iq', { type: 'get', to: service }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscriptions')));
}

/** §8.9.2.4: set affiliations (owner). */
export function buildSetAffiliations(service: string, node: string, affiliations: ReadonlyArray<{ jid: string; affiliation: Affiliation }>): Element {
  return xml(
    'iq',
    { type: 'set', to: service },
    xml('pubsub', { xmlns: NS_PUBSUB_OWNER }, xml('affiliations', { node }, affiliations.map((entry) => xml('affiliation', { jid: entry.jid, affiliation: entry.affiliation })))),
  );
}

export function buildGetAffiliations(service: string, node: string): Element {
  return xml('iq', { type: 'get', to: service }, xml('pubsub', { xmlns: NS_PUBSUB_OWNER }, xml('affiliations', { node })));
}

export function parseAffiliations(result: Element): Array<{ jid: string; affiliation: Affiliation }> {
  const affiliations = getChild(getChild(result, 'pubsub', NS_PUBSUB_OWNER) ?? result, 'affiliations');
  return (affiliations ? getChildren(affiliations, 'affiliation') : [])
    .filter((entry) => entry.attrs.jid && entry.attrs.affiliation)
    .map((entry) => ({ jid: entry.attrs.jid!, affiliation: entry.attrs.affiliation as Affiliation }));
}

export function parseSubscriptions(result: Element): Array<{ node: string; jid: string; subscription: string }> {
  const subscriptions = getChild(getChild(result, 'pubsub', NS_PUBSUB) ?? result, 'subscriptions');
  return (subscriptions ? getChildren(subscriptions, 'subscription') : [])
    .filter((entry) => entry.attrs.node && entry.attrs.jid)
    .map((entry) => ({ node: entry.attrs.node!, jid: entry.attrs.jid!, subscription: entry.attrs.subscription ?? 'subscribed' }));
}

/** XEP-0030 disco#items of a service, or with `node` the ids of that node's items (§5.5). */
export function buildDiscoItems(service: string, node?: string): Element {
  return xml('iq', { type: 'get', to: service }, xml('query', { xmlns: NS_DISCO_ITEMS, node }));
}

/** §5.5: a node's item ids (each disco item's name), in the server's order. */
export function parseNodeItemIds(result: Element): string[] {
  const query = getChild(result, 'query', NS_DISCO_ITEMS);
  return (query ? getChildren(query, 'item') : []).map((item) => item.attrs.name).filter((name): name is string => !!name);
}

export function parseDiscoNodes(result: Element): Array<{ node: string; name: string | null }> {
  const query = getChild(result, 'query', NS_DISCO_ITEMS);
  return (query ? getChildren(query, 'item') : [])
    .filter((item) => item.attrs.node)
    .map((item) => ({ node: item.attrs.node!, name: item.attrs.name ?? null }));
}

export interface RawItem {
  id: string;
  /** The item's payload element (undefined: an empty item, e.g. a notification without payload). */
  payload: Element | undefined;
  publisher: string | undefined;
}

/**
 * The items of a §6.5 result, newest last as the server sent them; plus the XEP-0059 page
 * info when the server paged them (`first` is the page's first item, `firstIndex` its place).
 */
export function parseItemsResult(result: Element): { node: string; items: RawItem[]; first?: string; firstIndex?: number; count?: number } {
  const pubsub = getChild(result, 'pubsub', NS_PUBSUB);
  const items = pubsub && getChild(pubsub, 'items');
  const set = pubsub && getChild(pubsub, 'set', NS_RSM);
  const first = set && getChild(set, 'first');
  const count = set ? Number(getChildText(set, 'count')) : NaN;
  const firstIndex = first?.attrs.index !== undefined ? Number(first.attrs.index) : NaN;
  return {
    node: items?.attrs.node ?? '',
    items: items ? getChildren(items, 'item').filter((item) => item.attrs.id).map(toRawItem) : [],
    ...(set && getChildText(set, 'first') ? { first: getChildText(set, 'first')! } : {}),
    ...(Number.isSafeInteger(firstIndex) ? { firstIndex } : {}),
    ...(Number.isSafeInteger(count) ? { count } : {}),
  };
}

function toRawItem(item: Element): RawItem {
  return { id: item.attrs.id!, payload: item.children.find(isElement), publisher: item.attrs.publisher };
}

export type PubsubEvent =
  | { kind: 'items'; service: string; node: string; items: RawItem[]; retracted: string[] }
  | { kind: 'purge' | 'delete'; service: string; node: string };

/** §4.3, §7.2.2.1, §8.4, §8.5: a message's pubsub event, or undefined. */
export function parsePubsubEvent(message: Element): PubsubEvent | undefined {
  const event = getChild(message, 'event', NS_PUBSUB_EVENT);
  const service = message.attrs.from;
  if (!event || !service) return undefined;
  const items = getChild(event, 'items');
  if (items?.attrs.node) {
    return {
      kind: 'items',
      service,
      node: items.attrs.node,
      items: getChildren(items, 'item').filter((item) => item.attrs.id).map(toRawItem),
      retracted: getChildren(items, 'retract').map((retract) => retract.attrs.id).filter((id): id is string => !!id),
    };
  }
  const purge = getChild(event, 'purge');
  if (purge?.attrs.node) return { kind: 'purge', service, node: purge.attrs.node };
  const deleted = getChild(event, 'delete');
  if (deleted?.attrs.node) return { kind: 'delete', service, node: deleted.attrs.node };
  return undefined;
}
