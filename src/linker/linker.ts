// One XMPP client session per user: connect, negotiate, stay online (acks, pings, resume,
// reconnect), route inbound stanzas, track iqs, host the features.
// References: RFC 6120 §3 (connection), §5-§7 (TLS, SASL, bind), §8.2.3 (iq answers),
// XEP-0198 (stream management), XEP-0199 §4.2 (client-to-server pings to detect dead links).
//
// Lifecycle: start() → 'connecting' → 'online' ⇄ 'offline' (reconnect loop) → stop() → 'stopped'.
// Events: 'online' {resumed}, 'offline' (LinkerError | undefined), 'error' (LinkerError,
// only while someone listens), 'stopped' (the fatal LinkerError, or undefined after stop()),
// 'stanza-acked' (Element), 'credentials' (StoredCredentials), 'event' (FeatureEvent).
import { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import type { Element } from '../../native/expat-stream/index.js';
import { xml } from '../xml/element.js';
import { generateId } from '../xml/id.js';
import { bareJid, parseJid } from '../xml/jid.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { LinkerError, NS_STANZAS, StanzaError } from './errors.js';
import type { FeatureContext, FeatureDefinition, OnlineInfo } from './feature.js';
import { IqTracker } from './iq-tracker.js';
import { NS_PING } from './namespaces.js';
import { bindResource } from './negotiation/bind.js';
import { authenticate, type SaslSecrets } from './negotiation/sasl.js';
import { negotiateStartTls } from './negotiation/starttls.js';
import { StreamManagement } from './negotiation/stream-management.js';
import { Router, type RouteOutcome, type StanzaHandler } from './router.js';
import type { ScramKeys, ScramMechanism } from './sasl/scram.js';
import type { Ticker } from './ticker.js';
import { resolveEndpoints, type Endpoint } from './transport/srv.js';
import { connectTls, type TlsTrust } from './transport/tls.js';
import { XmppStream } from './transport/xmpp-stream.js';

/** What a session keeps to log in again without the password (password-equivalent: a secret). */
export interface StoredCredentials {
  jid: string;
  scram: Partial<Record<ScramMechanism, ScramKeys>>;
}

export interface LinkerTiming {
  negotiationTimeoutMs: number;
  iqTimeoutMs: number;
  /** Ping the server after this long without receiving anything. */
  pingIdleMs: number;
  pingTimeoutMs: number;
  backoff: BackoffOptions;
}

export const DEFAULT_TIMING: LinkerTiming = {
  negotiationTimeoutMs: 30_000, iqTimeoutMs: 30_000, pingIdleMs: 120_000, pingTimeoutMs: 30_000, backoff: DEFAULT_BACKOFF,
};

export interface LogEntry {
  level: 'warn' | 'error';
  code: string;
  jid: string;
  message: string;
  key?: string;
}

/** What all sessions of the process share. */
export interface LinkerRuntime {
  ticker: Ticker;
  log?: (entry: LogEntry) => void;
}

export interface LinkerOptions {
  /** The account's bare JID. */
  jid: string;
  /** For the first login only; afterwards the SCRAM keys are kept instead. */
  password?: string;
  credentials?: StoredCredentials;
  resource?: string;
  /** Where to connect; without it, DNS SRV for the JID's domain. */
  server?: Endpoint;
  tls?: TlsTrust;
  runtime: LinkerRuntime;
  features?: readonly FeatureDefinition[];
  timing?: Partial<LinkerTiming>;
  maxStanzaBytes?: number;
}

export interface FeatureEvent {
  name: string;
  payload: unknown;
}

type State = 'idle' | 'connecting' | 'online' | 'offline' | 'stopped';

export class Linker extends EventEmitter {
  readonly router: Router;
  #options: LinkerOptions;
  #timing: LinkerTiming;
  #secrets: SaslSecrets;
  #jid: string;
  #resource: string | undefined;
  #state: State = 'idle';
  #stream: XmppStream | undefined;
  #negotiating: XmppStream | undefined;
  #iqs = new IqTracker();
  #sm: StreamManagement;
  #lastReceived = 0;
  #isPinging = false;
  #wakeUp: (() => void) | undefined;
  #started: { resolve(): void; reject(error: Error): void } | undefined;
  #features = new Map<string, unknown>();

  constructor(options: LinkerOptions) {
    super();
    const account = parseJid(options.jid);
    if (options.password === undefined && options.credentials === undefined) throw new TypeError('Linker needs a password or stored credentials');
    // The password lives only in #secrets, and only until the first SCRAM login succeeds.
    this.#options = { ...options, password: undefined };
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
    this.#jid = bareJid(account);
    this.#resource = options.resource;
    this.#secrets = { username: account.local, password: options.password, keys: { ...options.credentials?.scram } };
    this.#sm = new StreamManagement((stanza) => this.emit('stanza-acked', stanza));
    this.router = new Router((key, error) => this.#log('error', 'E_LINKER_HANDLER', `handler for ${key} threw: ${String(error)}`, key));
    // XEP-0199 §4.1: answering pings is part of being connected, not an optional feature.
    this.router.on(`iq-get/${NS_PING}`, () => true);
    this.#setUpFeatures(options.features ?? []);
  }

  /** Full JID once bound, bare before. */
  get jid(): string {
    return this.#jid;
  }

  get state(): State {
    return this.#state;
  }

  /** Outbound stanzas the server has not acknowledged yet. */
  get unackedCount(): number {
    return this.#sm.unacked;
  }

  /** Resolves once online the first time; rejects on a fatal failure (wrong password, untrusted certificate…). */
  start(): Promise<void> {
    if (this.#state !== 'idle') throw new TypeError('start() may be called once');
    this.#state = 'connecting';
    this.#options.runtime.ticker.add(this.#tick);
    const started = new Promise<void>((resolve, reject) => { this.#started = { resolve, reject }; });
    void this.#connectLoop();
    return started;
  }

  /**
   * Closes the stream (RFC 6120 §4.4) and stops reconnecting. Resolves true when the server
   * closed its side in turn, false when there was no stream or it did not answer in time.
   */
  async stop(): Promise<boolean> {
    if (this.#isStopped()) return false;
    const stopped = new LinkerError('E_LINKER_STOPPED', 'the session was stopped');
    this.#halt(stopped);
    this.#negotiating?.destroy(stopped);
    const stream = this.#stream;
    this.#stream = undefined;
    let isCleanClose = false;
    if (stream) {
      // Our final h: the server must not re-route stanzas we already handled (XEP-0198 §4).
      this.#sm.acknowledge(stream);
      isCleanClose = await stream.close();
    }
    this.emit('stopped', undefined);
    return isCleanClose;
  }

  /** Sends a stanza (an id is added to iq and message stanzas without one). */
  send(stanza: Element): void {
    if (this.#isStopped()) throw new LinkerError('E_LINKER_STOPPED', 'send() after the session stopped');
    if (stanza.attrs.id === undefined && (stanza.name === 'iq' || stanza.name === 'message')) stanza.attrs.id = generateId();
    this.#sm.send(stanza, this.#state === 'online' ? this.#stream : undefined);
  }

  /** Sends an iq get/set and resolves with the result stanza. */
  iq(request: Element, options: { timeoutMs?: number } = {}): Promise<Element> {
    // Checked before tracking: a request tracked but never sent would reject unobserved later.
    if (this.#isStopped()) return Promise.reject(new LinkerError('E_LINKER_STOPPED', 'iq() after the session stopped'));
    if (request.attrs.id === undefined) request.attrs.id = generateId();
    const answer = this.#iqs.track(request, options.timeoutMs ?? this.#timing.iqTimeoutMs, this.#jid);
    this.send(request);
    return answer;
  }

  /** The keys to store for the next login; undefined until a SCRAM login succeeded. */
  exportCredentials(): StoredCredentials | undefined {
    const scram = this.#secrets.keys ?? {};
    return Object.keys(scram).length === 0 ? undefined : { jid: bareJid(this.#jid), scram: { ...scram } };
  }

  /** The API a feature's setup returned. */
  feature<Api>(name: string): Api {
    if (!this.#features.has(name)) throw new TypeError(`feature ${name} is not enabled`);
    return this.#features.get(name) as Api;
  }

  async #connectLoop(): Promise<void> {
    for (let attempt = 0; !this.#isStopped(); attempt++) {
      const delay = backoffDelay(attempt, this.#timing.backoff);
      if (delay > 0) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this.#wakeUp = undefined;
      if (this.#isStopped()) return;
      try {
        await this.#connectOnce();
        return;
      } catch (caught) {
        if (this.#isStopped()) return;
        const error = caught instanceof LinkerError ? caught
          : new LinkerError('E_LINKER_PROTOCOL', `connection attempt failed: ${String(caught)}`, { cause: caught });
        if (isFatal(error)) {
          this.#halt(error);
          return;
        }
        this.#log('warn', error.code, `attempt ${attempt + 1} failed: ${error.message}`);
      }
    }
  }

  async #connectOnce(): Promise<void> {
    const stream = await this.#openStream();
    this.#negotiating = stream;
    const timer = setTimeout(() => stream.destroy(new LinkerError('E_LINKER_TIMEOUT',
      `negotiation with ${stream.domain} took longer than ${this.#timing.negotiationTimeoutMs} ms`)), this.#timing.negotiationTimeoutMs);
    let negotiated: OnlineInfo;
    try {
      negotiated = await this.#negotiate(stream);
    } catch (error) {
      stream.destroy(error instanceof LinkerError ? error : new LinkerError('E_LINKER_PROTOCOL', String(error)));
      throw error;
    } finally {
      clearTimeout(timer);
      this.#negotiating = undefined;
    }
    if (this.#isStopped()) {
      await stream.close();
      return;
    }
    this.#stream = stream;
    this.#state = 'online';
    this.#lastReceived = Date.now();
    stream.takeOver({ onElement: (element) => this.#receive(stream, element), onClosed: (error) => this.#closed(stream, error) });
    if (this.#stream !== stream) return; // closed while handing over
    this.#sm.flush(stream);
    this.emit('online', negotiated);
    this.#started?.resolve();
    this.#started = undefined;
  }

  async #openStream(): Promise<XmppStream> {
    const domain = parseJid(this.#jid).domain;
    const endpoints = this.#options.server ? [this.#options.server] : await resolveEndpoints(domain);
    let lastError: unknown;
    for (const endpoint of endpoints) {
      try {
        const socket = endpoint.directTls
          ? await connectTls({ host: endpoint.host, port: endpoint.port, domain, directTls: true }, this.#options.tls ?? {})
          : await connectTcp(endpoint);
        return new XmppStream(socket, domain, endpoint.directTls, this.#options.maxStanzaBytes);
      } catch (error) {
        if (error instanceof LinkerError && isFatal(error)) throw error;
        lastError = error;
      }
    }
    throw new LinkerError('E_LINKER_CONNECT', `cannot reach ${domain} (${endpoints.map((e) => `${e.host}:${e.port}`).join(', ')}): ${String((lastError as Error)?.message ?? lastError)}`,
      { condition: 'remote-server-not-found', cause: lastError });
  }

  /** TLS, SASL, then resume or bind + enable; says whether the previous session was resumed. */
  async #negotiate(stream: XmppStream): Promise<OnlineInfo> {
    let features = await stream.open();
    features = await negotiateStartTls(stream, features, this.#options.tls ?? {});
    const outcome = await authenticate(stream, features, this.#secrets);
    if (outcome.keys) this.#keepKeysOnly(outcome.mechanism as ScramMechanism, outcome.keys);
    features = await stream.open();
    if (this.#sm.canResume && await this.#sm.resume(stream)) return { resumed: true, streamFeatures: features };
    this.#jid = await bindResource(stream, this.#resource);
    this.#resource = parseJid(this.#jid).resource; // the same resource after a reconnect
    await this.#sm.enable(stream, features);
    return { resumed: false, streamFeatures: features };
  }

  #keepKeysOnly(mechanism: ScramMechanism, keys: ScramKeys): void {
    const isNew = this.#secrets.keys?.[mechanism]?.clientKey !== keys.clientKey;
    this.#secrets = { username: this.#secrets.username, keys: { ...this.#secrets.keys, [mechanism]: keys } };
    if (isNew) this.emit('credentials', this.exportCredentials());
  }

  #receive(stream: XmppStream, element: Element): void {
    this.#lastReceived = Date.now();
    if (this.#sm.handle(element, stream)) return;
    const name = element.name;
    if (name !== 'iq' && name !== 'message' && name !== 'presence') return; // unknown nonza: ignored (RFC 6120 §4.7)
    this.#sm.countInbound();
    const type = element.attrs.type;
    if (name === 'iq' && (type === 'result' || type === 'error')) {
      this.#iqs.handleResponse(element, this.#jid);
      return;
    }
    void this.#route(element);
  }

  async #route(stanza: Element): Promise<void> {
    const outcome = await this.router.dispatch(stanza);
    if (stanza.name !== 'iq' || this.#isStopped()) return;
    try {
      this.#reply(stanza, outcome);
    } catch (error) {
      // e.g. a handler's StanzaError with a condition that is not an XML name
      this.#log('error', 'E_LINKER_HANDLER', `cannot answer iq ${stanza.attrs.id ?? ''}: ${String(error)}`);
    }
  }

  #reply(stanza: Element, outcome: RouteOutcome): void {
    const reply = { to: stanza.attrs.from, id: stanza.attrs.id };
    if (outcome.kind === 'result') {
      this.send(xml('iq', { type: 'result', ...reply }, outcome.payload));
      return;
    }
    const error = outcome.kind === 'error' ? outcome.error : new StanzaError('service-unavailable', 'cancel');
    this.send(xml('iq', { type: 'error', ...reply },
      xml('error', { type: error.type },
        xml(error.condition, { xmlns: NS_STANZAS }),
        error.text ? xml('text', { xmlns: NS_STANZAS }, error.text) : null,
        error.application)));
  }

  #closed(stream: XmppStream, error: LinkerError | undefined): void {
    if (this.#stream !== stream) return;
    this.#stream = undefined;
    if (this.#isStopped()) return;
    this.#state = 'offline';
    this.emit('offline', error);
    if (error && error.code !== 'E_LINKER_DISCONNECTED') this.#report(error);
    if (error && isFatal(error)) {
      this.#halt(error);
      return;
    }
    void this.#connectLoop();
  }

  /** Shared ticker: acks both ways and, when idle, a ping to find dead links. */
  #tick = (now: number): void => {
    const stream = this.#stream;
    if (!stream || this.#state !== 'online') return;
    this.#sm.tick(stream);
    if (this.#isPinging || now - this.#lastReceived < this.#timing.pingIdleMs) return;
    this.#isPinging = true;
    this.iq(xml('iq', { type: 'get', to: parseJid(this.#jid).domain }, xml('ping', { xmlns: NS_PING })), { timeoutMs: this.#timing.pingTimeoutMs })
      .catch((error: unknown) => {
        // Any answer, even an error, proves the link alive; only silence means it is dead.
        if (error instanceof LinkerError && error.code === 'E_LINKER_TIMEOUT' && this.#stream === stream) {
          stream.destroy(new LinkerError('E_LINKER_TIMEOUT', 'no answer to a ping: the connection is dead'));
        }
      })
      .finally(() => { this.#isPinging = false; });
  };

  /** Stops for good: after stop() or a failure only a person can fix. */
  #halt(error: LinkerError): void {
    const isStop = error.code === 'E_LINKER_STOPPED';
    this.#state = 'stopped';
    this.#options.runtime.ticker.delete(this.#tick);
    this.#wakeUp?.();
    this.#iqs.rejectAll(error);
    this.#secrets = { username: this.#secrets.username, keys: this.#secrets.keys };
    this.#started?.reject(error);
    this.#started = undefined;
    if (!isStop) {
      this.#log('error', error.code, error.message);
      this.#report(error);
      this.emit('stopped', error);
    }
  }

  // A method rather than a field comparison: the state changes across awaits.
  #isStopped(): boolean {
    return this.#state === 'stopped';
  }

  #report(error: LinkerError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #log(level: LogEntry['level'], code: string, message: string, key?: string): void {
    this.#options.runtime.log?.({ level, code, jid: this.#jid, message, key });
  }

  #setUpFeatures(definitions: readonly FeatureDefinition[]): void {
    const discoFeatures = [...new Set([NS_PING, ...definitions.flatMap((definition) => definition.disco ?? [])])].sort();
    const onlineListeners: Array<(info: OnlineInfo) => void> = [];
    const ackListeners: Array<(stanza: Element) => void> = [];
    // Arrow functions keep working when a feature destructures its ctx.
    const currentJid = (): string => this.#jid;
    const ctx = (name: string): FeatureContext => ({
      get jid() { return currentJid(); },
      // A feature's work still under way when the session stops has no one to talk to: dropped.
      send: (stanza) => { if (!this.#isStopped()) this.send(stanza); },
      iq: (request, options) => this.iq(request, options),
      route: (key: string, handler: StanzaHandler, priority?: number) => { this.router.on(key, handler, priority); },
      onOnline: (listener) => { onlineListeners.push(listener); },
      onAcked: (listener) => { ackListeners.push(listener); },
      emit: (event, payload) => { this.emit('event', { name: event, payload } satisfies FeatureEvent); },
      feature: <Api>(other: string): Api => {
        if (other === name) throw new TypeError(`feature ${name} asked for itself`);
        return this.feature<Api>(other);
      },
      discoFeatures,
    });
    for (const definition of definitions) this.#features.set(definition.name, definition.setup(ctx(definition.name)));
    if (onlineListeners.length > 0) this.on('online', (info: OnlineInfo) => { for (const listener of onlineListeners) listener(info); });
    if (ackListeners.length > 0) this.on('stanza-acked', (stanza: Element) => { for (const listener of ackListeners) listener(stanza); });
  }
}

function connectTcp(endpoint: Endpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: endpoint.host, port: endpoint.port });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Failures that retrying cannot fix: a person must act (password, certificate, account). */
function isFatal(error: LinkerError): boolean {
  switch (error.code) {
    case 'E_LINKER_AUTH':
      return error.condition !== 'temporary-auth-failure' && error.condition !== 'aborted';
    case 'E_LINKER_AUTH_UNSUPPORTED':
    case 'E_LINKER_AUTH_SERVER':
    case 'E_LINKER_CREDENTIALS':
    case 'E_LINKER_TLS_REQUIRED':
      return true;
    case 'E_LINKER_TLS':
      return error.condition === 'certificate-untrusted';
    case 'E_LINKER_STREAM':
      // conflict: another session took our resource; not-authorized: the account went away.
      return error.condition === 'conflict' || error.condition === 'not-authorized' || error.condition === 'host-unknown';
    default:
      return false;
  }
}
