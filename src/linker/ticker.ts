// One interval timer shared by every session in the process, instead of ping and ack timers
// per session: idle sessions then cost no timer objects, and the wakeups do not grow with the
// number of users. The interval runs only while someone is subscribed. Each listener runs in
// the async context it was added from (its session's), not the first subscriber's.
import { AsyncResource } from 'node:async_hooks';

export type TickListener = (now: number) => void;

export class Ticker {
  readonly periodMs: number;
  #listeners = new Map<TickListener, TickListener>();
  #interval: NodeJS.Timeout | undefined;

  constructor(periodMs = 5000) {
    this.periodMs = periodMs;
  }

  add(listener: TickListener): void {
    this.#listeners.set(listener, AsyncResource.bind(listener));
    if (!this.#interval) {
      this.#interval = setInterval(() => this.#tick(), this.periodMs);
      this.#interval.unref(); // sockets keep the process alive, not this timer
    }
  }

  delete(listener: TickListener): void {
    this.#listeners.delete(listener);
    if (this.#listeners.size === 0 && this.#interval) {
      clearInterval(this.#interval);
      this.#interval = undefined;
    }
  }

  #tick(): void {
    const now = Date.now();
    for (const listener of this.#listeners.values()) listener(now);
  }
}
