// The message composer, reusable for chats and rooms: a text area that grows with its text
// (CSS field-sizing) and a Send button; Enter sends, Shift+Enter starts a new line (and
// Enter while an input method is composing belongs to it). A banner above says when it
// replies to or corrects a message.
// Typing notifications are reported through onTyping, paused after a quiet moment.
import { h, replaceChildren } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import type { TypingState } from '../../../../src/linker/features/chat/events.js';
import type { Attachment } from '../../lib/upload.js';
import { attachButton } from '../attach-button.js';

export interface ComposerOptions {
  /** The text area's label, e.g. "Message to Dad". */
  label: string;
  /** Resolves once handed over; the text is cleared at once and put back if it rejects. */
  onSend(text: string): Promise<void>;
  onTyping?(state: TypingState): void;
  /** The Escape key or the banner's Cancel button. */
  onCancel?(): void;
  /** Given: an attach button uploads photos and files, each handed over here once uploaded. */
  onAttachment?(attachment: Attachment): Promise<void>;
}

export interface ComposerView {
  element: HTMLElement;
  focus(): void;
  /** A line above the text area ("Replying to Dad"), or null. */
  setBanner(text: string | null): void;
  setText(text: string): void;
  setSendLabel(label: string): void;
  /** A failure to show under the composer, or null. */
  setError(message: string | null): void;
}

const PAUSE_AFTER_MS = 5_000;
const MAX_LENGTH = 16_000;

export function createComposer(options: ComposerOptions): ComposerView {
  const id = `composer-${Math.random().toString(36).slice(2)}`;
  const input = h('textarea', { id, rows: 1, maxlength: MAX_LENGTH, autocomplete: 'off', enterkeyhint: 'send', dir: 'auto' });
  const send = h('button', { type: 'submit', class: 'button primary send' }, t('conversation.send'));
  const bannerText = h('p');
  const cancel = h('button', { type: 'button', class: 'button small' }, t('conversation.cancel'));
  const banner = h('div', { class: 'composer-banner', hidden: true }, bannerText, cancel);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const uploads = h('div', { class: 'composer-uploads' });
  const onAttachment = options.onAttachment;
  const attach = onAttachment
    ? attachButton({
      progressHost: uploads,
      onUploaded: (attachment) => onAttachment(attachment).catch((failure: unknown) => {
        error.textContent = t('conversation.sendFailed', { reason: (failure as Error).message });
      }),
    })
    : null;
  const form = h('form', { class: 'composer', novalidate: true },
    banner,
    uploads,
    h('div', { class: 'composer-row' }, attach, h('label', { for: id, class: 'visually-hidden' }, options.label), input, send),
    error);
  input.placeholder = options.label;

  let composing = false;
  let pauseTimer: ReturnType<typeof setTimeout> | null = null;
  const setTyping = (state: TypingState): void => {
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = null;
    const isComposing = state === 'composing';
    if (isComposing === composing && state !== 'active') return;
    composing = isComposing;
    options.onTyping?.(state);
  };

  const submit = async (): Promise<void> => {
    const text = input.value;
    if (text.trim() === '') return;
    input.value = '';
    composing = false;
    if (pauseTimer) clearTimeout(pauseTimer);
    error.textContent = '';
    try {
      await options.onSend(text);
    } catch (failure) {
      if (input.value === '') input.value = text;
      error.textContent = t('conversation.sendFailed', { reason: (failure as Error).message });
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
    input.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && !banner.hidden) {
      event.preventDefault();
      options.onCancel?.();
    }
  });
  input.addEventListener('input', () => {
    if (input.value.trim() === '') return setTyping('active');
    setTyping('composing');
    pauseTimer = setTimeout(() => setTyping('paused'), PAUSE_AFTER_MS);
  });
  cancel.addEventListener('click', () => {
    options.onCancel?.();
    input.focus();
  });

  return {
    element: form,
    focus: () => input.focus(),
    setBanner(text) {
      banner.hidden = text === null;
      replaceChildren(bannerText, text ?? '');
    },
    setText(text) {
      input.value = text;
    },
    setSendLabel(label) {
      send.textContent = label;
    },
    setError(message) {
      error.textContent = message ?? '';
    },
  };
}
