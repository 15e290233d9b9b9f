// The box's first run: the setup code shown on the box's screen, then the administrator's
// name and password. The daemon creates that account and closes the setup; the login screen
// follows. Shown only while GET /api/setup says the box waits for its administrator.
import { h, replaceChildren } from '../lib/dom.js';
import { completeSetup } from '../lib/api.js';
import { t } from '../lib/i18n.js';
import { icon } from './icons.js';

export interface FirstRunOptions {
  onDone(jid: string): void;
}

export function renderFirstRun(root: HTMLElement, options: FirstRunOptions): void {
  const field = (id: string, label: string, input: HTMLInputElement, hint: string) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), input, h('p', { id: `${id}-hint`, class: 'hint' }, hint));
  const code = h('input', {
    id: 'setup-code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    required: true, 'aria-describedby': 'setup-code-hint',
  });
  const name = h('input', {
    id: 'setup-name', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false',
    required: true, 'aria-describedby': 'setup-name-hint',
  });
  const password = h('input', {
    id: 'setup-password', name: 'password', type: 'password', autocomplete: 'new-password', minlength: '8',
    required: true, 'aria-describedby': 'setup-password-hint',
  });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('setup.submit'));
  const errors = h('div', { id: 'setup-error', class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'setup-title', 'aria-describedby': 'setup-error' },
    h('div', { class: 'brand-mark' }, icon('home')),
    h('h1', { id: 'setup-title' }, t('setup.title')),
    h('p', { class: 'muted' }, t('setup.intro')),
    field('setup-code', t('setup.code'), code, t('setup.codeHint')),
    field('setup-name', t('setup.name'), name, t('setup.nameHint')),
    field('setup-password', t('setup.password'), password, t('setup.passwordHint')),
    errors,
    submit,
  );

  const showError = (summary: string, detail = ''): void => {
    replaceChildren(errors, summary ? h('p', null, summary) : null, detail && detail !== summary ? h('p', { class: 'detail' }, detail) : null);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const empty = [code, name, password].find((input) => input.value.trim() === '');
    if (empty) {
      showError(t('setup.missing'));
      empty.focus();
      return;
    }
    showError('');
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    submit.textContent = t('setup.busy');
    const result = await completeSetup(code.value, name.value.trim(), password.value);
    submit.disabled = false;
    form.removeAttribute('aria-busy');
    submit.textContent = t('setup.submit');
    if (result.ok) return options.onDone(result.jid);
    if (result.failure.kind === 'unreachable') return showError(t('login.boxUnreachable'));
    const summary = result.failure.code === 'E_SETUP_BAD_CODE' ? t('setup.badCode') : t('setup.failed');
    // The daemon's sentence says what only it knows (the name rule, how long to wait).
    showError(summary, result.failure.message);
    (result.failure.code === 'E_SETUP_BAD_CODE' || result.failure.code === 'E_SETUP_RATE_LIMITED' ? code : name).focus();
  });

  replaceChildren(root, h('main', { class: 'login-page', id: 'main' }, form));
  document.title = t('setup.title');
  code.focus();
}
