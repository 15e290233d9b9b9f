import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type Cache } from '../cache/index.js';
import { BrowserSessions, SESSION_LIFETIME_SECONDS } from './browser-sessions.js';
import { CacheBrowserSessionStore } from './persistent-stores.js';
import { readCookie, sessionCookie, SESSION_COOKIE } from './cookies.js';

/** Housekeeping writes must not fail in these tests. */
const fail = (error: unknown) => assert.fail(`a session store write failed: ${String(error)}`);

function withCache(t: { after(fn: () => Promise<void>): void }): Cache {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-sessions-'));
  const cache = openCache({ path: dir });
  t.after(async () => {
    await cache.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return cache;
}

test('a session token resolves to its user until revoked, survives a reopen, and only its hash is stored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-sessions-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let cache = openCache({ path: dir });
  const store = new CacheBrowserSessionStore(cache);
  const token = await new BrowserSessions(store, fail).create('mum@home.example');
  await cache.close();
  cache = openCache({ path: dir });
  t.after(() => cache.close());
  const reopened = new CacheBrowserSessionStore(cache);
  const sessions = new BrowserSessions(reopened, fail);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(sessions.resolve(token), 'mum@home.example');
  assert.equal(reopened.get(token), undefined, 'the raw token is not a key');
  assert.equal(sessions.resolve(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), undefined);
  await sessions.revoke(token);
  assert.equal(sessions.resolve(token), undefined);
});

test('an idle session expires after its lifetime, an active one is kept alive', async (t) => {
  let now = 0;
  const cache = withCache(t);
  const sessions = new BrowserSessions(new CacheBrowserSessionStore(cache), fail, () => now);
  const idle = await sessions.create('a@x');
  const active = await sessions.create('b@x');
  for (let day = 1; day <= 100; day++) {
    now = day * 86_400_000;
    assert.equal(sessions.resolve(active), 'b@x');
    // The last-seen touch is written in the background; a later write commits after it.
    await cache.env.write(() => undefined, 'waiting for the touch');
  }
  assert.ok(now > SESSION_LIFETIME_SECONDS * 1000);
  assert.equal(sessions.resolve(idle), undefined);
});

test('cookies are HttpOnly, SameSite=Strict, Secure only under TLS, and read back strictly', () => {
  const plain = sessionCookie('abc', { secure: false, maxAgeSeconds: 60 });
  assert.equal(plain, `${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`);
  assert.match(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 }), /; Secure$/);
  assert.equal(readCookie(`theme=dark; ${SESSION_COOKIE}=tok_en-1; other=x`, SESSION_COOKIE), 'tok_en-1');
  assert.equal(readCookie(`${SESSION_COOKIE}=bad value;`, SESSION_COOKIE), undefined);
  assert.equal(readCookie('', SESSION_COOKIE), undefined);
});
