// Browser notifications while a tab is open, and the unread count in the tab title.
// Permission is asked only after something the person did (their first message sent, or a
// button), never on load: browsers penalise pages that ask unprompted, and people refuse.
// Notification text is plain text (the system draws it), cut short; clicking one brings the
// tab forward on the conversation it is about.
//
// Used by chat (new messages), muc (mentions) and feed (comments on your posts).

export interface NotificationRequest {
  title: string;
  body: string;
  /** Replaces an earlier notification with the same tag (one per conversation). */
  tag: string;
  /** The app route to open on click, e.g. '#/conversations/dad%40home.example'. */
  route: string;
}

const MAX_BODY = 160;
let baseTitle = document.title;
let unread = 0;

/** Sets the page title; the unread count is kept in front of it: "(3) Chats – Foyer". */
export function setPageTitle(title: string): void {
  baseTitle = title;
  renderTitle();
}

export function setUnreadCount(count: number): void {
  unread = Math.max(0, count);
  renderTitle();
}

function renderTitle(): void {
  document.title = unread > 0 ? `(${unread.toLocaleString()}) ${baseTitle}` : baseTitle;
}

export function canNotify(): boolean {
  return typeof Notification !== 'undefined';
}

/** Whether asking makes sense: supported, and the person has not answered yet. */
export function shouldAskPermission(): boolean {
  return canNotify() && Notification.permission === 'default';
}

/** Asks once; call it from a click or a send, never on load. */
export async function askPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!canNotify()) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return 'denied';
  }
}

/**
 * Shows a notification when the person is not looking at this tab already; does nothing
 * without permission.
 */
export function notify(request: NotificationRequest, isShownNow: boolean): void {
  if (!canNotify() || Notification.permission !== 'granted') return;
  if (isShownNow && document.visibilityState === 'visible' && document.hasFocus()) return;
  try {
    const body = [...request.body].length > MAX_BODY ? `${[...request.body].slice(0, MAX_BODY).join('')}…` : request.body;
    const notification = new Notification(request.title, { body, tag: request.tag, lang: document.documentElement.lang });
    notification.onclick = () => {
      window.focus();
      location.hash = request.route;
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: no notification then.
  }
}
