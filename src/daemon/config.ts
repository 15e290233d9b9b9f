// The daemon's configuration: defaults, then an optional JSON config file, then environment
// variables (FOYER_*), so a family box, a developer and the tests can each override what they
// need without editing files.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DaemonError } from './errors.js';

export interface XmppServerAddress {
  host: string;
  port: number;
}

export interface DaemonConfig {
  /** HTTP port of the web app and WebSocket (FOYER_PORT). */
  port: number;
  /** Address the HTTP server binds (FOYER_BIND); every interface by default, as a box serves the LAN. */
  bind: string;
  /** Data folder: the LMDB cache, the bundled Prosody's data, settings (FOYER_DATA). */
  dataDir: string;
  /** An existing XMPP server used for every account (FOYER_XMPP); null starts the bundled Prosody. */
  xmpp: XmppServerAddress | null;
  /** PEM certificate to trust for that server, e.g. a box's self-signed one (FOYER_XMPP_CA). */
  xmppCaFile: string | null;
  /** Seconds a user's XMPP session stays up with no tab open; null keeps it connected (FOYER_LINKER_IDLE). */
  linkerIdleSeconds: number | null;
  /** Folder of the built web app (FOYER_WEB_ROOT). */
  webRoot: string;
  /** Origins allowed to open a WebSocket besides the page's own host (FOYER_ALLOWED_ORIGINS, comma separated). */
  allowedOrigins: string[];
  /**
   * The address the family's devices and other XMPP clients reach this daemon at
   * (FOYER_PUBLIC_URL), e.g. http://foyer.local:8080/. Shared files get URLs under it; the
   * bundled Prosody's http_external_url is set to it. null: http://localhost:<port>/.
   */
  publicUrl: string | null;
  /**
   * Local address of the XMPP server's HTTP file share (FOYER_FILE_SHARE_URL), e.g.
   * http://127.0.0.1:5280/: the daemon forwards /file_share/… there. Set by itself for the
   * bundled Prosody; null with another server: files are then fetched from that server.
   */
  fileShareUrl: string | null;
  /**
   * The box's one-time setup code (FOYER_SETUP_CODE_FILE): while it exists and the done file
   * does not, the web app asks for it to create the administrator (first-run.ts).
   */
  setupCodeFile: string | null;
  /** Written once the administrator exists (FOYER_SETUP_DONE_FILE); default `<data>/setup-complete`. */
  setupDoneFile: string | null;
  /**
   * The XMPP server's Prosody admin socket, for creating the administrator
   * (FOYER_PROSODY_ADMIN_SOCKET); the bundled Prosody's own by default.
   */
  prosodyAdminSocket: string | null;
  /** The XMPP domain accounts are made in (FOYER_XMPP_DOMAIN); the bundled Prosody's, else FOYER_XMPP's host. */
  xmppDomain: string | null;
}

type ConfigFile = Partial<Record<keyof DaemonConfig, unknown>>;

const ENV_KEYS: Record<string, keyof DaemonConfig> = {
  FOYER_PORT: 'port',
  FOYER_BIND: 'bind',
  FOYER_DATA: 'dataDir',
  FOYER_XMPP: 'xmpp',
  FOYER_XMPP_CA: 'xmppCaFile',
  FOYER_LINKER_IDLE: 'linkerIdleSeconds',
  FOYER_WEB_ROOT: 'webRoot',
  FOYER_ALLOWED_ORIGINS: 'allowedOrigins',
  FOYER_PUBLIC_URL: 'publicUrl',
  FOYER_FILE_SHARE_URL: 'fileShareUrl',
  FOYER_SETUP_CODE_FILE: 'setupCodeFile',
  FOYER_SETUP_DONE_FILE: 'setupDoneFile',
  FOYER_PROSODY_ADMIN_SOCKET: 'prosodyAdminSocket',
  FOYER_XMPP_DOMAIN: 'xmppDomain',
};

function invalid(what: string, value: unknown, expected: string): never {
  throw new DaemonError('E_CONFIG_INVALID', `${what}: ${JSON.stringify(value)} is not ${expected}`);
}

