// Outstanding iq requests: id correlation, sender check, timeouts, typed errors.
// References: RFC 6120 §8.2.3 (iq semantics: exactly one result or error per get/set),
// §10.1.4 (a response must come from the entity the request was sent to; without 'to' the
// account itself answers).
import type { Element } from '../../native/expat-stream/index.js';
import { getFirstChild } from '../xml/element.js';
import { bareJid, formatJid, tryParseJid } from '../xml/jid.js';
import { LinkerError, StanzaError } from './errors.js';

interface Pending {
  resolve(result: Element): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** Normalised address the response must come from. */
  from: string;
}

export class IqTracker {
  #pending = new Map<string, Pending>();

  get size(): number {
    return this.#pending.size;
  }

  /**
   * Registers `iq` (which must have an id) and resolves with the result stanza, or rejects
   * with StanzaError or a E_LINKER_TIMEOUT LinkerError. `ownJid` answers for requests without 'to'.
   */
  track(iq: Element, timeoutMs: number, ownJid: string): Promise<Element> {
    const id = iq.attrs.id;
    if (!id) throw new TypeError('iq() needs a stanza with an id');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        const payload = getFirstChild(iq);
        reject(new LinkerError('E_LINKER_TIMEOUT',
          `no answer from ${iq.attrs.to ?? 'the server'} to <${payload?.name ?? 'iq'}/> within ${timeoutMs} ms`, { condition: 'remote-server-timeout' }));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, from: normalise(iq.attrs.to ?? bareJid(ownJid)) });
    });
  }

  /** Settles the request this result/error answers; false when it answers none of ours. */
  handleResponse(stanza: Element, ownJid: string): boolean {
    const id = stanza.attrs.id;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (!pending) return false;
    const from = normalise(stanza.attrs.from ?? bareJid(ownJid));
    const isFromOwnAccount = pending.from === normalise(bareJid(ownJid)) && (from === normalise(ownJid) || from === normalise(tryParseJid(ownJid)?.domain ?? ''));
    if (from !== pending.from && !isFromOwnAccount) return false; // a spoofed or stray answer
    this.#pending.delete(id!);
    clearTimeout(pending.timer);
    if (stanza.attrs.type === 'result') pending.resolve(stanza);
    else pending.reject(StanzaError.fromStanza(stanza));
    return true;
  }

  rejectAll(error: Error): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}

function normalise(jid: string): string {
  const parsed = tryParseJid(jid);
  return parsed ? formatJid(parsed) : jid;
}
