// A daemon under test: started like `npm start` (startDaemon) on port 0 with its data in a
// temporary folder, pointed at a test Prosody; plus a small HTTP/WebSocket client that
// speaks the browser protocol the way the web app does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import WebSocket from 'ws';
import { loadConfig, type DaemonConfig } from '../../src/daemon/config.js';
import { startDaemon, type RunningDaemon } from '../../src/daemon/start.js';
import type { ProsodyServer } from '../../src/prosody/server.js';

export interface TestDaemon extends RunningDaemon {
  config: DaemonConfig;
  url: string;
  logs: string[];
}

/** Starts a daemon on `dataDir` (a new temporary one by default), stopped in t.after. */
export async function startTestDaemon(t: TestContext, prosody: ProsodyServer, dataDir?: string, env: NodeJS.ProcessEnv = {}): Promise<TestDaemon> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'foyer-daemon-')));
  if (!dataDir) t.after(() => rm(dir, { recursive: true, force: true }));
  const config = loadConfig({
    FOYER_DATA: dir,
    FOYER_PORT: '0',
    FOYER_BIND: '127.0.0.1',
    FOYER_XMPP: `${prosody.bindAddress}:${prosody.c2sPort}`,
    ...env,
  });
  const logs: string[] = [];
  const daemon = await startDaemon(config, { log: (line) => logs.push(line), xmppCaPem: prosody.certificatePem });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await daemon.stop();
  };
  t.after(stop);
  return { ...daemon, stop, config, url: `http://127.0.0.1:${daemon.port}`, logs };
}

export async function login(daemon: TestDaemon, address: string, password: string, origin?: string): Promise<{ status: number; body: any; cookie: string | undefined }> {
  const response = await fetch(`${daemon.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ address, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  return { status: response.status, body: await response.json(), cookie };
}

interface Frame {
  id?: number;
  result?: unknown;
  error?: { code: string; message: string };
  event?: string;
  data?: any;
  hello?: { protocol: number; jid: string };
}

/** One browser tab's WebSocket. */
export class TestTab {
  readonly frames: Frame[] = [];
  #socket: WebSocket;
  #nextId = 1;
  #waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.#waiters) wake();
    });
  }

  static open(daemon: TestDaemon, cookie: string | undefined, origin = daemon.url): Promise<TestTab> {
    const socket = new WebSocket(`${daemon.url.replace('http', 'ws')}/ws`, { headers: { ...(cookie ? { cookie } : {}), origin } });
    const tab = new TestTab(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(tab));
      socket.once('unexpected-response', (request, response) => {
        request.destroy();
        reject(new Error(`upgrade refused: ${response.statusCode}`));
      });
      socket.once('error', reject);
    });
  }

  /** Waits for the first frame (already received or to come) that matches. */
  async waitFor(match: (frame: Frame) => boolean, what: string, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
      });
    }
  }

  async call(method: string, params: unknown = {}): Promise<Frame> {
    const id = this.#nextId++;
    this.#socket.send(JSON.stringify({ id, method, params }));
    return this.waitFor((frame) => frame.id === id, `the answer to ${method}`);
  }

  closed(): Promise<number> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve(-1);
      this.#socket.once('close', (code) => resolve(code));
    });
  }

  close(): void {
    this.#socket.close();
  }

  /** Stops reading from the socket, like a tab frozen in a background phone browser. */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }
}
