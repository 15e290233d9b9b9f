// The parts of @xmpp/client (which ships no types) that the tests use.
declare module '@xmpp/client' {
  import type { EventEmitter } from 'node:events';

  export interface XmppElement {
    name: string;
    attrs: Record<string, string>;
    children: Array<XmppElement | string>;
    is(name: string, xmlns?: string): boolean;
  }

  export interface XmppClient extends EventEmitter {
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: XmppElement): Promise<void>;
    reconnect: { stop(): void };
    iqCaller: { request(element: XmppElement, timeoutMs?: number): Promise<XmppElement> };
  }

  export function client(options: { service: string; domain?: string; username?: string; password?: string; resource?: string }): XmppClient;
  export function xml(name: string, attrs?: Record<string, string> | null, ...children: Array<XmppElement | string>): XmppElement;
}
