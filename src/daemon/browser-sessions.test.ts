import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserSessions, MemoryBrowserSessionStore, SESSION_LIFETIME_SECONDS } from './browser-sessions.js';
import { readCookie, sessionCookie, SESSION_COOKIE } from './cookies.js';

test('a session token resolves to its user until revoked, and only its hash is stored', () => {
  const store = new MemoryBrowserSessionStore();
  const sessions = new BrowserSessions(store);
  const token = sessions.create('mum@home.example');
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(sessions.resolve(token), 'mum@home.example');
  assert.equal(store.get(token), undefined, 'the raw token is not a key');
  assert.equal(sessions.resolve(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), undefined);
  sessions.revoke(token);
  assert.equal(sessions.resolve(token), undefined);
});

test('an idle session expires after its lifetime, an active one is kept alive', () => {
  let now = 0;
  const sessions = new BrowserSessions(new MemoryBrowserSessionStore(), () => now);
  const idle = sessions.create('a@x');
  const active = sessions.create('b@x');
  for (let day = 1; day <= 100; day++) {
    now = day * 86_400_000;
    assert.equal(sessions.resolve(active), 'b@x');
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
