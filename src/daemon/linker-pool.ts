// Every user's XMPP session in this one process: the daemon's UserService. A user's linker
// is shared by all their tabs and devices, outlives the tabs (or not, per linkerIdleSeconds),
// and comes back after a daemon restart from the stored SCRAM keys (never a password).
// Each session's work runs in an async context naming its user, so process-wide services
// (the cache's write failures) can tell whose action it was without every feature saying so.
import { AsyncLocalStorage } from 'node:async_hooks';
import { timingSafeEqual } from 'node:crypto';
import { Linker, type LinkerRuntime, type StoredCredentials } from '../linker/linker.js';
import { LinkerError } from '../linker/errors.js';
import type { FeatureDefinition } from '../linker/feature.js';
import type { Endpoint } from '../linker/transport/srv.js';
import type { TlsTrust } from '../linker/transport/tls.js';
import { deriveScramKeys, type ScramMechanism } from '../linker/sasl/scram.js';
import { hasBrowserMethods } from '../linker/features/browser-methods.js';
import { bareJid, parseJid } from '../xml/jid.js';
import { JidError } from '../xml/errors.js';
import { DaemonError } from './errors.js';
import { LoginError, type UserEvent, type UserService } from './users.js';

/** Where each user's SCRAM keys are kept so the session survives a daemon restart. */
export interface CredentialStore {
  get(jid: string): StoredCredentials | undefined;
  put(credentials: StoredCredentials): Promise<void>;
  delete(jid: string): Promise<void>;
  list(): StoredCredentials[];
}

export interface LinkerPoolOptions {
  /** The XMPP server of every account; undefined resolves each account's domain by DNS SRV. */
  server?: Endpoint;
  tls: TlsTrust;
  runtime: LinkerRuntime;
  credentials: CredentialStore;
  /** The features each session runs (src/linker/features/index.ts). */
  features: readonly FeatureDefinition[];
  /** Seconds a session stays up with no tab subscribed; null keeps it connected. */
  idleSeconds: number | null;
}

interface Session {
  linker: Linker;
  listeners: Set<(event: UserEvent) => void>;
  /** Events that describe a standing condition, replayed to tabs that open later, by topic. */
  standing: Map<string, UserEvent>;
  idleTimer: NodeJS.Timeout | undefined;
}

export class LinkerPool implements UserService {
  readonly #sessions = new Map<string, Session>();
  readonly #options: LinkerPoolOptions;
  readonly #userScope = new AsyncLocalStorage<string>();

