// What every screen of the main layout provides, and what it gets from the shell. Later
// screens (chats, rooms, feed) plug in here.
import type { ChatStore } from '../lib/chat.js';
import type { Connection } from '../lib/connection.js';
import type { LiveList } from '../lib/live-list.js';
import type { SubscriptionRequest } from '../lib/people.js';
import type { RosterStore } from '../lib/roster.js';
import type { Route } from '../lib/router.js';

export interface AppContext {
  jid: string;
  connection: Connection;
  roster: RosterStore;
  /** People asking to see our presence, waiting for an answer. */
  requests: LiveList<SubscriptionRequest>;
  /** Addresses we blocked (XEP-0191). */
  blocklist: LiveList<string>;
  chats: ChatStore;
  /** Redraws the whole app, e.g. after the language changed. */
  rerender(): void;
  /** Ends the session on this device and shows the login screen. */
  logout(): Promise<void>;
}

export interface ScreenView {
  /** The list pane (conversation list, contact list); null for single-pane screens. */
  list: HTMLElement | null;
  /** The content pane: the selected item, or a hint when nothing is selected. */
  content: HTMLElement;
  /** Stops listening to stores and events when the screen goes away. */
  dispose(): void;
}

export type Screen = (context: AppContext, route: Route) => ScreenView;
