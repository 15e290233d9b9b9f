// The box's first run: the image writes a one-time setup code (FOYER_SETUP_CODE_FILE, shown
// on the HDMI console and the boot partition); whoever types it on the web app names the
// administrator, whose account is created on the box's Prosody through its admin shell. Then
// the done file (FOYER_SETUP_DONE_FILE) is written and the code stops working — never "the
// first visitor is the admin". Guesses are limited like logins (per device, and overall),
// and the code is compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AdminShell } from '../prosody/admin-shell.js';
import { luaString } from '../prosody/lua.js';
import { SlidingWindowLimiter, type RateLimitRule } from './rate-limit.js';

export type SetupErrorCode =
  | 'E_SETUP_DONE'         // the setup happened already (or the box has no setup code)
  | 'E_SETUP_BAD_CODE'     // not the code on the box's screen
  | 'E_SETUP_RATE_LIMITED'
  | 'E_SETUP_BAD_PARAMS'   // name or password not acceptable
  | 'E_SETUP_ACCOUNT';     // the XMPP server refused the account or could not be reached

export class SetupError extends Error {
  constructor(readonly code: SetupErrorCode, message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

export interface FirstRunOptions {
  codeFile: string;
  doneFile: string;
  /** The XMPP domain the administrator's account is made in. */
  domain: string;
  /** Creates an account on the XMPP server (rejects when it cannot). */
  createAccount(jid: string, password: string): Promise<void>;
  now?: () => number;
}

/** What an administrator name may be: an XMPP localpart without the characters that need escaping. */
const NAME = /^[^@/\s"'&<>:\\]{1,64}$/;
const MIN_PASSWORD = 8;
/** Wrong codes allowed per device, and from all devices together (so many devices cannot search the code space). */
const PER_DEVICE: RateLimitRule = { limit: 5, windowMs: 15 * 60_000 };
const ALL_DEVICES: RateLimitRule = { limit: 20, windowMs: 15 * 60_000 };

export class FirstRun {
  readonly #options: FirstRunOptions;
  readonly #perDevice: SlidingWindowLimiter;
  readonly #allDevices: SlidingWindowLimiter;
  #busy = false;

  constructor(options: FirstRunOptions) {
    this.#options = options;
    this.#perDevice = new SlidingWindowLimiter(PER_DEVICE, options.now);
    this.#allDevices = new SlidingWindowLimiter(ALL_DEVICES, options.now);
  }

  /** True while the box waits for its administrator (a code exists and the setup is not done). */
  pending(): boolean {
    return existsSync(this.#options.codeFile) && !existsSync(this.#options.doneFile);
  }

  /** Checks the code, creates the administrator's account, and closes the setup. Resolves to its JID. */
  async complete(input: { code: string; name: string; password: string }, clientIp: string): Promise<string> {
    if (!this.pending() || this.#busy) throw new SetupError('E_SETUP_DONE', 'This box is already set up. Sign in instead.');
    const device = this.#perDevice.take(clientIp);
    const verdict = device.allowed ? this.#allDevices.take('') : device;
    if (!verdict.allowed) {
      throw new SetupError('E_SETUP_RATE_LIMITED', `Too many tries. Try again in ${Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))} minutes.`);
    }
    if (!sameCode(input.code, readFileSync(this.#options.codeFile, 'utf8'))) {
      throw new SetupError('E_SETUP_BAD_CODE', 'This is not the setup code shown on the box\'s screen.');
    }
    const name = input.name.trim().toLowerCase();
    if (!NAME.test(name)) throw new SetupError('E_SETUP_BAD_PARAMS', 'Choose a name of letters and digits, without spaces or @.');
    if ([...input.password].length < MIN_PASSWORD) {
      throw new SetupError('E_SETUP_BAD_PARAMS', `The password must have at least ${MIN_PASSWORD} characters.`);
    }
    const jid = `${name}@${this.#options.domain}`;
    this.#busy = true;
    try {
      await this.#options.createAccount(jid, input.password);
      // The account exists: the code must stop working even if this process dies right after.
      writeFileSync(this.#options.doneFile, `${jid}\n`, { mode: 0o600 });
    } catch (error) {
      throw new SetupError('E_SETUP_ACCOUNT', `The administrator account could not be created: ${(error as Error).message}`);
    } finally {
      this.#busy = false;
    }
    return jid;
  }
}

/** Case, spaces and dashes do not matter (K7QM-3XHP-ZD9A = k7qm3xhpzd9a); compared in constant time. */
function sameCode(typed: string, stored: string): boolean {
  const canonical = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
  const expected = canonical(stored);
  if (expected.length === 0) return false;
  const digest = (code: string) => createHash('sha256').update(code).digest();
  return timingSafeEqual(digest(canonical(typed)), digest(expected));
}

/** Account creation through Prosody's admin socket, one connection per call (it happens once per box). */
export function prosodyAccountCreator(adminSocket: string): (jid: string, password: string) => Promise<void> {
  return async (jid, password) => {
    const shell = await AdminShell.connect(adminSocket);
    try {
      await shell.run(`user:create(${luaString(jid)}, ${luaString(password)})`);
    } finally {
      await shell.close();
    }
  };
}
