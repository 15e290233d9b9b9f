// One Prosody process that Foyer owns: a test's throwaway server or the local server that
// `npm start` embeds. Everything lives under baseDir (config, certificate, data, log, pid,
// admin socket); the system-wide /etc/prosody and /var/lib/prosody are never used.
//
// baseDir/
//   prosody.cfg.lua   rendered by config.ts
//   certs/<domain>.crt, .key   self-signed, kept across starts so a pinned copy stays valid
//   data/             Prosody's data_path (accounts, rosters, archives, uploads)
//   prosody.log, prosody.pid, prosody.sock (admin shell)
//   modules/          Foyer's own Prosody modules (plugins.ts)
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { connect, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminShell } from './admin-shell.js';
import { generateSelfSignedCertificate } from './certificate.js';
import { componentDomains, renderProsodyConfig, type LogLevel, type ProsodyConfigOptions, type UploadOptions } from './config.js';
import { luaString } from './lua.js';
import { writeProsodyModules } from './plugins.js';
import { findFreePorts } from './ports.js';
import { ProsodyProcess } from './process.js';
import { detectProsodyVersion, type ProsodyVersion } from './version.js';

export interface ProsodyServerOptions {
  baseDir: string;
  domain?: string;                 // default 'localhost'
  bindAddress?: string;            // default '127.0.0.1'
  /** Fixed ports (the embedded server); the ones left out are picked free on loopback. */
  ports?: { c2s?: number; c2sDirectTls?: number; http?: number };
  runAsRoot?: boolean;             // default: whether this process runs as root
  logLevel?: LogLevel;             // default 'info'
  openRegistration?: boolean;      // default false, as on the box
  passwordHash?: ProsodyConfigOptions['passwordHash'];  // 13 only: 'SHA-256' for SCRAM-SHA-256
  upload?: UploadOptions;
  httpExternalUrl?: string;        // default http://<bindAddress>:<httpPort>/
  extraSettings?: ProsodyConfigOptions['extraSettings'];
  /** Bare JIDs with admin rights (owners of every pubsub.<domain> node). */
  admins?: string[];
  version?: ProsodyVersion;        // default: detected with prosodyctl
  prosody?: string;                // binaries; default from PATH
  prosodyctl?: string;
  startTimeoutMs?: number;         // default 30 s
  stopTimeoutMs?: number;          // SIGTERM grace before SIGKILL; default 10 s
}

export interface AccountSpec {
  localpart: string;
  password: string;
}

export type ProsodyErrorCode = 'E_PROSODY_START' | 'E_PROSODY_PORT_IN_USE' | 'E_PROSODY_EXITED' | 'E_PROSODY_ACCOUNT';

export class ProsodyError extends Error {
  constructor(message: string, readonly code: ProsodyErrorCode) {
    super(message);
  }
}

interface Paths {
  baseDir: string; configFile: string; dataDir: string; logFile: string;
  pidFile: string; adminSocket: string; certificate: string; key: string; pluginDir: string;
}

const READY_POLL_MS = 50;
const FRESH_PORT_ATTEMPTS = 3;
// Unix socket paths longer than this do not fit sockaddr_un on Linux.
const MAX_SOCKET_PATH = 107;

export class ProsodyServer {
  readonly upload: string;
  readonly groups: string;
  readonly pubsub: string;
  private process: ProsodyProcess | undefined;
  private shell: Promise<AdminShell> | undefined;

  private constructor(
    readonly domain: string,
    readonly version: ProsodyVersion,
    readonly c2sPort: number,
    readonly c2sDirectTlsPort: number,
    readonly httpPort: number,
    readonly certificatePem: string,
    readonly paths: Paths,
    private readonly options: ProsodyServerOptions,
  ) {
    ({ upload: this.upload, groups: this.groups, pubsub: this.pubsub } = componentDomains(domain));
  }

  get bindAddress(): string { return this.options.bindAddress ?? '127.0.0.1'; }
  get logFile(): string { return this.paths.logFile; }
  get pid(): number | undefined { return this.process?.pid; }
  /** Prosody's own HTTP address (the file share's uploads and downloads), on the bind address. */
  get httpUrl(): string { return `http://${hostForUrl(this.bindAddress)}:${this.httpPort}/`; }

