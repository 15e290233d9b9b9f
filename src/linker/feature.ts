// The seam through which features plug into a session (xmpp.js plugins, Prosody modules):
// a feature declares its disco features and sets itself up through a context; everything it
// registers goes through that context, so nothing outlives the session.
import type { Element } from '../../native/expat-stream/index.js';
import type { StanzaHandler } from './router.js';

export interface OnlineInfo {
  /** true: the XEP-0198 session was resumed and nothing was missed; false: resynchronise. */
  resumed: boolean;
  /** The stream features offered after authentication (RFC 6120 §4.3.2), e.g. roster versioning. */
  streamFeatures: Element;
}

export interface FeatureContext {
  /** Our full JID (bare before the first bind). */
  readonly jid: string;
  /** Sends a stanza; with stream management it is retried until the server acknowledges it. */
  send(stanza: Element): void;
  /** Sends an iq get/set and resolves with the result (rejects with StanzaError / timeout). */
  iq(request: Element, options?: { timeoutMs?: number }): Promise<Element>;
  route(key: string, handler: StanzaHandler, priority?: number): void;
  onOnline(listener: (info: OnlineInfo) => void): void;
  /** The server acknowledged this stanza we sent (XEP-0198): it has it and will not lose it. */
  onAcked(listener: (stanza: Element) => void): void;
  /** Emits a typed feature event `<feature>.<noun>-<past-verb>` on the session. */
  emit(event: string, payload: unknown): void;
  /** The API of a feature set up before this one. */
  feature<Api>(name: string): Api;
  /** The disco features of every enabled feature, for disco#info and caps. */
  readonly discoFeatures: readonly string[];
}

export interface FeatureDefinition<Api = unknown> {
  readonly name: string;
  /** XEP-0030 features this feature makes us support. */
  readonly disco?: readonly string[];
  setup(ctx: FeatureContext): Api;
}

export function defineFeature<Api>(definition: FeatureDefinition<Api>): FeatureDefinition<Api> {
  return definition;
}
