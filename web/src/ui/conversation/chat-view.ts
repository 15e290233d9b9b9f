// One-to-one conversation: header (who, presence, typing), the message list and the
// composer, over the ChatStore. Messages typed while offline show as waiting; reading the
// newest messages marks the conversation read (on every device); the last own message can
// be corrected, any message answered or reacted to.
import { h, replaceChildren } from '../../lib/dom.js';
import { t, type TextKey } from '../../lib/i18n.js';
import { askPermission } from '../../lib/notify.js';
import { displayName } from '../../lib/roster.js';
import type { ChatMessage } from '../../lib/chat.js';
import type { AppContext } from '../screen.js';
import { avatar } from '../avatar.js';
import { presenceBadge } from '../presence.js';
import { remoteName } from '../text.js';
import { createComposer } from './composer.js';
import { createMessageList, type ListMessage } from './message-list.js';

const STATE_LABEL = {
  queued: 'conversation.queued',
  sent: 'conversation.sent',
  delivered: 'conversation.delivered',
  displayed: 'conversation.displayed',
} as const satisfies Record<Exclude<NonNullable<ChatMessage['state']>, 'failed'>, string>;
/** What a bounce's RFC 6120 §8.3.3 condition means to the person who wrote. */
const FAILURE_REASON: Partial<Record<string, TextKey>> = {
  'service-unavailable': 'conversation.failure.noSuchAddress',
  'item-not-found': 'conversation.failure.noSuchAddress',
  'recipient-unavailable': 'conversation.failure.noSuchAddress',
  gone: 'conversation.failure.noSuchAddress',
  'jid-malformed': 'conversation.failure.badAddress',
  'remote-server-not-found': 'conversation.failure.unreachableServer',
  'remote-server-timeout': 'conversation.failure.unreachableServer',
  forbidden: 'conversation.failure.forbidden',
  'not-allowed': 'conversation.failure.forbidden',
  'not-authorized': 'conversation.failure.forbidden',
  'subscription-required': 'conversation.failure.forbidden',
  'registration-required': 'conversation.failure.forbidden',
  'not-acceptable': 'conversation.failure.refused',
  'policy-violation': 'conversation.failure.refused',
  'bad-request': 'conversation.failure.refused',
};
const QUICK_REACTIONS = ['👍', '❤️', '😂'];
const QUOTE_LENGTH = 200;

type Mode = { kind: 'reply' | 'edit'; message: ChatMessage } | null;