  static async start(options: ProsodyServerOptions): Promise<ProsodyServer> {
    const domain = options.domain ?? 'localhost';
    const bindAddress = options.bindAddress ?? '127.0.0.1';
    const paths = layout(options.baseDir, domain);
    if (Buffer.byteLength(paths.adminSocket) > MAX_SOCKET_PATH) {
      throw new ProsodyError(`baseDir too long for a unix socket: ${paths.adminSocket}`, 'E_PROSODY_START');
    }
    await mkdir(paths.dataDir, { recursive: true, mode: 0o750 });
    const version = options.version ?? await detectProsodyVersion(options.prosodyctl);
    const certificatePem = existsSync(paths.certificate) && existsSync(paths.key)
      ? await readFile(paths.certificate, 'utf8')
      : (await generateSelfSignedCertificate({
        domain, outDir: join(paths.baseDir, 'certs'), extraNames: ['localhost', bindAddress],
      })).certificatePem;

    const wantsFreePorts = options.ports?.c2s === undefined || options.ports.c2sDirectTls === undefined
      || options.ports.http === undefined;
    for (let attempt = 1; ; attempt++) {
      const [c2s, c2sDirectTls, http] = await findFreePorts(3, bindAddress) as [number, number, number];
      const server = new ProsodyServer(
        domain, version,
        options.ports?.c2s ?? c2s, options.ports?.c2sDirectTls ?? c2sDirectTls, options.ports?.http ?? http,
        certificatePem, paths, options,
      );
      await writeProsodyModules(paths.pluginDir);
      await writeFile(paths.configFile, server.renderConfig());
      try {
        await server.launch();
        return server;
      } catch (error) {
        const isPortTaken = error instanceof ProsodyError && error.code === 'E_PROSODY_PORT_IN_USE';
        if (!isPortTaken || !wantsFreePorts || attempt >= FRESH_PORT_ATTEMPTS) throw error;
      }
    }
  }

  /** Creates an account through the running server's admin shell; returns its bare JID. */
  async createAccount(localpart: string, password: string): Promise<string> {
    const [jid] = await this.createAccounts([{ localpart, password }]);
    return jid as string;
  }

  /** Creates many accounts over one admin connection (about 5 ms each, see README). */
  async createAccounts(accounts: readonly AccountSpec[]): Promise<string[]> {
    const shell = await this.adminShell();
    return Promise.all(accounts.map(async ({ localpart, password }) => {
      const jid = this.jidOf(localpart);
      await shell.run(`user:create(${luaString(jid)}, ${luaString(password)})`).catch((error: Error) => {
        throw new ProsodyError(`cannot create ${jid}: ${error.message}`, 'E_PROSODY_ACCOUNT');
      });
      return jid;
    }));
  }

  async deleteAccount(localpart: string): Promise<void> {
    const jid = this.jidOf(localpart);
    const shell = await this.adminShell();
    await shell.run(`user:delete(${luaString(jid)})`).catch((error: Error) => {
      throw new ProsodyError(`cannot delete ${jid}: ${error.message}`, 'E_PROSODY_ACCOUNT');
    });
  }

  /** Stops and starts again on the same ports with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    // Another program may grab a port while it is free; wait for it rather than move.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.launch();
        return;
      } catch (error) {
        const isPortTaken = error instanceof ProsodyError && error.code === 'E_PROSODY_PORT_IN_USE';
        if (!isPortTaken || attempt >= FRESH_PORT_ATTEMPTS) throw error;
        await sleep(500);
      }
    }
  }

  /** SIGTERM, then SIGKILL when Prosody has not exited within stopTimeoutMs. */
  async stop(): Promise<void> {
    await this.closeShell();
    await this.process?.terminate(this.options.stopTimeoutMs ?? 10_000);
  }

