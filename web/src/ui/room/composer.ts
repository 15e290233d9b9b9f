// Where a room message is typed: Enter sends, Shift+Enter starts a new line; the text stays
// when sending failed, with the reason beside it.
import { h, replaceChildren } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';

export function composer(label: string, send: (body: string) => Promise<unknown>): HTMLElement {
  const input = h('textarea', { id: 'room-composer', 'aria-label': label, enterkeyhint: 'send', autocomplete: 'off' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('rooms.send'));
  const form = h('form', { class: 'composer', novalidate: true }, input, submit, error);
  const go = async (): Promise<void> => {
    const body = input.value;
    if (body.trim() === '') return;
    input.value = '';
    try {
      await send(body);
      replaceChildren(error);
    } catch (failure) {
      input.value = body;
      replaceChildren(error, t('rooms.sendFailed', { reason: (failure as Error).message }));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void go();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void go();
    }
  });
  return form;
}
