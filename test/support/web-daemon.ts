// The real daemon (src/daemon/app.ts) serving the built web app (dist/web) on 127.0.0.1 and
// a free port, for browser tests.
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { build, type Daemon, type DaemonServices } from '../../src/daemon/app.js';
import { BrowserSessions, MemoryBrowserSessionStore } from '../../src/daemon/browser-sessions.js';
import { SESSION_COOKIE } from '../../src/daemon/cookies.js';
import { MetricsRegistry } from '../../src/daemon/metrics.js';
import { LoginRateLimiter } from '../../src/daemon/rate-limit.js';
import { loadStaticFiles } from '../../src/daemon/static-files.js';
import type { UserService } from '../../src/daemon/users.js';

export const WEB_ROOT = new URL('../../web/', import.meta.url).pathname; // dist/web

/**
 * For tests that stay on the logged-out side or offline: no XMPP server behind the daemon,
 * so anything reaching the user service fails the way a broken box would (HTTP 500,
 * E_INTERNAL) rather than pretending to log anyone in.
 */
export const NO_USER_SERVICE: UserService = {
  login: () => Promise.reject(new Error('this test runs without an XMPP server')),
  logout: () => Promise.reject(new Error('this test runs without an XMPP server')),
  call: () => Promise.reject(new Error('this test runs without an XMPP server')),
  subscribe: () => {
    throw new Error('this test runs without an XMPP server');
  },
};

export interface WebDaemon {
  origin: string;
  services: DaemonServices;
  daemon: Daemon;
  /** A logged-in browser session for `jid`, as the cookie a context needs (test set-up, no login). */
  sessionCookie(jid: string): { name: string; value: string; url: string };
  close(): void;
}

export async function startWebDaemon(t: TestContext, users: UserService = NO_USER_SERVICE): Promise<WebDaemon> {
  if (!existsSync(`${WEB_ROOT}/index.html`)) throw new Error(`${WEB_ROOT} has no index.html: run npm run build`);
  const services: DaemonServices = {
    users,
    sessions: new BrowserSessions(new MemoryBrowserSessionStore()),
    loginLimiter: new LoginRateLimiter(),
    metrics: new MetricsRegistry(),
    staticFiles: loadStaticFiles(WEB_ROOT),
    allowedOrigins: [],
  };
  const daemon = build(services);
  const port = await daemon.listen('127.0.0.1', 0);
  const origin = `http://127.0.0.1:${port}`;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    daemon.close();
  };
  t.after(close);
  return {
    origin,
    services,
    daemon,
    sessionCookie: (jid) => ({ name: SESSION_COOKIE, value: services.sessions.create(jid), url: origin }),
    close,
  };
}
