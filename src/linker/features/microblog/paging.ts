// The items of one pubsub node, newest page first, then older pages on demand, in the most
// precise way the server offers:
// 1. XEP-0059 result set management on the items request (XEP-0060 §6.5.4): a server that
//    pages items answers with a <set>, and the next older page is the one before its <first>.
// 2. Otherwise the node's item ids (XEP-0060 §5.5, newest first), fetched a page of ids at a
//    time (§6.5.8). Prosody 0.12 and 13 take this path: they ignore <set> on items (the
//    newest max_items come back, with no <set>) and keep no XEP-0313 archive of PEP nodes a
//    contact may query (a MAM query to a contact's account is service-unavailable).
// 3. Otherwise (the ids are not listed): more of the newest items (max_items), up to `limit`.
// References: XEP-0059 v1.0 §2.5 (paging backwards), XEP-0060 v1.26 §5.5, §6.5.4, §6.5.7, §6.5.8.
import type { Element } from '../../../../native/expat-stream/index.js';
import { StanzaError } from '../../errors.js';
import { buildDiscoItems, buildGetItems, buildGetItemsById, parseItemsResult, parseNodeItemIds, type RawItem } from '../pubsub/stanza.js';

type IqSender = (request: Element) => Promise<Element>;

type Cursor =
  /** The server pages with RSM: the oldest page so far began with `before`. */
  | { kind: 'rsm'; before: string }
  /** No RSM: the newest `depth` items were fetched, the ids not listed yet. */
  | { kind: 'unlisted'; fetched: ReadonlySet<string>; depth: number }
  /** The ids still to fetch, newest first. */
  | { kind: 'ids'; ids: readonly string[] }
  /** Neither RSM nor an id list: the newest `depth` items were fetched. */
  | { kind: 'depth'; depth: number }
  | { kind: 'end' };

export class NodePager {
  #cursor: Cursor = { kind: 'unlisted', fetched: new Set(), depth: 0 };

  constructor(
    private readonly iq: IqSender,
    readonly service: string,
    readonly node: string,
    /** The most items asked of the node without RSM (Prosody's pep_max_items default is 256). */
    private readonly limit: number,
  ) {}

  /** The node has no older items to give. */
  get ended(): boolean {
    return this.#cursor.kind === 'end';
  }

  /** The newest `max` items (oldest first, as servers send them); paging starts over from them. */
  async latest(max: number): Promise<RawItem[]> {
    let result: ReturnType<typeof parseItemsResult>;
    try {
      result = parseItemsResult(await this.iq(buildGetItems(this.service, this.node, { max, before: '' })));
    } catch (error) {
      // A contact who never posted has no node: nothing to page, not a failure.
      if (!(error instanceof StanzaError && error.condition === 'item-not-found')) throw error;
      this.#cursor = { kind: 'end' };
      return [];
    }
    const { items } = result;
    if (result.first !== undefined) this.#cursor = this.afterRsmPage(result, max);
    else this.#cursor = items.length < max ? { kind: 'end' } : { kind: 'unlisted', fetched: new Set(items.map((item) => item.id)), depth: max };
    return items;
  }

  /** The next older page of about `max` items; [] once ended. */
  async older(max: number): Promise<RawItem[]> {
    const cursor = this.#cursor;
    switch (cursor.kind) {
      case 'end':
        return [];
      case 'rsm': {
        const result = parseItemsResult(await this.iq(buildGetItems(this.service, this.node, { max, before: cursor.before })));
        this.#cursor = result.first === undefined || result.first === cursor.before ? { kind: 'end' } : this.afterRsmPage(result, max);
        return result.items;
      }
      case 'unlisted': {
        let ids: string[];
        try {
          ids = parseNodeItemIds(await this.iq(buildDiscoItems(this.service, this.node)));
        } catch (error) {
          if (!(error instanceof StanzaError)) throw error;
          this.#cursor = { kind: 'depth', depth: cursor.depth };
          return this.older(max);
        }
        this.#cursor = { kind: 'ids', ids: ids.filter((id) => !cursor.fetched.has(id)) };
        return this.older(max);
      }
      case 'ids': {
        const page = cursor.ids.slice(0, max);
        const rest = cursor.ids.slice(max);
        const items = page.length === 0 ? [] : parseItemsResult(await this.iq(buildGetItemsById(this.service, this.node, page))).items;
        this.#cursor = rest.length === 0 ? { kind: 'end' } : { kind: 'ids', ids: rest };
        return items;
      }
      case 'depth': {
        const depth = Math.min(this.limit, cursor.depth + max);
        const items = parseItemsResult(await this.iq(buildGetItems(this.service, this.node, { max: depth }))).items;
        this.#cursor = items.length < depth || depth >= this.limit ? { kind: 'end' } : { kind: 'depth', depth };
        // The newest `cursor.depth` came before; the server sends the oldest first.
        return items.slice(0, Math.max(0, items.length - cursor.depth));
      }
    }
  }

  private afterRsmPage(result: ReturnType<typeof parseItemsResult>, max: number): Cursor {
    const isFirstPage = result.firstIndex === 0 || (result.count !== undefined && result.count <= max);
    return result.items.length < max || isFirstPage || result.first === undefined ? { kind: 'end' } : { kind: 'rsm', before: result.first };
  }
}
