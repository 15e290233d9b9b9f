// Renders the Prosody config (Lua) shared by the family box and the tests, so both run the
// same server setup. Pure: no file or process access.
//
// References: Prosody configuration docs (prosody.im/doc/configure, /doc/ports,
// /doc/certificates, /doc/modules/mod_mam, mod_muc_mam, mod_http_file_share, mod_smacks,
// mod_invites_register), checked against the 0.12 and 13.0 sources of the listed modules.
//
// Differences between the two supported releases, all handled below:
// - 0.12 needs mod_posix (pidfile, signals, umask); in 13 that moved into the core and
//   mod_posix is an empty stub, so it is not listed.
// - 13 ships mod_account_activity (last login time, shown to the family admin).
// - http_file_share_expires_after: 0.12 reads a number (-1 = never), 13 a period ("never").
// - password_hash (SCRAM-SHA-256 account storage) exists only in 13.
// mod_smacks, mod_bookmarks (XEP-0402), mod_invites(+_register, _adhoc), mod_vcard4,
// mod_vcard_legacy, mod_csi_simple and mod_http_file_share ship with both releases, so no
// community module (Debian's prosody-modules) is needed. Foyer's own mod_foyer_pubsub
// (plugins.ts, in pluginDir) adds what neither release can be configured to do: a pubsub
// item's publisher may retract it, and (0.12) local users may create community nodes.
import { dirname } from 'node:path';
import { luaNumberList, luaString, luaStringList } from './lua.js';
import type { ProsodyVersion } from './version.js';

export type { ProsodyVersion } from './version.js';