function toPort(what: string, value: unknown): number {
  const port = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    invalid(what, value, 'a port number (0-65535)');
  }
  return port;
}

/** Parses `host:port`, `[v6]:port` or a bare host (port 5222). */
export function parseXmppAddress(what: string, value: unknown): XmppServerAddress | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') invalid(what, value, 'host:port');
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(value.trim());
  if (!match) invalid(what, value, 'host:port');
  const host = match[1] ?? match[2] ?? '';
  return { host, port: match[3] === undefined ? 5222 : toPort(what, match[3]) };
}

function toIdleSeconds(what: string, value: unknown): number | null {
  if (value === null || value === '' || value === 'never') return null;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    invalid(what, value, 'a number of seconds or "never"');
  }
  return seconds;
}

function toList(what: string, value: unknown): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
  invalid(what, value, 'a list of strings');
}

function toText(what: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') invalid(what, value, 'a non-empty string');
  return value;
}

/** An http(s) URL naming a folder: origin and path ending in '/', nothing else. */
function toBaseUrl(what: string, value: unknown): string | null {
  if (value === null || value === '') return null;
  let url: URL;
  try {
    url = new URL(toText(what, value));
  } catch {
    invalid(what, value, 'an http:// or https:// URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    invalid(what, value, 'an http:// or https:// URL without credentials, query or fragment');
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function applyValue(config: DaemonConfig, key: keyof DaemonConfig, what: string, value: unknown): void {
  switch (key) {
    case 'port':
      config.port = toPort(what, value);
      break;
    case 'xmpp':
      config.xmpp = parseXmppAddress(what, value);
      break;
    case 'xmppCaFile':
    case 'setupCodeFile':
    case 'setupDoneFile':
    case 'prosodyAdminSocket':
    case 'xmppDomain':
      config[key] = value === null || value === '' ? null : toText(what, value);
      break;
    case 'linkerIdleSeconds':
      config.linkerIdleSeconds = toIdleSeconds(what, value);
      break;
    case 'allowedOrigins':
      config.allowedOrigins = toList(what, value);
      break;
    case 'publicUrl':
    case 'fileShareUrl':
      config[key] = toBaseUrl(what, value);
      break;
    case 'bind':
    case 'dataDir':
    case 'webRoot':
      config[key] = toText(what, value);
      break;
  }
}

/**
 * Reads the configuration. The file is FOYER_CONFIG, else `<data>/foyer.json` when it exists;
 * environment variables win over it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DaemonConfig {
  const config: DaemonConfig = {
    port: 8080,
    bind: '0.0.0.0',
    dataDir: resolve(cwd, 'var'),
    xmpp: null,
    xmppCaFile: null,
    linkerIdleSeconds: null,
    webRoot: resolve(cwd, 'dist/web'),
    allowedOrigins: [],
    publicUrl: null,
    fileShareUrl: null,
    setupCodeFile: null,
    setupDoneFile: null,
    prosodyAdminSocket: null,
    xmppDomain: null,
  };
  const dataDir = env.FOYER_DATA ? resolve(cwd, env.FOYER_DATA) : config.dataDir;
  const file = env.FOYER_CONFIG ? resolve(cwd, env.FOYER_CONFIG) : resolve(dataDir, 'foyer.json');
  if (env.FOYER_CONFIG || existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new DaemonError('E_CONFIG_INVALID', `config file ${file}: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new DaemonError('E_CONFIG_INVALID', `config file ${file}: expected a JSON object`);
    }
    for (const [key, value] of Object.entries(parsed as ConfigFile)) {
      if (!(key in config)) throw new DaemonError('E_CONFIG_INVALID', `config file ${file}: unknown setting "${key}"`);
      applyValue(config, key as keyof DaemonConfig, `${file}: ${key}`, value);
    }
  }
  for (const [variable, key] of Object.entries(ENV_KEYS)) {
    const value = env[variable];
    if (value !== undefined) applyValue(config, key, variable, value);
  }
  config.dataDir = resolve(cwd, config.dataDir);
  config.webRoot = resolve(cwd, config.webRoot);
  if (config.xmppCaFile) config.xmppCaFile = resolve(cwd, config.xmppCaFile);
  return config;
}
