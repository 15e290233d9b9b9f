import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginRateLimiter, SlidingWindowLimiter } from './rate-limit.js';

test('a window refuses past its limit and reopens as attempts age out', () => {
  let now = 0;
  const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 1000 }, () => now);
  assert.equal(limiter.take('k').allowed, true);
  now = 100;
  assert.equal(limiter.take('k').allowed, true);
  assert.equal(limiter.take('k').allowed, true);
  const refused = limiter.take('k');
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterMs, 900);
  now = 1000;
  assert.equal(limiter.take('k').allowed, true, 'the first attempt left the window');
  assert.equal(limiter.take('k').allowed, false);
});

test('keys are independent and the table stays bounded', () => {
  const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 }, () => 0, 100);
  for (let i = 0; i < 1000; i++) assert.equal(limiter.take(`ip-${i}`).allowed, true);
  assert.equal(limiter.size, 100);
  assert.equal(limiter.take('ip-999').allowed, false, 'recent keys are kept');
});

test('login limits apply per address (case-insensitive) and per client, with a clear message', () => {
  let now = 0;
  const limiter = new LoginRateLimiter(
    { perAddress: { limit: 2, windowMs: 60_000 }, perClient: { limit: 4, windowMs: 120_000 } },
    () => now,
  );
  assert.equal(limiter.check('mum@home', '10.0.0.2'), null);
  assert.equal(limiter.check('Mum@home', '10.0.0.3'), null);
  assert.match(limiter.check('mum@home', '10.0.0.4') ?? '', /Too many login attempts for mum@home\. Try again in 1 minute\./);
  limiter.succeeded('mum@home', '10.0.0.3');
  assert.equal(limiter.check('mum@home', '10.0.0.4'), null, 'success clears the address window');
  for (let i = 0; i < 10; i++) {
    assert.equal(limiter.check(`kid${i}@home`, '10.0.0.5'), null);
    limiter.succeeded(`kid${i}@home`, '10.0.0.5');
  }
  assert.equal(limiter.check('x@home', '10.0.0.5'), null, 'successful logins do not use up the device window');

  assert.equal(limiter.check('a@home', '10.0.0.9'), null);
  assert.equal(limiter.check('b@home', '10.0.0.9'), null);
  assert.equal(limiter.check('c@home', '10.0.0.9'), null);
  assert.equal(limiter.check('d@home', '10.0.0.9'), null);
  assert.match(limiter.check('e@home', '10.0.0.9') ?? '', /from this device\. Try again in 2 minutes\./);
  now = 120_000;
  assert.equal(limiter.check('e@home', '10.0.0.9'), null);
});
