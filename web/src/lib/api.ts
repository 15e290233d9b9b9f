// The daemon's HTTP endpoints (docs/protocol.md): login, session check, logout. Errors keep
// the daemon's code and its message, which is written for the person using the app.
import { rememberBoxFilesUrl } from './box-files.js';
import { API_CACHE } from './cache-names.js';

export type LoginFailure =
  | { kind: 'rejected'; status: number; code: string; condition: string | null; message: string }
  | { kind: 'unreachable' };

export type LoginResult = { ok: true; jid: string } | { ok: false; failure: LoginFailure };

/** What GET /api/session says: logged in, logged out, or unknown because the box is unreachable. */
export type SessionState = { kind: 'active'; jid: string } | { kind: 'none' } | { kind: 'unknown' };

interface ErrorBody {
  error?: { code?: unknown; condition?: unknown; message?: unknown };
}

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

export function login(address: string, password: string): Promise<LoginResult> {
  return postForJid('/api/login', { address, password });
}

/** Whether the box waits for its administrator (first run, with the code shown on the box). */
export async function fetchSetupPending(): Promise<boolean> {
  try {
    const response = await fetch('/api/setup', { credentials: 'same-origin', cache: 'no-store' });
    return response.ok && ((await response.json()) as { pending?: unknown }).pending === true;
  } catch {
    return false;
  }
}

/** Creates the administrator with the box's one-time setup code. */
export function completeSetup(code: string, name: string, password: string): Promise<LoginResult> {
  return postForJid('/api/setup', { code, name, password });
}

/** POSTs and expects {jid}; anything else becomes a failure with the daemon's code and message. */
async function postForJid(path: string, body: unknown): Promise<LoginResult> {
  let response: Response;
  try {
    response = await postJson(path, body);
  } catch {
    return { ok: false, failure: { kind: 'unreachable' } };
  }
  const answer = (await response.json().catch(() => ({}))) as { jid?: unknown } & ErrorBody;
  if (response.ok && typeof answer.jid === 'string') return { ok: true, jid: answer.jid };
  return {
    ok: false,
    failure: {
      kind: 'rejected',
      status: response.status,
      code: typeof answer.error?.code === 'string' ? answer.error.code : 'E_HTTP_' + response.status,
      condition: typeof answer.error?.condition === 'string' ? answer.error.condition : null,
      message: typeof answer.error?.message === 'string' ? answer.error.message : '',
    },
  };
}

export async function fetchSession(): Promise<SessionState> {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) return { kind: 'none' };
    const body = (await response.json()) as { jid?: unknown; filesUrl?: unknown };
    if (!response.ok || typeof body.jid !== 'string') return { kind: 'unknown' };
    rememberBoxFilesUrl(typeof body.filesUrl === 'string' ? body.filesUrl : null);
    return { kind: 'active', jid: body.jid };
  } catch {
    return { kind: 'unknown' };
  }
}

export async function logout(): Promise<void> {
  const response = await postJson('/api/logout', {});
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await forgetCachedSession();
}

/** The service worker keeps the last session answer for offline starts; a logout drops it. */
export async function forgetCachedSession(): Promise<void> {
  if (!('caches' in self)) return;
  try {
    const cache = await caches.open(API_CACHE);
    await cache.delete('/api/session');
  } catch {
    // No Cache Storage (insecure origin): nothing was kept.
  }
}
