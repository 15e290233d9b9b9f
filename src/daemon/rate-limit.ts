// Login attempts are limited per XMPP address and per client IP, so neither guessing one
// family member's password nor spraying many addresses from one machine gets far. Each key
// keeps the times of its recent attempts (a sliding window), and the table is bounded so
// a flood of distinct keys cannot grow the daemon's memory.

export interface RateLimitRule {
  /** Attempts allowed within the window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** When refused: milliseconds until the oldest attempt leaves the window. */
  retryAfterMs: number;
}

export class SlidingWindowLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimitRule,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Records an attempt for `key` if the window has room, and says whether it had. */
  take(key: string): RateLimitVerdict {
    const now = this.now();
    const recent = (this.attempts.get(key) ?? []).filter((time) => now - time < this.rule.windowMs);
    if (recent.length >= this.rule.limit) {
      this.attempts.set(key, recent);
      return { allowed: false, retryAfterMs: this.rule.windowMs - (now - recent[0]!) };
    }
    recent.push(now);
    // Re-inserting moves the key to the end, so the first key is the least recently used.
    this.attempts.delete(key);
    this.attempts.set(key, recent);
    if (this.attempts.size > this.maxKeys) this.attempts.delete(this.attempts.keys().next().value!);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Forgets a key's attempts, e.g. after a successful login. */
  clear(key: string): void {
    this.attempts.delete(key);
  }

  /** Gives back the key's latest attempt: it turned out not to count. */
  refund(key: string): void {
    this.attempts.get(key)?.pop();
  }

  get size(): number {
    return this.attempts.size;
  }
}

export interface LoginLimits {
  perAddress: RateLimitRule;
  perClient: RateLimitRule;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: { limit: 5, windowMs: 15 * 60_000 },
  perClient: { limit: 20, windowMs: 15 * 60_000 },
};

/** The login gate: both the address's and the client's window must have room. */
export class LoginRateLimiter {
  private readonly byAddress: SlidingWindowLimiter;
  private readonly byClient: SlidingWindowLimiter;

  constructor(limits: LoginLimits = DEFAULT_LOGIN_LIMITS, now: () => number = Date.now) {
    this.byAddress = new SlidingWindowLimiter(limits.perAddress, now);
    this.byClient = new SlidingWindowLimiter(limits.perClient, now);
  }

  /** Returns null when the attempt may go ahead, else a message for the person trying. */
  check(address: string, clientIp: string): string | null {
    const client = this.byClient.take(clientIp);
    if (!client.allowed) return `Too many login attempts from this device. Try again in ${minutes(client.retryAfterMs)}.`;
    const account = this.byAddress.take(address.toLowerCase());
    if (!account.allowed) return `Too many login attempts for ${address}. Try again in ${minutes(account.retryAfterMs)}.`;
    return null;
  }

  /**
   * A successful login wipes that address's failures and does not count against the device,
   * so a family computer used by everyone in turn is never locked out; guesses still are.
   */
  succeeded(address: string, clientIp: string): void {
    this.byAddress.clear(address.toLowerCase());
    this.byClient.refund(clientIp);
  }
}

function minutes(ms: number): string {
  const count = Math.max(1, Math.ceil(ms / 60_000));
  return count === 1 ? '1 minute' : `${count} minutes`;
}
