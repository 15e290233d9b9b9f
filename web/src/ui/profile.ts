// Your own profile: your picture (chosen, framed and resized here, then published as your
// XEP-0084 avatar), the name your contacts see (vCard4), and your availability and status
// message. Contacts see each change live.
import { h, replaceChildren } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { encodeAvatar } from '../lib/avatar-image.js';
import { onProfileChanged, profileOf, profilePublished, type Profile } from '../lib/profiles.js';
import type { OwnPresence, OwnPresenceEvents } from '../../../src/linker/features/presence/events.js';
import type { Screen } from './screen.js';
import { avatar } from './avatar.js';
import { cropAvatar } from './avatar-crop.js';
import { remoteName } from './text.js';

const SHOWS = ['online', 'chat', 'away', 'xa', 'dnd'] as const;
const SHOW_LABEL = {
  online: 'presence.online', chat: 'presence.chat', away: 'presence.away', xa: 'presence.xa', dnd: 'presence.dnd',
} as const satisfies Record<OwnPresence['show'], string>;

/** A form whose submit runs one request, with its outcome said next to it. */
function requestForm(className: string, fields: HTMLElement[], submitLabel: string, run: () => Promise<void>): HTMLFormElement {
  const submit = h('button', { type: 'submit', class: 'button primary' }, submitLabel);
  const message = h('p', { class: 'form-message', 'aria-live': 'polite' });
  const form = h('form', { class: className, novalidate: true }, fields, submit, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    message.classList.remove('form-error');
    try {
      await run();
      message.textContent = t('profile.saved');
    } catch (error) {
      message.classList.add('form-error');
      message.textContent = t('action.failed', { reason: (error as Error).message });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export const profileScreen: Screen = (context) => {
  const { connection, jid } = context;
  const card = h('div', { class: 'profile-card' });
  const pictureError = h('p', { class: 'form-error', role: 'alert' });
  // Never shown: the button opens it, so it has a proper label and target size.
  const fileInput = h('input', { type: 'file', hidden: true });
  fileInput.accept = 'image/*';
  const change = h('button', { type: 'button', class: 'button' }, t('profile.changePicture'));
  const remove = h('button', { type: 'button', class: 'button' }, t('profile.removePicture'));
  change.addEventListener('click', () => fileInput.click());

  const publish = async (method: 'profile.set-avatar' | 'profile.remove-avatar', params: object): Promise<void> => {
    profilePublished(await connection.request<Profile>(method, params));
  };
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    pictureError.textContent = '';
    try {
      const square = await cropAvatar(file).catch(() => {
        throw new Error(t('profile.notAPicture'));
      });
      change.focus();
      if (!square) return;
      change.disabled = true;
      await publish('profile.set-avatar', await encodeAvatar(square));
    } catch (error) {
      pictureError.textContent = t('action.failed', { reason: (error as Error).message });
    } finally {
      change.disabled = false;
    }
  });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await publish('profile.remove-avatar', {});
      change.focus();
    } catch (error) {
      pictureError.textContent = t('action.failed', { reason: (error as Error).message });
    } finally {
      remove.disabled = false;
    }
  });

  const nameInput = h('input', { id: 'profile-name', name: 'name', type: 'text', autocomplete: 'name', maxlength: '100' });
  const nameForm = requestForm('profile-form', [h('div', { class: 'field' }, h('label', { for: nameInput.id }, t('profile.name')), nameInput, h('p', { class: 'hint' }, t('profile.nameHint')))], t('profile.save'), async () => {
    profilePublished(await connection.request<Profile>('profile.set-name', { name: nameInput.value }));
  });

  const showSelect = h('select', { id: 'profile-show', name: 'show' }, SHOWS.map((show) => h('option', { value: show }, t(SHOW_LABEL[show]))));
  const statusInput = h('input', { id: 'profile-status', name: 'status', type: 'text', maxlength: '500', autocomplete: 'off' });
  statusInput.placeholder = t('profile.statusPlaceholder');
  const presenceForm = requestForm('profile-form', [
    h('div', { class: 'field' }, h('label', { for: showSelect.id }, t('profile.availability')), showSelect),
    h('div', { class: 'field' }, h('label', { for: statusInput.id }, t('profile.status')), statusInput),
  ], t('profile.save'), async () => {
    showPresence(await connection.request<OwnPresence>('presence.set', { show: showSelect.value, status: statusInput.value }));
  });
  const showPresence = (own: OwnPresence): void => {
    showSelect.value = own.show;
    statusInput.value = own.status ?? '';
  };

  const renderCard = (): void => {
    const profile = profileOf(jid);
    const name = profile?.name ?? jid;
    replaceChildren(
      card,
      avatar(name, 'large', jid),
      h('div', { class: 'profile-card-text' },
        remoteName(name, 'name profile-name'),
        h('dl', { class: 'details' }, h('dt', null, t('profile.address')), h('dd', null, remoteName(jid, 'jid')))),
    );
    remove.hidden = !profile?.avatar;
    // Typing is not overwritten by an echo of what was saved.
    if (document.activeElement !== nameInput) nameInput.value = profile?.name ?? '';
  };

  const loadPresence = async (): Promise<void> => {
    try {
      showPresence(await connection.request<OwnPresence>('presence.own'));
    } catch {
      // Offline: the form keeps its values; reconnecting loads them.
    }
  };
  const subscriptions = [
    onProfileChanged((changed) => changed === jid && renderCard()),
    connection.on<OwnPresenceEvents['presence.own-changed']>('presence.own-changed', showPresence),
    connection.onReady(() => void loadPresence()),
  ];
  renderCard();
  if (connection.state === 'online') void loadPresence();

  return {
    list: null,
    content: h(
      'section',
      { class: 'page', 'aria-labelledby': 'pane-title' },
      h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('profile.title')),
      card,
      h('div', { class: 'actions' }, change, remove, fileInput),
      pictureError,
      h('h3', { class: 'section-title' }, t('profile.nameTitle')),
      nameForm,
      h('h3', { class: 'section-title' }, t('profile.presenceTitle')),
      presenceForm,
    ),
    dispose: () => subscriptions.forEach((unsubscribe) => unsubscribe()),
  };
};
