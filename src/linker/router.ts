// Routes inbound stanzas to handlers by readable keys, in priority order, isolating handlers
// from each other: a throwing handler is logged and, for an iq, answered with an error.
// References: RFC 6120 §8.2.3 (iq get/set must be answered), §10.3 (service-unavailable for
// an unhandled iq), §8.3.3.5 (internal-server-error).
//
// Keys: `iq-get/<payload ns>`, `iq-set/<payload ns>`, `message/<child ns>` and
// `presence/<child ns>` for each child namespace, then plain `message` / `presence`.
import type { Element } from '../../native/expat-stream/index.js';
import { getFirstChild, isElement, namespaceOf } from '../xml/element.js';
import { StanzaError } from './errors.js';

/**
 * For message/presence keys: return true to stop propagation.
 * For iq-get/iq-set keys: return the result payload (an Element), or true for an empty
 * result, or nothing to leave the iq to the next handler; throw a StanzaError to refuse.
 */
export type StanzaHandler = (stanza: Element) => boolean | void | Element | Promise<boolean | void | Element>;

export type RouteOutcome =
  | { kind: 'unhandled' }
  | { kind: 'handled' }
  | { kind: 'result'; payload: Element | undefined }
  | { kind: 'error'; error: StanzaError };

interface Route {
  handler: StanzaHandler;
  priority: number;
}

export type RouterLog = (key: string, error: unknown) => void;

export class Router {
  #routes = new Map<string, Route[]>();
  readonly #log: RouterLog;

  constructor(log: RouterLog) {
    this.#log = log;
  }

  /** Adds a handler; higher priorities run first. Returns the function that removes it. */
  on(key: string, handler: StanzaHandler, priority = 0): () => void {
    const routes = this.#routes.get(key) ?? [];
    const route = { handler, priority };
    routes.push(route);
    routes.sort((a, b) => b.priority - a.priority);
    this.#routes.set(key, routes);
    return () => {
      const remaining = (this.#routes.get(key) ?? []).filter((r) => r !== route);
      if (remaining.length > 0) this.#routes.set(key, remaining);
      else this.#routes.delete(key);
    };
  }

  async dispatch(stanza: Element): Promise<RouteOutcome> {
    const isRequest = stanza.name === 'iq';
    for (const key of routingKeys(stanza)) {
      for (const { handler } of this.#routes.get(key) ?? []) {
        let result: boolean | void | Element;
        try {
          result = await handler(stanza);
        } catch (error) {
          if (error instanceof StanzaError) return { kind: 'error', error };
          this.#log(key, error);
          if (isRequest) return { kind: 'error', error: new StanzaError('internal-server-error', 'cancel') };
          continue;
        }
        if (isRequest && isElement(result as Element | undefined)) return { kind: 'result', payload: result as Element };
        if (result === true) return isRequest ? { kind: 'result', payload: undefined } : { kind: 'handled' };
      }
    }
    return { kind: 'unhandled' };
  }
}

/** The keys a stanza is routed by, most specific first. */
export function routingKeys(stanza: Element): string[] {
  if (stanza.name === 'iq') {
    const payload = getFirstChild(stanza);
    const type = stanza.attrs.type;
    if ((type !== 'get' && type !== 'set') || !payload) return [];
    return [`iq-${type}/${namespaceOf(payload) ?? ''}`];
  }
  const keys: string[] = [];
  for (const child of stanza.children) {
    if (!isElement(child)) continue;
    const ns = namespaceOf(child);
    if (ns === undefined) continue;
    const key = `${stanza.name}/${ns}`;
    if (!keys.includes(key)) keys.push(key);
  }
  keys.push(stanza.name);
  return keys;
}
