// A conversation's messages, reusable for chats and rooms: each message arrives with its
// sender's display name, so the list knows nothing of rosters or occupants. Remote text goes
// through remoteName/remoteText only (text nodes, isolated direction, linkified, clamped).
// Older messages load as the person scrolls up (or presses "Load earlier messages"), with a
// visible loading state, and the message in view stays in place when they are inserted
// above it; new messages scroll into view only when the person was already at the end.
import { h, replaceChildren, type Child } from '../../lib/dom.js';
import { dateTimeFormat, formatSize, t, tn } from '../../lib/i18n.js';
import type { Attachment } from '../../../../src/linker/features/chat/events.js';
import { remoteName, remoteText } from '../text.js';
import { onThisOrigin } from '../../lib/box-files.js';

export interface ListReaction {
  emoji: string;
  count: number;
  mine: boolean;
}

export interface ListMessage {
  /** Unique in the list: the message id, or a local id for one not handed over yet. */
  key: string;
  senderName: string;
  direction: 'in' | 'out';
  time: number;
  body: string;
  /** For our own messages: "Queued", "Sent", "Delivered", "Read"… */
  status: string | null;
  edited: boolean;
  reactions: ListReaction[];
  replyTo: { senderName: string; text: string } | null;
  attachment: Attachment | null;
  /** Our message the network sent back: why, and whether it was sent again. */
  failure: ListFailure | null;
}

export interface ListFailure {
  /** "Not sent: …", in the person's language. */
  reason: string;
  retried: boolean;
  /** Sending it again failed too: why. */
  retryError: string | null;
}

export interface HistoryState {
  loadingOlder: boolean;
  complete: boolean;
  error: string | null;
}

export type ListChange = 'older' | 'newer' | 'update';

export interface MessageListOptions {
  /** Names the log for screen readers, e.g. "Messages with Dad". */
  label: string;
  /** Rooms show who wrote each message; a one-to-one chat does not need to. */
  showSenders: boolean;
  loadOlder(): void;
  /** Controls under a message (react, reply, correct). */
  actions?(message: ListMessage): Child;
  /** A reaction chip was pressed: toggle our own reaction. */
  onReaction?(message: ListMessage, emoji: string): void;
  /** Retry was pressed on a failed message: send it again. */
  onRetry?(message: ListMessage): void;
}

export interface MessageListView {
  element: HTMLElement;
  update(messages: readonly ListMessage[], history: HistoryState, change: ListChange): void;
}

/** How close to the top (px) scrolling starts loading older messages. */
const LOAD_MARGIN = 150;
/** How close to the end (px) counts as "reading the newest". */
const END_MARGIN = 80;

