// One XML stream over one socket: the stream header, the parser, stream restarts (after
// STARTTLS and SASL), stream errors both ways and the closing handshake.
// References: RFC 6120 §4.2 (opening), §4.3.3 (restart), §4.4 (closing), §4.9 (stream
// errors: the parser's condition is sent before closing), §5.4.3.3 (TLS then restart).
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { StreamParser, XmlStreamError, serialize, type Element } from '../../../native/expat-stream/index.js';
import { getChild, isElement, localName, namespaceOf } from '../../xml/element.js';
import { LinkerError } from '../errors.js';
import { NS_STREAMS, NS_XMPP_STREAMS } from '../namespaces.js';
import { connectTls, type TlsTrust } from './tls.js';

const CLOSE_GRACE_MS = 2000;

export interface XmppStreamEvents {
  /** A stanza or nonza after negotiation. */
  onElement(element: Element): void;
  /** The stream is gone; `error` says why when it was not our own close. */
  onClosed(error: LinkerError | undefined): void;
}

export class XmppStream {
  readonly domain: string;
  #socket: Socket | TLSSocket;
  #isSecure: boolean;
  #parser: StreamParser;
  /** Elements read during negotiation, before `events` takes over. */
  #pending: Element[] = [];
  #waiter: { resolve(element: Element): void; reject(error: Error): void } | undefined;
  #streamOpened: { resolve(): void; reject(error: Error): void } | undefined;
  #events: XmppStreamEvents | undefined;
  #closing: (() => void) | undefined;
  #failure: LinkerError | undefined;
  #isClosed = false;
  #hasPeerClosed = false;
  /** The server's stream header: its prefix declarations apply to every stanza. */
  #header: Record<string, string> = {};

