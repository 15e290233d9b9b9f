// Adding a contact by address: checked here first so the common mistakes (not an address,
// our own, already a contact) are explained at once, then sent as roster.add, which also
// asks them to let us see their presence.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { typedAddress } from '../lib/people.js';
import type { AppContext } from './screen.js';

export function addContactForm(context: AppContext): HTMLElement {
  const input = h('input', {
    id: 'contact-add-address', name: 'address', type: 'text', inputmode: 'email', autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false', enterkeyhint: 'send', 'aria-describedby': 'contact-add-message',
  });
  input.placeholder = t('contacts.addPlaceholder');
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('contacts.addSubmit'));
  const message = h('p', { id: 'contact-add-message', class: 'form-message', 'aria-live': 'polite' });

  const show = (text: string, isError: boolean): void => {
    message.textContent = text;
    message.classList.toggle('form-error', isError);
    if (isError) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };

  const form = h('form', { class: 'add-contact', novalidate: true }, h('label', { for: input.id }, t('contacts.addLabel')), h('div', { class: 'inline-form' }, input, submit), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = typedAddress(input.value);
    if (address === null) return show(t('contacts.addInvalid'), true);
    if (address === context.jid) return show(t('contacts.addSelf'), true);
    const existing = context.roster.get(address);
    if (existing && (existing.subscription === 'to' || existing.subscription === 'both')) return show(t('contacts.addAlready', { address }), true);
    submit.disabled = true;
    try {
      await context.connection.request('roster.add', { jid: address });
      input.value = '';
      show(t('contacts.addSent', { address }), false);
    } catch (error) {
      show(t('contacts.addFailed', { reason: (error as Error).message }), true);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