  constructor(options: LinkerPoolOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** After a daemon restart: every stored account connects again by itself. */
  restoreAll(): void {
    for (const credentials of this.#options.credentials.list()) {
      if (!this.#sessions.has(credentials.jid)) this.#startSession(credentials.jid, { credentials });
    }
  }

  async login(address: string, password: string): Promise<string> {
    let jid: string;
    try {
      // parseJid case-maps the localpart: "Mum@home" and "mum@home" are one account and one session.
      jid = bareJid(parseJid(address.trim()));
    } catch (error) {
      if (error instanceof JidError) throw new LoginError('malformed-request', 'This is not an address like name@your.box.');
      throw error;
    }
    if (!jid.includes('@')) throw new LoginError('malformed-request', 'This is not an address like name@your.box.');
    const running = this.#sessions.get(jid);
    if (running && running.linker.state !== 'stopped') {
      // The session is already up (another tab or device): the password must match its keys.
      // Without keys (a PLAIN-only server) only the server can tell: log in afresh below.
      const matches = await this.#matchesStoredKeys(jid, password);
      if (matches === true) return jid;
      if (matches === false && running.linker.state === 'online') throw new LoginError('not-authorized', 'The username or password is wrong.');
      this.#stopSession(jid);
    }
    const session = this.#startSession(jid, { password });
    try {
      await this.#userScope.run(jid, () => session.linker.start());
    } catch (error) {
      this.#stopSession(jid);
      throw toLoginError(error);
    }
    return jid;
  }

  async logout(jid: string): Promise<void> {
    this.#stopSession(jid);
    await this.#options.credentials.delete(jid);
  }

  async call(jid: string, method: string, params: unknown): Promise<unknown> {
    const session = this.#sessions.get(jid) ?? this.#restore(jid);
    const featureName = method.slice(0, method.indexOf('.'));
    let api: unknown;
    try {
      api = session.linker.feature(featureName);
    } catch {
      throw new DaemonError('E_RPC_UNKNOWN_METHOD', `Unknown method ${method}.`);
    }
    const handler = hasBrowserMethods(api) ? api.methods[method] : undefined;
    if (!handler) throw new DaemonError('E_RPC_UNKNOWN_METHOD', `Unknown method ${method}.`);
    return this.#userScope.run(jid, () => handler(params));
  }

  subscribe(jid: string, listener: (event: UserEvent) => void): () => void {
    const session = this.#sessions.get(jid) ?? this.#restore(jid);
    session.listeners.add(listener);
    clearTimeout(session.idleTimer);
    session.idleTimer = undefined;
    listener({ name: 'session.state-changed', data: { state: publicState(session.linker.state) } });
    for (const event of session.standing.values()) listener(event);
    return () => {
      session.listeners.delete(listener);
      const idle = this.#options.idleSeconds;
      if (session.listeners.size === 0 && idle !== null && this.#sessions.get(jid) === session) {
        session.idleTimer = setTimeout(() => this.#stopSession(jid), idle * 1000);
        session.idleTimer.unref();
      }
    };
  }

  /** The user whose session is doing the current work (a stanza, a tab's request), if any. */
  currentUser(): string | undefined {
    return this.#userScope.getStore();
  }

  /**
   * Sends an event to every tab of a running session. With a `topic`, the event also stands
   * for tabs opened later, until the next event of that topic replaces it.
   */
  publish(jid: string, event: UserEvent, topic?: string): void {
    const session = this.#sessions.get(jid);
    if (!session) return;
    if (topic !== undefined) session.standing.set(topic, event);
    for (const listener of session.listeners) listener(event);
  }

  /** Stops every session cleanly (daemon shutdown); stored keys stay for the next start. */
  async stopAll(): Promise<void> {
    const linkers = [...this.#sessions.values()].map((session) => session.linker);
    this.#sessions.clear();
    await Promise.allSettled(linkers.map((linker) => linker.stop()));
  }

  /** A tab of a user whose session is not running (daemon restarted, idle-stopped). */
  #restore(jid: string): Session {
    const credentials = this.#options.credentials.get(jid);
    if (!credentials) throw new DaemonError('E_AUTH_REQUIRED', 'Your session has ended. Log in again.');
    return this.#startSession(jid, { credentials });
  }

  #startSession(jid: string, secret: { password: string } | { credentials: StoredCredentials }): Session {
    const linker = new Linker({
      jid,
      ...secret,
      server: this.#options.server,
      tls: this.#options.tls,
      runtime: this.#options.runtime,
      features: this.#options.features,
    });
    const session: Session = { linker, listeners: new Set(), standing: new Map(), idleTimer: undefined };
    const publish = (event: UserEvent) => {
      for (const listener of session.listeners) listener(event);
    };
    linker.on('event', (event: { name: string; payload: unknown }) => publish({ name: event.name, data: event.payload }));
    linker.on('online', () => publish({ name: 'session.state-changed', data: { state: 'online' } }));
    linker.on('offline', (error?: LinkerError) => publish({ name: 'session.state-changed', data: { state: 'connecting', reason: error?.message } }));
    linker.on('stopped', (error?: LinkerError) => {
      if (error) publish({ name: 'session.state-changed', data: { state: 'offline', reason: error.message } });
    });
    linker.on('credentials', (credentials: StoredCredentials) => {
      void this.#options.credentials.put(credentials).catch((error: unknown) =>
        this.#options.runtime.log?.({ level: 'error', code: 'E_CACHE_WRITE', jid, message: `keeping the login keys failed: ${String(error)}` }),
      );
    });
    linker.on('error', () => {
      // Reported through 'offline'/'stopped' above; listening keeps EventEmitter from throwing.
    });
    this.#sessions.set(jid, session);
    if ('credentials' in secret) {
      this.#userScope.run(jid, () => linker.start()).catch(() => {
        // A failure here is published as session.state-changed through 'stopped'.
      });
    }
    return session;
  }

  #stopSession(jid: string): void {
    const session = this.#sessions.get(jid);
    if (!session) return;
    this.#sessions.delete(jid);
    clearTimeout(session.idleTimer);
    void session.linker.stop();
  }

  /** Checks a password against the stored SCRAM keys (RFC 5802 §3: ClientKey from SaltedPassword); undefined without keys. */
  async #matchesStoredKeys(jid: string, password: string): Promise<boolean | undefined> {
    const stored = this.#options.credentials.get(jid);
    const [mechanism, keys] = Object.entries(stored?.scram ?? {}).find(([, value]) => value !== undefined) ?? [];
    if (!mechanism || !keys) return undefined;
    const derived = await deriveScramKeys(mechanism as ScramMechanism, password, Buffer.from(keys.salt, 'base64'), keys.iterations);
    const a = Buffer.from(derived.clientKey, 'base64');
    const b = Buffer.from(keys.clientKey, 'base64');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function publicState(state: Linker['state']): 'online' | 'connecting' | 'offline' {
  return state === 'online' ? 'online' : state === 'stopped' ? 'offline' : 'connecting';
}

function toLoginError(error: unknown): LoginError {
  if (!(error instanceof LinkerError)) return new LoginError('internal-server-error', 'Login failed on the box. Try again.');
  switch (error.code) {
    case 'E_LINKER_AUTH':
      return new LoginError(error.condition ?? 'not-authorized', error.message);
    case 'E_LINKER_CONNECT':
      return new LoginError('remote-server-not-found', 'The XMPP server cannot be reached. Check that the box is running.');
    case 'E_LINKER_TLS':
    case 'E_LINKER_TLS_REQUIRED':
      return new LoginError('certificate-untrusted', `The XMPP server's secure connection cannot be trusted: ${error.message}`);
    default:
      return new LoginError(error.condition ?? 'undefined-condition', error.message);
  }
}
