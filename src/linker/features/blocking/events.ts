// Blocking events and methods in the browser protocol (docs/protocol.md), shared with web/.

export interface BlockingEvents {
  /** The whole list, after a (re)synchronisation or when everything was unblocked. */
  'blocking.list-replaced': { jids: string[] };
  /** Blocked here or on another device: no messages or presence from them any more. */
  'blocking.item-added': { jid: string };
  'blocking.item-removed': { jid: string };
}

export interface BlockingMethods {
  'blocking.list': { params: Record<string, never>; result: { jids: string[] } };
  'blocking.block': { params: { jid: string }; result: Record<string, never> };
  'blocking.unblock': { params: { jid: string }; result: Record<string, never> };
}