  constructor(socket: Socket | TLSSocket, domain: string, isSecure: boolean, maxStanzaBytes?: number) {
    this.domain = domain;
    this.#socket = socket;
    this.#isSecure = isSecure;
    this.#parser = new StreamParser({
      maxStanzaBytes,
      onStreamStart: (attrs) => {
        this.#header = attrs;
        this.#streamOpened?.resolve();
      },
      onStanza: (element) => this.#receive(element),
      onStreamEnd: () => this.#peerClosed(),
      onError: (error) => this.#malformed(error),
    });
    this.#attach(socket);
  }

  get isSecure(): boolean {
    return this.#isSecure;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Opens (or restarts) the stream and resolves with the server's <stream:features/>. */
  async open(): Promise<Element> {
    this.#parser.reset();
    this.#pending = [];
    if (this.#failure) throw this.#failure;
    const opened = new Promise<void>((resolve, reject) => { this.#streamOpened = { resolve, reject }; });
    this.#write(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAMS}' to='${this.domain}' version='1.0'>`);
    await opened;
    this.#streamOpened = undefined;
    const features = await this.read();
    if (!this.#isStreamElement(features, 'features')) {
      throw this.fail(new LinkerError('E_LINKER_PROTOCOL', `expected <stream:features/>, got <${features.name}/>`, { condition: 'unsupported-stanza-type' }));
    }
    return features;
  }

  /** The next element during negotiation. */
  read(): Promise<Element> {
    const next = this.#pending.shift();
    if (next) return Promise.resolve(next);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => { this.#waiter = { resolve, reject }; });
  }

  /** Hands every following element (and any already read) to `events`. */
  takeOver(events: XmppStreamEvents): void {
    if (this.#isClosed) {
      events.onClosed(this.#failure);
      return;
    }
    this.#events = events;
    const pending = this.#pending;
    this.#pending = [];
    for (const element of pending) events.onElement(element);
  }

  send(element: Element): void {
    this.#write(serialize(element));
  }

  /** Upgrades the socket to TLS in place (after <proceed/>). */
  async startTls(trust: TlsTrust): Promise<void> {
    const plain = this.#socket;
    this.#detach(plain);
    try {
      this.#socket = await connectTls({ socket: plain, domain: this.domain }, trust);
    } catch (error) {
      throw this.fail(error as LinkerError); // destroys the plain socket too
    }
    this.#isSecure = true;
    this.#attach(this.#socket);
  }

  /** RFC 6120 §4.4: send </stream:stream>, wait for the server's, then end the socket. */
  /** Resolves true when the server closed its stream in turn, false when the grace ran out. */
  async close(): Promise<boolean> {
    if (this.#isClosed) return false;
    const closed = new Promise<void>((resolve) => { this.#closing = resolve; });
    this.#write('</stream:stream>');
    const timer = setTimeout(() => this.#finish(undefined), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(timer);
    return this.#hasPeerClosed;
  }

  /** Ends the stream with a stream error of ours (RFC 6120 §4.9.1.1), then closes it. */
  sendStreamError(condition: string, text?: string): void {
    if (this.#isClosed) return;
    const textElement = text ? `<text xmlns='${NS_XMPP_STREAMS}'>${text.replace(/[<&]/g, '')}</text>` : '';
    this.#write(`<stream:error><${condition} xmlns='${NS_XMPP_STREAMS}'/>${textElement}</stream:error></stream:stream>`);
    this.#socket.end();
  }

  /** Fails the stream with `error` (unless it already failed) and returns the stream's failure. */
  fail(error: LinkerError): LinkerError {
    this.#finish(this.#failure ?? error);
    return this.#failure ?? error;
  }

  /** Drops the connection at once, without the closing handshake (a dead link). */
  destroy(error: LinkerError): void {
    this.#finish(error);
  }

  #attach(socket: Socket): void {
    socket.on('data', this.#onData);
    socket.on('error', this.#onSocketError);
    socket.on('close', this.#onSocketClose);
  }

  #detach(socket: Socket): void {
    socket.off('data', this.#onData);
    socket.off('error', this.#onSocketError);
    socket.off('close', this.#onSocketClose);
  }

  #onData = (chunk: Buffer): void => {
    this.#parser.write(chunk);
  };

  #onSocketError = (error: Error): void => {
    this.#finish(new LinkerError('E_LINKER_DISCONNECTED', `connection to ${this.domain} failed: ${error.message}`, { cause: error }));
  };

  #onSocketClose = (): void => {
    this.#finish(new LinkerError('E_LINKER_DISCONNECTED', `connection to ${this.domain} closed`));
  };

  #write(text: string): void {
    if (!this.#isClosed && this.#socket.writable) this.#socket.write(text);
  }

  #receive(element: Element): void {
    if (this.#isStreamElement(element, 'error')) {
      this.#finish(streamErrorFrom(element));
      return;
    }
    if (this.#events) {
      this.#events.onElement(element);
    } else if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve(element);
    } else {
      this.#pending.push(element);
    }
  }

  /** Whether `element` is <stream:`name`/>, with the prefix bound here or on the stream header. */
  #isStreamElement(element: Element, name: string): boolean {
    if (localName(element) !== name) return false;
    const colon = element.name.indexOf(':');
    if (colon < 0) return element.attrs.xmlns === NS_STREAMS;
    const declaration = `xmlns:${element.name.slice(0, colon)}`;
    return (element.attrs[declaration] ?? this.#header[declaration]) === NS_STREAMS;
  }

  #peerClosed(): void {
    this.#hasPeerClosed = true;
    if (this.#closing) {
      this.#finish(undefined);
      return;
    }
    // The server closes first: answer in kind (RFC 6120 §4.4) and report it.
    this.#write('</stream:stream>');
    this.#finish(new LinkerError('E_LINKER_DISCONNECTED', `${this.domain} closed the stream`));
  }

  #malformed(error: XmlStreamError): void {
    const failure = new LinkerError('E_LINKER_XML', `${this.domain} sent unusable XML (${error.code}): ${error.message}`,
      { condition: error.condition, cause: error });
    this.sendStreamError(error.condition);
    this.#finish(failure);
  }

  #finish(error: LinkerError | undefined): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#failure = error ?? new LinkerError('E_LINKER_STOPPED', 'stream closed');
    this.#detach(this.#socket);
    // A late socket error after close must not become an uncaught 'error' event.
    this.#socket.on('error', () => undefined);
    if (error) this.#socket.destroy();
    else this.#socket.end();
    this.#waiter?.reject(this.#failure);
    this.#waiter = undefined;
    this.#streamOpened?.reject(this.#failure);
    this.#closing?.();
    this.#events?.onClosed(error);
  }
}

function streamErrorFrom(element: Element): LinkerError {
  const condition = element.children.find((child) => isElement(child) && localName(child) !== 'text'
    && namespaceOf(child) === NS_XMPP_STREAMS);
  const name = isElement(condition) ? localName(condition) : 'undefined-condition';
  const text = getChild(element, 'text', NS_XMPP_STREAMS);
  const detail = text ? `: ${text.children.join('')}` : '';
  return new LinkerError('E_LINKER_STREAM', `the server ended the stream (${name})${detail}`, { condition: name });
}
