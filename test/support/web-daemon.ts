// Foyer as browser tests meet it: the daemon started like `npm start` (test/support/daemon.ts)
// against a test Prosody, serving the built web app from dist/web, and real logins.
import { existsSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { SESSION_COOKIE } from '../../src/daemon/cookies.js';
import type { TestAccount } from './contacts.js';
import { login, type TestDaemon } from './daemon.js';

export const WEB_ROOT = new URL('../../web/', import.meta.url).pathname; // dist/web

/** Fails early with a clear message when the web app was not built. */
export function assertWebAppBuilt(): void {
  if (!existsSync(`${WEB_ROOT}/index.html`)) throw new Error(`${WEB_ROOT} has no index.html: run npm run build`);
}

/** Logs in over HTTP (POST /api/login, as the login form does) and gives the browser the session cookie. */
export async function logInContext(context: BrowserContext, daemon: TestDaemon, account: TestAccount): Promise<string> {
  const { status, cookie } = await login(daemon, account.jid, account.password);
  if (status !== 200 || !cookie) throw new Error(`login of ${account.jid} failed: HTTP ${status}`);
  const value = cookie.slice(`${SESSION_COOKIE}=`.length);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: daemon.url }]);
  return cookie;
}
