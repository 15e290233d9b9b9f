// Reconnect delays: exponential with jitter, so that when the box's Prosody restarts, the
// family's sessions do not all come back in the same instant.
export interface BackoffOptions {
  baseMs: number;   // delay before the second attempt (the first is immediate)
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/** Delay before attempt `attempt` (0 = first retry: at once, to resume quickly). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the ceiling, so delays still grow.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
