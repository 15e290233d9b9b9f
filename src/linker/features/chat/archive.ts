// Our side of XEP-0313 queries: sends a query, collects the result messages that belong to it
// (they arrive before the iq result), and pages.
// References: XEP-0313 v1.1 §4.2-§4.3, XEP-0059 §2.
import type { Element } from '../../../xml/element.js';
import { getChild } from '../../../xml/element.js';
import { generateId } from '../../../xml/id.js';
import type { FeatureContext } from '../../feature.js';
import { buildMamQuery, NS_MAM, parseMamFin, parseMamResult, type MamFin, type MamQuery, type MamResult } from '../mam/stanza.js';

export interface ArchivePage {
  results: MamResult[];
  fin: MamFin;
}

export class ArchiveClient {
  readonly #pending = new Map<string, MamResult[]>();

  constructor(
    private readonly ctx: FeatureContext,
    private readonly accountBare: () => string,
  ) {
    ctx.route(`message/${NS_MAM}`, (message) => this.#collect(message));
  }

  /** One page, oldest first. Rejects with the server's StanzaError (item-not-found for an unknown id). */
  async query(query: Omit<MamQuery, 'queryId'>): Promise<ArchivePage> {
    const queryId = generateId();
    const results: MamResult[] = [];
    this.#pending.set(queryId, results);
    try {
      const answer = await this.ctx.iq(buildMamQuery({ ...query, queryId }));
      return { results, fin: parseMamFin(answer) };
    } finally {
      this.#pending.delete(queryId);
    }
  }

  #collect(message: Element): boolean {
    const queryId = getChild(message, 'result', NS_MAM)?.attrs.queryid;
    const results = queryId === undefined ? undefined : this.#pending.get(queryId);
    const result = results && parseMamResult(message, queryId!, (from) => from === undefined || from === this.accountBare());
    if (result) results!.push(result);
    // A result of no query of ours (late, or forged) is dropped all the same.
    return true;
  }
}