export function chatView(context: AppContext, peer: string): { element: HTMLElement; dispose(): void } {
  const { chats, roster, connection } = context;
  const thread = chats.thread(peer);
  const nameOf = () => { const contact = roster.get(peer); return contact ? displayName(contact) : peer; };
  let mode: Mode = null;

  const title = h('h2', { class: 'pane-title', id: 'detail-title', tabindex: '-1' });
  const presence = h('span', { class: 'conversation-presence' });
  const typing = h('p', { class: 'typing muted', 'aria-live': 'polite' });
  const offline = h('p', { class: 'notice offline-note', hidden: true }, t('conversation.offline'));
  const header = h('header', { class: 'conversation-header' }, avatar(nameOf(), 'small', peer), h('div', { class: 'row-text' }, title, presence));

  const myReactions = (message: ChatMessage): string[] => message.reactions?.[chats.self] ?? [];
  const toggleReaction = (message: ChatMessage, emoji: string): void => {
    const mine = myReactions(message);
    const next = mine.includes(emoji) ? mine.filter((e) => e !== emoji) : [...mine, emoji];
    void chats.react(peer, message.id, next).catch(() => {});
  };
  const byKey = (key: string) => thread.messages.find((message) => message.id === key);
  /** Why sending a failed message again failed, by its id. */
  const retryErrors = new Map<string, string>();

  const setMode = (next: Mode): void => {
    mode = next;
    composer.setBanner(next === null ? null : next.kind === 'edit' ? t('conversation.editing') : t('conversation.replyingTo', { name: next.message.direction === 'out' ? t('conversation.you') : nameOf() }));
    composer.setSendLabel(t(next?.kind === 'edit' ? 'conversation.save' : 'conversation.send'));
    composer.setText(next?.kind === 'edit' ? next.message.body : '');
    composer.focus();
  };

  const list = createMessageList({
    label: t('conversation.messages', { name: nameOf() }),
    showSenders: false,
    loadOlder: () => void thread.loadOlder(),
    onReaction: (item, emoji) => { const message = byKey(item.key); if (message) toggleReaction(message, emoji); },
    onRetry: (item) => {
      retryErrors.delete(item.key);
      chats.retry(peer, item.key).catch((error: unknown) => {
        retryErrors.set(item.key, t('conversation.sendFailed', { reason: (error as Error).message }));
        render('update');
      });
    },
    actions: (item) => {
      const message = byKey(item.key);
      if (!message) return null;
      const button = (label: string, text: string, action: () => void, extra = '') => {
        const element = h('button', { type: 'button', class: `button compact icon-button ${extra}`, 'aria-label': label, title: label }, text);
        element.addEventListener('click', action);
        return element;
      };
      const lastOwn = [...thread.messages].reverse().find((known) => known.direction === 'out');
      return [
        ...QUICK_REACTIONS.map((emoji) => button(t('conversation.reactWith', { emoji }), emoji, () => toggleReaction(message, emoji))),
        button(t('conversation.reply'), t('conversation.reply'), () => setMode({ kind: 'reply', message }), 'text'),
        lastOwn?.id === message.id ? button(t('conversation.edit'), t('conversation.edit'), () => setMode({ kind: 'edit', message }), 'text') : null,
      ];
    },
  });

  const composer = createComposer({
    label: t('conversation.composer', { name: nameOf() }),
    onTyping: (state) => chats.typingChanged(peer, state),
    onCancel: () => setMode(null),
    onSend: async (text) => {
      const current = mode;
      setMode(null);
      // A sensible moment to ask: the person just started a conversation of their own.
      void askPermission();
      if (current?.kind === 'edit') return chats.correct(peer, current.message.id, text);
      await chats.send(peer, text, current?.kind === 'reply' ? { replyTo: current.message.id } : {});
    },
    onAttachment: (attachment) => chats.send(peer, '', { attachment }),
  });

  // A failed message says so in its failure line instead.
  const stateLabel = (message: ChatMessage): string | null =>
    message.direction === 'out' && message.state !== 'failed' ? t(STATE_LABEL[message.state ?? 'sent']) : null;
  const failureOf = (message: ChatMessage): ListMessage['failure'] => message.state === 'failed' ? {
    reason: t('conversation.failedBecause', { reason: t(FAILURE_REASON[message.failure?.condition ?? ''] ?? 'conversation.failure.other') }),
    retried: message.failure?.retried === true,
    retryError: retryErrors.get(message.id) ?? null,
  } : null;

  const toListMessage = (message: ChatMessage): ListMessage => {
    const counts = new Map<string, { count: number; mine: boolean }>();
    for (const [reactor, emojis] of Object.entries(message.reactions ?? {})) {
      for (const emoji of emojis) {
        const entry = counts.get(emoji) ?? { count: 0, mine: false };
        counts.set(emoji, { count: entry.count + 1, mine: entry.mine || reactor === chats.self });
      }
    }
    const quoted = message.replyTo ? byKey(message.replyTo.id) : undefined;
    return {
      key: message.id,
      senderName: message.direction === 'out' ? t('conversation.you') : nameOf(),
      direction: message.direction,
      time: message.time,
      body: message.body,
      status: stateLabel(message),
      edited: message.edited === true,
      reactions: [...counts].map(([emoji, { count, mine }]) => ({ emoji, count, mine })),
      replyTo: quoted ? { senderName: quoted.direction === 'out' ? t('conversation.you') : nameOf(), text: quoted.body.slice(0, QUOTE_LENGTH) } : null,
      attachment: message.attachment ?? null,
      failure: failureOf(message),
    };
  };

  const render = (change: 'older' | 'newer' | 'update'): void => {
    replaceChildren(title, remoteName(nameOf()));
    const contact = roster.get(peer);
    replaceChildren(presence, contact ? presenceBadge(contact.presence.show) : null);
    typing.textContent = chats.isTyping(peer) ? t('conversation.typing', { name: nameOf() }) : '';
    offline.hidden = connection.state === 'online';
    const unsent: ListMessage[] = chats.unsent(peer).map((local) => ({
      key: local.localId, senderName: t('conversation.you'), direction: 'out', time: local.time, body: local.body,
      status: t('conversation.unsent'), edited: false, reactions: [], replyTo: null, attachment: null, failure: null,
    }));
    list.update([...thread.messages.map(toListMessage), ...unsent], {
      loadingOlder: thread.loadingOlder,
      complete: thread.complete,
      error: thread.error?.message ?? null,
    }, change);
    markReadIfSeen();
  };

  const markReadIfSeen = (): void => {
    if (document.visibilityState === 'visible' && connection.state === 'online') void chats.markRead(peer).catch(() => {});
  };

  const element = h('section', { class: 'conversation', 'aria-labelledby': 'detail-title' }, header, typing, offline, list.element, composer.element);
  const unsubscribers = [
    thread.subscribe(render),
    chats.subscribe(() => render('update')),
    roster.subscribe(() => render('update')),
    connection.onState(() => render('update')),
  ];
  const onVisible = (): void => markReadIfSeen();
  document.addEventListener('visibilitychange', onVisible);
  render('update');
  if (!thread.loaded && connection.state === 'online') void thread.loadNewest();
  else if (!thread.loaded) unsubscribers.push(connection.onReady(() => { if (!thread.loaded) void thread.loadNewest(); }));

  return {
    element,
    dispose: () => {
      document.removeEventListener('visibilitychange', onVisible);
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