export class ProsodyConfigError extends Error {
  readonly code = 'E_PROSODY_CONFIG';
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ProsodyConfigOptions {
  domain: string;                 // e.g. 'localhost' in tests, 'foyer.local' on the box
  dataDir: string;                // Prosody's data_path
  certificate: string;            // PEM file paths, used for every host and port
  key: string;
  c2sPort: number;
  c2sDirectTlsPort?: number;      // XEP-0368 direct TLS; omitted = none
  s2sPort?: number | null;        // omitted or null = federation off (the default)
  httpPort: number;               // plain HTTP, for file uploads behind Foyer's own web server
  httpsPort?: number | null;      // omitted or null = none
  /** The URL clients reach Prosody's HTTP at (upload slots point there), e.g. behind a proxy. */
  httpExternalUrl?: string;
  bindAddresses?: string[];       // default ['127.0.0.1']
  runAsRoot?: boolean;            // Prosody refuses to start as root without it
  logFile?: string;               // default <dataDir>/prosody.log
  logLevel?: LogLevel;            // default 'info'
  pidFile?: string;               // default <dataDir>/prosody.pid
  adminSocket?: string;           // mod_admin_socket path; default <dataDir>/prosody.sock
  /**
   * Prosody's umask (default "027"). The box uses "007" so that its admin socket, in a
   * setgid folder of the group the foyer daemon belongs to, is writable by that group.
   */
  umask?: string;
  admins?: string[];              // bare JIDs with admin rights
  /** Where Foyer's own Prosody modules are (plugins.ts writes them); the config loads them. */
  pluginDir: string;
  /** Open in-band registration (tests). Off: only invited people can register (the box). */
  openRegistration?: boolean;
  upload?: UploadOptions;
  /** 13 only: store SCRAM-SHA-256 keys; accounts created under SHA-1 then can no longer log in. */
  passwordHash?: 'SHA-1' | 'SHA-256';
  version: ProsodyVersion;        // detected, see version.ts
  /** More global options, e.g. { smacks_hibernation_time: 5 } for a test of failed resumption. */
  extraSettings?: Record<string, string | number | boolean>;
}

export interface UploadOptions {
  sizeLimitBytes?: number;        // default 100 MiB: phone videos
  dailyQuotaBytes?: number;       // per user; default 1 GiB
  globalQuotaBytes?: number;      // default none
  /** Seconds or 'never' (default): shared photos stay as long as the messages that link them. */
  expiresAfter?: number | 'never';
}

const MiB = 1024 * 1024;

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isDnsName(name: string): boolean {
  return DNS_NAME.test(name);
}

/** Subdomains of the family's domain for each component; the certificate covers them all. */
export function componentDomains(domain: string): { upload: string; groups: string; pubsub: string } {
  return { upload: `upload.${domain}`, groups: `groups.${domain}`, pubsub: `pubsub.${domain}` };
}

/** Modules loaded on the VirtualHost, per release (see the differences above). */
export function hostModules(version: ProsodyVersion): string[] {
  const common = [
    'foyer_pubsub',
    'roster', 'saslauth', 'tls', 'disco',
    'carbons', 'pep', 'private', 'blocklist', 'vcard4', 'vcard_legacy', 'bookmarks',
    'mam', 'smacks', 'csi_simple',
    'ping', 'time', 'version', 'uptime', 'lastactivity',
    'register', 'invites', 'invites_adhoc', 'invites_register',
    'admin_shell', 'http',
  ];
  return version === '0.12' ? [...common, 'posix'] : [...common, 'account_activity'];
}

export function renderProsodyConfig(options: ProsodyConfigOptions): string {
  const { domain, version } = options;
  if (!isDnsName(domain)) throw new ProsodyConfigError(`not a domain name: ${JSON.stringify(domain)}`);
  const bind = options.bindAddresses ?? ['127.0.0.1'];
  const components = componentDomains(domain);
  const federation = options.s2sPort !== undefined && options.s2sPort !== null;
  const ssl = `{ certificate = ${luaString(options.certificate)}; key = ${luaString(options.key)} }`;
  const upload = options.upload ?? {};
  const uploadSizeLimit = upload.sizeLimitBytes ?? 100 * MiB;

  const lines: string[] = [
    `-- Prosody ${version} config for ${domain}, generated by Foyer (src/prosody/config.ts).`,
    '-- Regenerate it instead of editing: the box and the tests must run the same setup.',
    '',
    '---------- Process and files ----------',
    `data_path = ${luaString(options.dataDir)}`,
    `pidfile = ${luaString(options.pidFile ?? `${options.dataDir}/prosody.pid`)}`,
    `admin_socket = ${luaString(options.adminSocket ?? `${options.dataDir}/prosody.sock`)}`,
    // Certificates come from `ssl` below; point the auto-import folder at ours so Prosody
    // does not scan a "certs" folder beside the config file.
    `certificates = ${luaString(dirname(options.certificate))}`,
    `log = { { levels = { min = ${luaString(options.logLevel ?? 'info')} }; to = "file"; filename = ${luaString(options.logFile ?? `${options.dataDir}/prosody.log`)} } }`,
  ];
  if (options.runAsRoot) lines.push('run_as_root = true');
  if (options.umask !== undefined) {
    if (!/^[0-7]{3}$/.test(options.umask)) throw new RangeError(`umask must be three octal digits, not ${JSON.stringify(options.umask)}`);
    lines.push(`umask = ${luaString(options.umask)}`);
  }

  lines.push(
    '',
    '---------- Network: only the given addresses and ports ----------',
    `interfaces = ${luaStringList(bind)}`,
    `local_interfaces = ${luaStringList(bind)}`,
    `c2s_ports = ${luaNumberList([options.c2sPort])}`,
    `c2s_direct_tls_ports = ${luaNumberList(options.c2sDirectTlsPort === undefined ? [] : [options.c2sDirectTlsPort])}`,
    `s2s_ports = ${luaNumberList(federation ? [options.s2sPort as number] : [])}`,
    `http_ports = ${luaNumberList([options.httpPort])}`,
    `http_interfaces = ${luaStringList(bind)}`,
    // Without this Prosody would open its default HTTPS port 5281.
    `https_ports = ${luaNumberList(options.httpsPort === undefined || options.httpsPort === null ? [] : [options.httpsPort])}`,
    `https_interfaces = ${luaStringList(bind)}`,
    // Requests whose Host header names no host (an IP, a proxy's name) go to the uploads.
    `http_default_host = ${luaString(components.upload)}`,
  );
  if (options.httpExternalUrl !== undefined) lines.push(`http_external_url = ${luaString(options.httpExternalUrl)}`);
  lines.push(
    '',
    '---------- Encryption and authentication ----------',
    // Set globally so every host, component and port (STARTTLS, direct TLS, HTTPS) has the
    // certificate: 0.12 offers STARTTLS without one and the handshake then fails.
    `ssl = ${ssl}`,
    'c2s_require_encryption = true',
    's2s_require_encryption = true',
    's2s_secure_auth = true',
    'authentication = "internal_hashed"',
    'storage = "internal"',
  );
  if (options.passwordHash !== undefined) {
    if (version === '0.12') throw new ProsodyConfigError('password_hash needs Prosody 13');
    lines.push(`password_hash = ${luaString(options.passwordHash)}`);
  }
  lines.push(
    `admins = ${luaStringList(options.admins ?? [])}`,
    '',
    '---------- Modules ----------',
    // Foyer's own (plugins.ts), searched before Prosody's.
    `plugin_paths = ${luaStringList([options.pluginDir])}`,
    `modules_enabled = ${luaStringList(hostModules(version))}`,
    `modules_disabled = ${luaStringList(federation ? [] : ['s2s'])}`,
    // Accounts are made by the family admin; strangers cannot register, invited people can
    // (mod_invites_register). Tests may open in-band registration to exercise clients.
    `allow_registration = ${options.openRegistration ? 'true' : 'false'}`,
    `registration_invite_only = ${options.openRegistration ? 'false' : 'true'}`,
    '',
    '-- A family\'s history must not vanish: keep the archives (default would be one week).',
    'archive_expires_after = "never"',
    'default_archive_policy = true',
  );
  // Later assignments win in Prosody's config, so these can also override the above.
  const extra = Object.entries(options.extraSettings ?? {});
  if (extra.length > 0) lines.push('', '---------- Extra settings ----------', ...extra.map(([name, value]) => renderSetting(name, value)));
  lines.push(
    '',
    '---------- Hosts ----------',
    `VirtualHost ${luaString(domain)}`,
    `\tssl = ${ssl}`,
    '',
    `Component ${luaString(components.upload)} "http_file_share"`,
    `\tssl = ${ssl}`,
    `\thttp_file_share_size_limit = ${uploadSizeLimit}`,
    `\thttp_file_share_daily_quota = ${upload.dailyQuotaBytes ?? 1024 * MiB}`,
    `\thttp_file_share_expires_after = ${renderUploadExpiry(upload.expiresAfter ?? 'never', version)}`,
  );
  if (upload.globalQuotaBytes !== undefined) lines.push(`\thttp_file_share_global_quota = ${upload.globalQuotaBytes}`);
  lines.push(
    '',
    // Family groups: private, persistent, members-only rooms whose members see each
    // other's JIDs (for avatars and profiles) and whose history is archived for good.
    `Component ${luaString(components.groups)} "muc"`,
    `\tssl = ${ssl}`,
    '\tmodules_enabled = { "muc_mam" }',
    '\trestrict_room_creation = "local"',
    '\tmuc_room_default_public = false',
    '\tmuc_room_default_persistent = true',
    '\tmuc_room_default_members_only = true',
    '\tmuc_room_default_public_jids = true',
    '\tmuc_room_default_allow_member_invites = true',
    '\tmuc_log_by_default = true',
    '\tmuc_log_all_rooms = true',
    '\tmuc_log_expires_after = "never"',
    '',
    // Communities: news feeds and shared nodes beyond each member's own PEP. Any of the
    // family may create one (its owner); remote and anonymous users may not.
    `Component ${luaString(components.pubsub)} "pubsub"`,
    `\tssl = ${ssl}`,
    '\texpose_publisher = true',
    '\tmodules_enabled = { "foyer_pubsub" }',
    ...localNodeCreation(domain, version),
    '',
  );
  return lines.join('\n');
}

/**
 * 13: mod_pubsub asks the ":create-node" permission (granted to prosody:admin), and on a
 * component mod_authz_internal gives the parent host's users the role host_user_role
 * (prosody:registered), other servers' users server_user_role / public_user_role
 * (prosody:guest). 0.12 has no such permission: mod_foyer_pubsub does it (plugins.ts).
 */
function localNodeCreation(domain: string, version: ProsodyVersion): string[] {
  if (version === '0.12') return ['\tfoyer_pubsub_local_create = true', `\tfoyer_pubsub_parent_host = ${luaString(domain)}`];
  return ['\tadd_permissions = { ["prosody:registered"] = { "pubsub:create-node" } }'];
}

function renderSetting(name: string, value: string | number | boolean): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ProsodyConfigError(`not a setting name: ${JSON.stringify(name)}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new ProsodyConfigError(`${name} is not a finite number`);
  return `${name} = ${typeof value === 'string' ? luaString(value) : String(value)}`;
}

function renderUploadExpiry(expiresAfter: number | 'never', version: ProsodyVersion): string {
  if (expiresAfter !== 'never') return String(expiresAfter);
  // 0.12 reads a number where -1 means never; 13 would delete such files at once.
  return version === '0.12' ? '-1' : '"never"';
}