export function createMessageList(options: MessageListOptions): MessageListView {
  const status = h('div', { class: 'history-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'messages' });
  const scroller = h('div', { class: 'message-scroller', role: 'log', 'aria-label': options.label, tabindex: '0' }, status, list);
  const rendered = new Map<string, { signature: string; element: HTMLElement }>();
  let history: HistoryState = { loadingOlder: false, complete: false, error: null };
  let isFirstRender = true;

  const nearTop = () => scroller.scrollTop < LOAD_MARGIN;
  const wantsOlder = () => !history.loadingOlder && !history.complete && history.error === null;
  scroller.addEventListener('scroll', () => {
    if (nearTop() && wantsOlder()) options.loadOlder();
  }, { passive: true });

  const renderStatus = (): void => {
    if (history.loadingOlder) return replaceChildren(status, h('p', { class: 'muted loading' }, t('conversation.loadingHistory')));
    if (history.error !== null) {
      const retry = h('button', { type: 'button', class: 'button small' }, t('conversation.loadOlder'));
      retry.addEventListener('click', () => options.loadOlder());
      return replaceChildren(status, h('p', { class: 'muted' }, t('conversation.historyFailed', { reason: history.error })), retry);
    }
    if (history.complete) return replaceChildren(status, h('p', { class: 'muted' }, t('conversation.historyStart')));
    const more = h('button', { type: 'button', class: 'link-button' }, t('conversation.loadOlder'));
    more.addEventListener('click', () => options.loadOlder());
    replaceChildren(status, more);
  };

  const elementFor = (message: ListMessage): HTMLElement => {
    const signature = JSON.stringify(message);
    const known = rendered.get(message.key);
    if (known && known.signature === signature) return known.element;
    const element = renderMessage(message, options);
    rendered.set(message.key, { signature, element });
    return element;
  };

  return {
    element: scroller,
    update(messages, nextHistory, change) {
      history = nextHistory;
      const anchor = firstVisible(list, scroller);
      const anchorTop = anchor ? anchor.offsetTop - scroller.scrollTop : 0;
      const wasAtEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < END_MARGIN;
      const keys = new Set(messages.map((message) => message.key));
      for (const key of rendered.keys()) if (!keys.has(key)) rendered.delete(key);
      list.replaceChildren(...messages.map(elementFor));
      renderStatus();
      if (isFirstRender && messages.length > 0) {
        isFirstRender = false;
        scroller.scrollTop = scroller.scrollHeight;
      } else if (change === 'newer' && wasAtEnd) {
        scroller.scrollTop = scroller.scrollHeight;
      } else if (anchor && anchor.isConnected) {
        // Older messages above, a changed status line or message: the message at the top of
        // the view stays exactly where it was on screen.
        scroller.scrollTop = anchor.offsetTop - anchorTop;
      }
      // A short conversation does not fill the pane: nothing to scroll, so load on.
      if (scroller.scrollHeight <= scroller.clientHeight + LOAD_MARGIN && wantsOlder() && messages.length > 0) {
        requestAnimationFrame(() => { if (wantsOlder()) options.loadOlder(); });
      }
    },
  };
}

/** The first message at least partly in view: what the person is looking at. */
function firstVisible(list: HTMLElement, scroller: HTMLElement): HTMLElement | null {
  for (const child of list.children) {
    const element = child as HTMLElement;
    if (element.offsetTop + element.offsetHeight > scroller.scrollTop) return element;
  }
  return null;
}

function renderMessage(message: ListMessage, options: MessageListOptions): HTMLElement {
  const time = new Date(message.time);
  const formatted = dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(time);
  const reactions = message.reactions.length > 0
    ? h('div', { class: 'reactions' }, message.reactions.map((reaction) => {
      const chip = h('button', {
        type: 'button', class: 'button compact reaction', 'aria-pressed': String(reaction.mine),
        'aria-label': tn('conversation.reaction', reaction.count, { emoji: reaction.emoji }),
      }, h('span', { 'aria-hidden': 'true' }, `${reaction.emoji} ${reaction.count}`));
      chip.addEventListener('click', () => options.onReaction?.(message, reaction.emoji));
      return chip;
    }))
    : null;
  return h(
    'li',
    { class: `message message-${message.direction}${message.failure ? ' message-failed' : ''}`, 'data-key': message.key },
    h(
      'div',
      // Focusable, so a tap or the keyboard reveals the message's actions.
      { class: 'bubble', tabindex: options.actions ? '0' : null },
      options.showSenders || message.direction === 'in' ? h('p', { class: 'sender' }, remoteName(message.senderName)) : h('p', { class: 'visually-hidden' }, message.senderName),
      message.replyTo ? h('blockquote', { class: 'reply-quote' }, h('p', { class: 'muted' }, remoteName(t('conversation.replyTo', { name: message.replyTo.senderName }))), remoteText(message.replyTo.text, 'remote-text quote-text')) : null,
      message.attachment ? attachmentView(message.attachment) : remoteText(message.body),
      h(
        'p',
        { class: 'meta' },
        h('time', { datetime: time.toISOString() }, formatted),
        message.edited ? h('span', null, t('conversation.edited')) : null,
        message.status ? h('span', { class: 'state' }, message.status) : null,
      ),
      message.failure ? failureView(message, message.failure, options) : null,
    ),
    reactions,
    options.actions ? h('div', { class: 'message-actions' }, options.actions(message)) : null,
  );
}

/** Why the message was not sent, and Retry until it was sent again. */
function failureView(message: ListMessage, failure: ListFailure, options: MessageListOptions): HTMLElement {
  let retry: HTMLElement | null = null;
  if (failure.retried) {
    retry = h('span', { class: 'muted' }, t('conversation.retried'));
  } else if (options.onRetry) {
    retry = h('button', { type: 'button', class: 'button small retry' }, t('conversation.retry'));
    retry.addEventListener('click', () => options.onRetry?.(message));
  }
  return h('p', { class: 'failure', role: 'status' },
    h('span', null, failure.reason),
    retry,
    failure.retryError ? h('span', null, failure.retryError) : null);
}

/** An image inline with its space reserved (no jump when it loads); any other file as a download link. */
function attachmentView(attachment: Attachment): HTMLElement {
  const size = formatSize(attachment.size);
  const url = onThisOrigin(attachment.url);
  if (attachment.mediaType.startsWith('image/') && attachment.width && attachment.height) {
    return h('a', { class: 'attachment-image', href: url, target: '_blank', rel: 'noopener noreferrer nofollow' },
      h('img', { src: url, alt: attachment.name, width: attachment.width, height: attachment.height, loading: 'lazy', decoding: 'async' }));
  }
  return h('a', { class: 'attachment-file', href: url, target: '_blank', rel: 'noopener noreferrer nofollow', download: '' },
    h('bdi', null, t('conversation.download', { name: attachment.name, size })));
}
