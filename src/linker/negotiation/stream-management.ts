// Stream management: acks both ways, the unacked outbound queue, and resumption.
// References: XEP-0198 v1.6 §3 (enable/enabled), §4 (acks: <r/>, <a h/>; h counts handled
// stanzas modulo 2^32), §5 (resume/resumed/failed; failed may carry h), §7.3 (which stanzas
// to resend), §8 ("handled-count-too-high").
//
// The queue holds every outbound stanza the server has not acknowledged, including those
// queued while offline. After a resume the server's h says which of them it got; the rest
// are sent again, so nothing is lost or doubled. When resumption fails they are sent on the
// new session, so nothing is lost (the server never saw them, or its h said so).
import type { Element } from '../../../native/expat-stream/index.js';
import { getBooleanAttr, getChild, getIntegerAttr, localName, xml } from '../../xml/element.js';
import { LinkerError } from '../errors.js';
import { NS_SM } from '../namespaces.js';
import type { XmppStream } from '../transport/xmpp-stream.js';

const MODULO = 2 ** 32;

export class StreamManagement {
  #id: string | undefined;
  /** Stanzas received on the managed stream (our h). */
  #inbound = 0;
  #lastAckSent = 0;
  /** The server's last h: how many of our stanzas it has handled. */
  #acked = 0;
  #queue: Element[] = [];
  #stream: XmppStream | undefined;
  #isAckRequestDue = false;
  #hasAckSinceTick = true;
  readonly #onAcked: (stanza: Element) => void;

  constructor(onAcked: (stanza: Element) => void) {
    this.#onAcked = onAcked;
  }

  get canResume(): boolean {
    return this.#id !== undefined;
  }

  /** Unacknowledged outbound stanzas, oldest first. */
  get unacked(): number {
    return this.#queue.length;
  }

  /** Enables SM on a freshly bound stream, then sends what the previous session left unacked. */
  async enable(stream: XmppStream, features: Element): Promise<boolean> {
    this.#id = undefined;
    this.#inbound = this.#lastAckSent = this.#acked = 0;
    if (!getChild(features, 'sm', NS_SM)) {
      this.#stream = undefined;
      return false;
    }
    stream.send(xml('enable', { xmlns: NS_SM, resume: 'true' }));
    const answer = await stream.read();
    if (localName(answer) !== 'enabled') return false;
    if (getBooleanAttr(answer, 'resume') && answer.attrs.id) this.#id = answer.attrs.id;
    this.#stream = stream;
    return true;
  }

  /** Tries to resume the previous session on `stream`; false when the server refuses. */
  async resume(stream: XmppStream): Promise<boolean> {
    stream.send(xml('resume', { xmlns: NS_SM, previd: this.#id, h: this.#inbound }));
    const answer = await stream.read();
    const h = getIntegerAttr(answer, 'h');
    if (h !== undefined) this.#processAck(h, stream);
    this.#id = undefined;
    if (localName(answer) !== 'resumed') return false;
    this.#id = answer.attrs.previd;
    this.#stream = stream;
    this.#lastAckSent = this.#inbound;
    return true;
  }

  /** After resume or a fresh session: (re)send every stanza the server has not acknowledged. */
  flush(stream: XmppStream): void {
    const pending = this.#queue;
    if (this.#stream !== stream) this.#queue = []; // no SM on this stream: nothing to track
    const unsendable = new Set<Element>();
    for (const stanza of pending) {
      try {
        stream.send(stanza);
      } catch {
        unsendable.add(stanza); // queued offline although it cannot be serialised: dropped
      }
    }
    if (unsendable.size > 0) this.#queue = this.#queue.filter((stanza) => !unsendable.has(stanza));
    if (this.#stream === stream && pending.length > 0) this.#requestAckSoon();
  }

  /** Sends (or queues while offline) one outbound stanza. */
  send(stanza: Element, stream: XmppStream | undefined): void {
    if (stream === undefined) {
      this.#queue.push(stanza);
      return;
    }
    stream.send(stanza); // first: a stanza that cannot be serialised throws and is not queued
    if (this.#stream !== stream) return;
    this.#queue.push(stanza);
    this.#requestAckSoon();
  }

  /** Counts one inbound stanza (message, presence or iq). */
  countInbound(): void {
    if (this.#stream) this.#inbound = (this.#inbound + 1) % MODULO;
  }

  /** Handles an SM nonza; returns false for anything else. */
  handle(element: Element, stream: XmppStream): boolean {
    if (element.attrs.xmlns !== NS_SM) return false;
    switch (localName(element)) {
      case 'r':
        this.#sendAck(stream);
        return true;
      case 'a': {
        const h = getIntegerAttr(element, 'h');
        if (h !== undefined) this.#processAck(h, stream);
        return true;
      }
      default:
        return true; // late <enabled/> or <failed/>: nothing to do once online
    }
  }

  /** Sends our h now (before a clean close). */
  acknowledge(stream: XmppStream): void {
    if (this.#stream === stream) this.#sendAck(stream);
  }

  /** Periodic work: send our h if it moved, ask for one if the server owes us an ack. */
  tick(stream: XmppStream): void {
    if (this.#stream !== stream) return;
    if (this.#inbound !== this.#lastAckSent) this.#sendAck(stream);
    if (this.#queue.length > 0 && !this.#hasAckSinceTick) stream.send(xml('r', { xmlns: NS_SM }));
    this.#hasAckSinceTick = false;
  }

  /** One <r/> per burst of sends rather than one per stanza. */
  #requestAckSoon(): void {
    if (this.#isAckRequestDue) return;
    this.#isAckRequestDue = true;
    setImmediate(() => {
      this.#isAckRequestDue = false;
      const stream = this.#stream;
      if (stream && !stream.isClosed && this.#queue.length > 0) stream.send(xml('r', { xmlns: NS_SM }));
    });
  }

  #sendAck(stream: XmppStream): void {
    stream.send(xml('a', { xmlns: NS_SM, h: this.#inbound }));
    this.#lastAckSent = this.#inbound;
  }

  #processAck(h: number, stream: XmppStream): void {
    this.#hasAckSinceTick = true;
    const count = (h - this.#acked + MODULO) % MODULO;
    if (count > this.#queue.length) {
      stream.sendStreamError('undefined-condition', 'handled-count-too-high');
      stream.fail(new LinkerError('E_LINKER_PROTOCOL', `the server acknowledged ${count} stanzas, only ${this.#queue.length} were sent`, { condition: 'undefined-condition' }));
      return;
    }
    this.#acked = h;
    for (const stanza of this.#queue.splice(0, count)) this.#onAcked(stanza);
  }
}
