// The tab's WebSocket to the daemon, browser protocol v1 (docs/protocol.md): requests with
// ids and timeouts, pushed events, and automatic reconnection. After a drop it retries with
// exponential backoff and jitter (so a box coming back is not hit by every tab at once), and
// every (re)connection fires onReady so screens refetch what they show. Close code 4001
// means the session ended: the app goes back to the login screen instead of retrying.
//
// References: docs/protocol.md (Foyer browser protocol, version 1).

export const PROTOCOL_VERSION = 1;

/** online: hello received · connecting: first attempt · reconnecting: retrying after a drop · offline: retries failing. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export class RpcError extends Error {
  constructor(
    /** The daemon's stable code, or E_RPC_TIMEOUT / E_RPC_DISCONNECTED / E_RPC_OFFLINE from here. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface ConnectionOptions {
  url: string;
  requestTimeoutMs?: number;
  /** First retry delay; doubled per failed attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failed attempts in a row after which the state reads "offline" rather than "reconnecting". */
  offlineAfterFailures?: number;
  /** Asked after a failed attempt: false when the session is gone (the upgrade was refused with 401). */
  sessionStillValid?: () => Promise<boolean>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: RpcError): void;
  timer: ReturnType<typeof setTimeout>;
}

type Listener<T> = (value: T) => void;

/** Delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter". */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const RELOAD_KEY = 'foyer.protocolReloadAt';

function reloadAllowed(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOAD_KEY) ?? 0);
    if (Date.now() - last < 60_000) return false;
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
    return true;
  } catch {
    return false;
  }
}

export class Connection {
  private socket: WebSocket | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<string, Set<Listener<unknown>>>();
  private readonly stateListeners = new Set<Listener<ConnectionState>>();
  private readonly readyListeners = new Set<Listener<string>>();
  private readonly endListeners = new Set<Listener<void>>();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private everOnline = false;
  private currentState: ConnectionState = 'connecting';
  /** When the next retry is due (ms since epoch), for the "trying again in N s" banner. */
  retryAt: number | null = null;

  private readonly options: Required<ConnectionOptions>;

  constructor(options: ConnectionOptions) {
    this.options = {
      requestTimeoutMs: 15_000,
      baseDelayMs: 1_000,
      maxDelayMs: 30_000,
      offlineAfterFailures: 3,
      sessionStillValid: async () => true,
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    addEventListener('online', this.onBrowserOnline);
    addEventListener('offline', this.onBrowserOffline);
    this.open();
  }

  /** Closes for good (logout); pending requests fail. */
  stop(): void {
    this.stopped = true;
    removeEventListener('online', this.onBrowserOnline);
    removeEventListener('offline', this.onBrowserOffline);
    this.clearRetry();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'tab closing');
    this.failAll('E_RPC_DISCONNECTED', 'connection closed');
  }

  /** Retries at once instead of waiting for the backoff (the "try now" button, the `online` event). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    this.clearRetry();
    this.open();
  }

  request<T>(method: string, params: object = {}, timeoutMs = this.options.requestTimeoutMs): Promise<T> {
    const socket = this.socket;
    if (!socket || this.currentState !== 'online') {
      return Promise.reject(new RpcError('E_RPC_OFFLINE', 'not connected'));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError('E_RPC_TIMEOUT', `${method} got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Listens to one pushed event; returns the unsubscribe function. */
  on<T>(event: string, listener: Listener<T>): () => void {
    let listeners = this.eventListeners.get(event);
    if (!listeners) this.eventListeners.set(event, (listeners = new Set()));
    listeners.add(listener as Listener<unknown>);
    return () => listeners.delete(listener as Listener<unknown>);
  }

  onState(listener: Listener<ConnectionState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called with the JID after each hello: the first connection and every reconnection. */
  onReady(listener: Listener<string>): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Called when the session is over (close code 4001, or the session is no longer valid). */
  onSessionEnded(listener: Listener<void>): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private open(): void {
    this.retryAt = null;
    if (!navigator.onLine) return this.scheduleRetry();
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    let helloSeen = false;
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(message.data) as Record<string, unknown>;
      } catch {
        return;
      }
      if (!helloSeen) {
        helloSeen = true;
        this.onHello(socket, frame);
      } else {
        this.dispatch(frame);
      }
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failAll('E_RPC_DISCONNECTED', 'connection lost');
      if (close.code === 4001) return this.endSession();
      if (!helloSeen) this.failures++;
      else this.failures = 0;
      void this.afterDrop();
    };
  }

  private onHello(socket: WebSocket, frame: Record<string, unknown>): void {
    const hello = frame.hello as { protocol?: unknown; jid?: unknown } | undefined;
    if (!hello || hello.protocol !== PROTOCOL_VERSION || typeof hello.jid !== 'string') {
      // The daemon speaks another protocol version: this copy of the app is outdated. Reload
      // (once a minute at most, in case the newest app does not speak it either).
      this.stop();
      socket.close(1000, 'protocol mismatch');
      this.setState('offline');
      if (reloadAllowed()) location.reload();
      return;
    }
    this.failures = 0;
    this.everOnline = true;
    this.setState('online');
    for (const listener of this.readyListeners) listener(hello.jid);
  }

  private dispatch(frame: Record<string, unknown>): void {
    if (typeof frame.event === 'string') {
      for (const listener of this.eventListeners.get(frame.event) ?? []) listener(frame.data);
      return;
    }
    if (typeof frame.id !== 'number') return;
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    this.pending.delete(frame.id);
    clearTimeout(pending.timer);
    const error = frame.error as { code?: unknown; message?: unknown } | undefined;
    if (error) pending.reject(new RpcError(String(error.code ?? 'E_INTERNAL'), String(error.message ?? 'failed')));
    else pending.resolve(frame.result);
  }

  private async afterDrop(): Promise<void> {
    if (this.stopped) return;
    // A refused upgrade looks like any other failure from here; the session check tells them apart.
    if (this.failures > 0 && !(await this.options.sessionStillValid())) return this.endSession();
    if (this.stopped || this.socket) return; // retryNow() ran meanwhile
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const offline = !navigator.onLine || !this.everOnline || this.failures >= this.options.offlineAfterFailures;
    // Without a network the `online` event restarts the attempts; no timer.
    if (navigator.onLine) {
      const delay = backoffDelay(Math.max(0, this.failures - 1), this.options.baseDelayMs, this.options.maxDelayMs);
      this.retryAt = Date.now() + delay;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.open();
      }, delay);
    }
    this.setState(offline ? 'offline' : 'reconnecting');
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  private endSession(): void {
    this.stop();
    for (const listener of this.endListeners) listener();
  }

  private failAll(code: string, message: string): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new RpcError(code, message));
    }
    this.pending.clear();
  }

  /** Also called when only retryAt changed, so the banner's countdown restarts. */
  private setState(next: ConnectionState): void {
    this.currentState = next;
    for (const listener of this.stateListeners) listener(next);
  }

  private readonly onBrowserOnline = (): void => this.retryNow();

  private readonly onBrowserOffline = (): void => {
    // Sockets can take minutes to notice a dead link; the browser already knows.
    this.socket?.close();
  };
}
