// The login screen: address and password, labelled, with the daemon's refusal (wrong
// password, too many attempts, XMPP server down) or "box unreachable" read out by screen
// readers through a live region.
import { h, replaceChildren } from '../lib/dom.js';
import { login, type LoginFailure } from '../lib/api.js';
import { t } from '../lib/i18n.js';
import { icon } from './icons.js';

export interface LoginOptions {
  onLoggedIn(jid: string): void;
  /** Shown above the form, e.g. the offline notice when the session could not be checked. */
  notice?: string | null;
}

function failureText(failure: LoginFailure): { summary: string; detail: string } {
  if (failure.kind === 'unreachable') return { summary: t('login.boxUnreachable'), detail: '' };
  const summary =
    failure.status === 401 ? t('login.badCredentials')
    : failure.status === 429 ? t('login.rateLimited')
    : failure.status === 502 ? t('login.xmppUnreachable')
    : t('login.failed');
  // The daemon's own sentence adds what only it knows (how long to wait, what failed).
  return { summary, detail: failure.message };
}

export function renderLogin(root: HTMLElement, options: LoginOptions): void {
  const address = h('input', {
    id: 'login-address', name: 'address', type: 'text', inputmode: 'email', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true, 'aria-describedby': 'login-address-hint',
  });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('login.submit'));
  const errors = h('div', { id: 'login-error', class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title', 'aria-describedby': 'login-error' },
    h('div', { class: 'brand-mark' }, icon('home')),
    h('h1', { id: 'login-title' }, t('login.title')),
    h('p', { class: 'muted' }, t('login.intro')),
    options.notice ? h('p', { class: 'notice', role: 'status' }, options.notice) : null,
    h('div', { class: 'field' },
      h('label', { for: 'login-address' }, t('login.address')),
      address,
      h('p', { id: 'login-address-hint', class: 'hint' }, t('login.addressHint')),
    ),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), password),
    errors,
    submit,
  );

  const showError = (summary: string, detail = ''): void => {
    replaceChildren(errors, summary ? h('p', null, summary) : null, detail && detail !== summary ? h('p', { class: 'detail' }, detail) : null);
    const invalid = summary ? 'true' : 'false';
    address.setAttribute('aria-invalid', invalid);
    password.setAttribute('aria-invalid', invalid);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (address.value.trim() === '' || password.value === '') {
      showError(t('login.missing'));
      (address.value.trim() === '' ? address : password).focus();
      return;
    }
    showError('');
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    submit.textContent = t('login.busy');
    const result = await login(address.value.trim(), password.value);
    submit.disabled = false;
    form.removeAttribute('aria-busy');
    submit.textContent = t('login.submit');
    if (result.ok) return options.onLoggedIn(result.jid);
    const { summary, detail } = failureText(result.failure);
    showError(summary, detail);
    password.select();
    password.focus();
  });

  replaceChildren(root, h('main', { class: 'login-page', id: 'main' }, form));
  document.title = t('login.title');
  address.focus();
}
