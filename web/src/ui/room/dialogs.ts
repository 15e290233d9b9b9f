// Room actions as small forms: create a group with a name, invite a contact. Each shows its
// progress and, on failure, the daemon's reason, and keeps what was typed.
import { h, replaceChildren } from '../../lib/dom.js';
import { collator, t } from '../../lib/i18n.js';
import { displayName, sortContacts, type RosterItem } from '../../lib/roster.js';
import type { RoomStore, RoomView } from '../../lib/rooms.js';

/** Runs `action` with the button showing `busyLabel`; the error line says what failed. */
async function submitting(button: HTMLButtonElement, busyLabel: string, error: HTMLElement, action: () => Promise<void>, failure: (reason: string) => string): Promise<void> {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = busyLabel;
  replaceChildren(error);
  try {
    await action();
  } catch (caught) {
    replaceChildren(error, failure((caught as Error).message));
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

export function createRoomForm(store: RoomStore, onCreated: (room: RoomView) => void, onCancel: () => void): HTMLElement {
  const name = h('input', { id: 'room-name', type: 'text', required: true, maxlength: 100, autocomplete: 'off', 'aria-describedby': 'room-name-hint' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('rooms.createSubmit'));
  const cancel = h('button', { type: 'button', class: 'button' }, t('rooms.cancel'));
  cancel.addEventListener('click', onCancel);
  const form = h(
    'form',
    { class: 'room-form', novalidate: true, 'aria-labelledby': 'room-form-title' },
    h('h3', { id: 'room-form-title' }, t('rooms.createTitle')),
    h('div', { class: 'field' }, h('label', { for: 'room-name' }, t('rooms.createName')), name, h('p', { id: 'room-name-hint', class: 'hint' }, t('rooms.createHint'))),
    error,
    h('div', { class: 'actions' }, submit, cancel),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = name.value.trim();
    if (value === '') {
      name.setAttribute('aria-invalid', 'true');
      return name.focus();
    }
    name.removeAttribute('aria-invalid');
    void submitting(submit, t('rooms.createBusy'), error, async () => onCreated(await store.create(value)), (reason) => t('rooms.createFailed', { reason }));
  });
  queueMicrotask(() => name.focus());
  return form;
}

/** The contacts not in the room yet, to pick one to invite. */
export function inviteForm(store: RoomStore, room: RoomView, contacts: Iterable<RosterItem>): HTMLElement {
  const present = new Set(room.occupants.map((occupant) => occupant.jid));
  const candidates = sortContacts(contacts, collator()).filter((contact) => !present.has(contact.jid));
  const status = h('p', { class: 'muted', role: 'status' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  if (candidates.length === 0) return h('p', { class: 'muted invite-form' }, t('rooms.inviteNobody'));
  const select = h('select', { id: 'invite-contact' }, candidates.map((contact) => h('option', { value: contact.jid }, displayName(contact))));
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('rooms.inviteSubmit'));
  const form = h(
    'form',
    { class: 'invite-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'invite-contact' }, t('rooms.inviteContact')), select),
    h('div', { class: 'actions' }, submit),
    error,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const contact = candidates.find((candidate) => candidate.jid === select.value);
    if (!contact) return;
    replaceChildren(status);
    void submitting(submit, t('rooms.inviteSubmit'), error, async () => {
      await store.invite(room.jid, contact.jid);
      replaceChildren(status, t('rooms.inviteSent', { name: displayName(contact) }));
    }, (reason) => t('rooms.inviteFailed', { reason }));
  });
  return form;
}