  /** The config this server runs, as written to baseDir/prosody.cfg.lua. */
  renderConfig(): string {
    return renderProsodyConfig({
      domain: this.domain, version: this.version, dataDir: this.paths.dataDir,
      certificate: this.paths.certificate, key: this.paths.key,
      c2sPort: this.c2sPort, c2sDirectTlsPort: this.c2sDirectTlsPort, httpPort: this.httpPort,
      bindAddresses: [this.bindAddress],
      // Upload slots point at the loopback port, which resolves where upload.<domain> may not.
      httpExternalUrl: this.options.httpExternalUrl ?? this.httpUrl,
      runAsRoot: this.options.runAsRoot ?? process.getuid?.() === 0,
      logFile: this.paths.logFile, logLevel: this.options.logLevel ?? 'info',
      pidFile: this.paths.pidFile, adminSocket: this.paths.adminSocket, pluginDir: this.paths.pluginDir,
      openRegistration: this.options.openRegistration ?? false,
      passwordHash: this.options.passwordHash, upload: this.options.upload,
      extraSettings: this.options.extraSettings,
      ...(this.options.admins ? { admins: this.options.admins } : {}),
    });
  }

  private jidOf(localpart: string): string {
    if (localpart === '' || /[@/\s]/.test(localpart)) {
      throw new ProsodyError(`not a localpart: ${JSON.stringify(localpart)}`, 'E_PROSODY_ACCOUNT');
    }
    return `${localpart}@${this.domain}`;
  }

  /** The shared admin connection; a failed or closed one is replaced on the next call. */
  private async adminShell(): Promise<AdminShell> {
    this.shell ??= AdminShell.connect(this.paths.adminSocket);
    const pending = this.shell;
    const shell = await pending.catch(() => undefined);
    if (shell && !shell.isClosed) return shell;
    if (this.shell === pending) this.shell = AdminShell.connect(this.paths.adminSocket);
    return this.shell;
  }

  private async closeShell(): Promise<void> {
    const shell = this.shell;
    this.shell = undefined;
    await shell?.then((connected) => connected.close(), () => undefined);
  }

  private async launch(): Promise<void> {
    const logStart = await fileSize(this.paths.logFile);
    const prosody = await ProsodyProcess.spawn(this.options.prosody ?? 'prosody', this.paths.configFile, this.paths.baseDir);
    this.process = prosody;
    try {
      await this.waitUntilReady(prosody, logStart);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /**
   * Ready once this run's log says the c2s port is ours, the port accepts TCP and the admin
   * socket exists. Prosody loads every host before its event loop starts, so a connection
   * accepted then is served by a fully configured server.
   */
  private async waitUntilReady(prosody: ProsodyProcess, logStart: number): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    const activated = `Activated service 'c2s' on [${this.bindAddress}]:${this.c2sPort}`;
    for (;;) {
      const log = await readFrom(this.paths.logFile, logStart);
      if (prosody.hasExited) {
        throw new ProsodyError(`Prosody exited while starting:\n${prosody.outputTail}\n${lastLines(log)}`, 'E_PROSODY_EXITED');
      }
      const portFailure = /Failed to open server port \d+.*/.exec(log);
      if (portFailure) throw new ProsodyError(portFailure[0], 'E_PROSODY_PORT_IN_USE');
      if (log.includes(activated) && existsSync(this.paths.adminSocket)
        && await acceptsTcp(this.bindAddress, this.c2sPort)) return;
      if (Date.now() > deadline) {
        throw new ProsodyError(`Prosody not ready after ${this.options.startTimeoutMs ?? 30_000} ms; log ${this.paths.logFile}:\n${lastLines(log)}`, 'E_PROSODY_START');
      }
      await sleep(READY_POLL_MS);
    }
  }
}

function hostForUrl(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}

function layout(baseDir: string, domain: string): Paths {
  return {
    baseDir,
    configFile: join(baseDir, 'prosody.cfg.lua'),
    dataDir: join(baseDir, 'data'),
    logFile: join(baseDir, 'prosody.log'),
    pidFile: join(baseDir, 'prosody.pid'),
    adminSocket: join(baseDir, 'prosody.sock'),
    certificate: join(baseDir, 'certs', `${domain}.crt`),
    key: join(baseDir, 'certs', `${domain}.key`),
    pluginDir: join(baseDir, 'modules'),
  };
}

function acceptsTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function fileSize(path: string): Promise<number> {
  try {
    const handle = await open(path, 'r');
    try { return (await handle.stat()).size; } finally { await handle.close(); }
  } catch {
    return 0;
  }
}

async function readFrom(path: string, offset: number): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.max(0, size - offset));
      await handle.read(buffer, 0, buffer.length, offset);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

function lastLines(text: string, count = 30): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
