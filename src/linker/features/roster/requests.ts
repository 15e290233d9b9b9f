// Subscription requests (RFC 6121 §3): who asked to see our presence and is waiting for an
// answer. Kept in memory only: after a new session the server sends every pending request
// again once we are available (§3.1.3), so one that arrived while no tab was open is shown
// when one opens. A request from someone we asked first is approved at once: adding a person
// means both see each other.
// References: https://www.rfc-editor.org/rfc/rfc6121#section-3 (§3.1.3 pending requests
// redelivered, §3.1.4 approve, §3.1.5 refuse, §3.2 a request withdrawn).
import type { FeatureContext } from '../../feature.js';
import type { RosterItem } from '../../../cache/index.js';
import { addressParam } from '../params.js';
import type { SubscriptionRequest } from './events.js';
import { buildSubscription, parseSubscription } from './stanza.js';

export interface SubscriptionRequests {
  list(): SubscriptionRequest[];
  has(jid: string): boolean;
  /** Approves their request; asks to see theirs too unless we already do or asked. */
  accept(jid: string): void;
  refuse(jid: string): void;
  /** The roster says they may already see us (approved on another device): not pending any more. */
  settle(jid: string): void;
}

/** Whether we see their presence or asked to: then their request to see ours is expected. */
function weAskedThem(item: RosterItem | undefined): boolean {
  return item !== undefined && (item.subscription === 'to' || item.subscription === 'both' || item.ask === 'subscribe');
}

function theySeeUs(item: RosterItem | undefined): boolean {
  return item !== undefined && (item.subscription === 'from' || item.subscription === 'both');
}

export function setupSubscriptionRequests(ctx: FeatureContext, itemOf: (jid: string) => RosterItem | undefined): SubscriptionRequests {
  const pending = new Map<string, SubscriptionRequest>();

  const drop = (jid: string): void => {
    if (pending.delete(jid)) ctx.emit('roster.request-removed', { jid });
  };

  ctx.onOnline(({ resumed }) => {
    if (!resumed) pending.clear();
  });

  ctx.route('presence', (stanza) => {
    const subscription = parseSubscription(stanza);
    if (!subscription) return;
    const { type, jid, nick } = subscription;
    if (type === 'subscribe') {
      const item = itemOf(jid);
      if (theySeeUs(item)) return true; // the server already answered for us (§3.1.3)
      if (weAskedThem(item)) {
        ctx.send(buildSubscription(jid, 'subscribed'));
        return true;
      }
      if (!pending.has(jid)) {
        const request = { jid, nick };
        pending.set(jid, request);
        ctx.emit('roster.request-received', request);
      }
    } else if (type === 'unsubscribe') {
      drop(jid);
    }
    return true;
  });

  return {
    list: () => [...pending.values()],
    has: (jid) => pending.has(jid),
    accept(jid) {
      ctx.send(buildSubscription(jid, 'subscribed'));
      if (!weAskedThem(itemOf(jid))) ctx.send(buildSubscription(jid, 'subscribe'));
      drop(jid);
    },
    refuse(jid) {
      ctx.send(buildSubscription(jid, 'unsubscribed'));
      drop(jid);
    },
    settle: drop,
  };
}

/** The browser methods answering requests. */
export function requestMethods(requests: SubscriptionRequests) {
  return {
    'roster.requests': () => ({ requests: requests.list() }),
    'roster.accept': (params: unknown) => {
      requests.accept(addressParam(params));
      return {};
    },
    'roster.refuse': (params: unknown) => {
      requests.refuse(addressParam(params));
      return {};
    },
  };
}
