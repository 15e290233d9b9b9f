// What the HTTP/WebSocket layer needs from the users' XMPP sessions (the linker pool). The
// daemon depends on this seam only, so transport code never reaches into a linker.

/** A login refused by the XMPP server or unreachable server, with a message for the person. */
export class LoginError extends Error {
  constructor(
    /** RFC 6120 SASL condition (e.g. 'not-authorized') or 'remote-server-not-found'. */
    readonly condition: string,
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

/** A server-pushed event for every tab of one user. */
export interface UserEvent {
  name: string;
  data: unknown;
}

export interface UserService {
  /** Authenticates against the XMPP server, starts (or reuses) the user's session; resolves to the bare JID. */
  login(address: string, password: string): Promise<string>;
  /** Ends the user's XMPP session (the last tab logged out). */
  logout(jid: string): Promise<void>;
  /** Handles one browser request for the user's session. */
  call(jid: string, method: string, params: unknown): Promise<unknown>;
  /** Delivers the user's events to a tab until the returned function is called. */
  subscribe(jid: string, listener: (event: UserEvent) => void): () => void;
}
