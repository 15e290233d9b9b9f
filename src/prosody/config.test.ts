// The renderer is checked by running its output in Lua (lua5.4, as Prosody does) with the
// config DSL stubbed, so the assertions read the values Prosody would see; the config for
// the installed release also goes through `prosodyctl check config`.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { generateSelfSignedCertificate } from './certificate.js';
import { hostModules, renderProsodyConfig, type ProsodyConfigOptions } from './config.js';
import { writeProsodyModules } from './plugins.js';
import { detectProsodyVersion } from './version.js';
import { prosodyBinaries } from '../../test/support/prosody.js';

type Settings = Record<string, Record<string, string>>;

// Prints "section<TAB>key<TAB>value" for every setting; tables are flattened to "a,b".
const READ_CONFIG_LUA = `
local settings, order, section = {}, {}, "*"
local function enter(name) section = name; settings[name] = settings[name] or {}; order[#order + 1] = name end
enter("*")
local env = setmetatable({
  VirtualHost = function(name) enter(name) end,
  Component = function(name) enter(name); return function(module) settings[name].component_module = module end end,
}, { __newindex = function(_, key, value) settings[section][key] = value end })
assert(loadfile(arg[1], "t", env))()
local function flat(value)
  if type(value) ~= "table" then return tostring(value) end
  local parts = {}
  for key, item in pairs(value) do
    parts[#parts + 1] = type(key) == "number" and flat(item) or (key .. "=" .. flat(item))
  end
  table.sort(parts)
  return table.concat(parts, ",")
end
for _, name in ipairs(order) do
  for key, value in pairs(settings[name]) do io.write(name, "\\t", key, "\\t", flat(value), "\\n") end
end
`;

async function readConfig(config: string): Promise<Settings> {
  const dir = await mkdtemp(join(tmpdir(), 'foyer-config-'));
  try {
    await writeFile(join(dir, 'prosody.cfg.lua'), config);
    await writeFile(join(dir, 'read.lua'), READ_CONFIG_LUA);
    const output = execFileSync('lua5.4', [join(dir, 'read.lua'), join(dir, 'prosody.cfg.lua')], { encoding: 'utf8' });
    const settings: Settings = {};
    for (const line of output.trimEnd().split('\n')) {
      const [section, key, value] = line.split('\t') as [string, string, string];
      (settings[section] ??= {})[key] = value;
    }
    return settings;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const base: ProsodyConfigOptions = {
  domain: 'foyer.local', dataDir: '/var/lib/foyer/prosody', certificate: '/etc/foyer/tls/foyer.local.crt',
  key: '/etc/foyer/tls/foyer.local.key', c2sPort: 5222, c2sDirectTlsPort: 5223, httpPort: 5280, version: '0.12',
  pluginDir: '/etc/foyer/prosody-modules',
};

test('0.12: hosts, ports, TLS, modules and retention as Prosody reads them', async () => {
  const settings = await readConfig(renderProsodyConfig(base));
  const global = settings['*'] as Record<string, string>;
  assert.equal(global.interfaces, '127.0.0.1');
  assert.equal(global.c2s_ports, '5222');
  assert.equal(global.c2s_direct_tls_ports, '5223');
  assert.equal(global.s2s_ports, '');
  assert.equal(global.https_ports, '', 'no default HTTPS port 5281');
  assert.equal(global.modules_disabled, 's2s');
  assert.equal(global.c2s_require_encryption, 'true');
  assert.equal(global.authentication, 'internal_hashed');
  assert.equal(global.ssl, 'certificate=/etc/foyer/tls/foyer.local.crt,key=/etc/foyer/tls/foyer.local.key');
  assert.equal(global.archive_expires_after, 'never');
  assert.equal(global.registration_invite_only, 'true');
  assert.equal(global.allow_registration, 'false');
  assert.equal(global.run_as_root, undefined);
  assert.equal(global.password_hash, undefined);
  const modules = (global.modules_enabled as string).split(',');
  for (const module of ['smacks', 'mam', 'carbons', 'pep', 'bookmarks', 'vcard4', 'invites_register', 'posix', 'csi_simple']) {
    assert.ok(modules.includes(module), module);
  }
  assert.ok(!modules.includes('account_activity'), 'not in 0.12');

  for (const host of ['foyer.local', 'upload.foyer.local', 'groups.foyer.local', 'pubsub.foyer.local']) {
    assert.equal(settings[host]?.ssl, global.ssl, `certificate for ${host}`);
  }
  assert.equal(settings['upload.foyer.local']?.component_module, 'http_file_share');
  assert.equal(settings['upload.foyer.local']?.http_file_share_expires_after, '-1');
  const groups = settings['groups.foyer.local'] as Record<string, string>;
  assert.equal(groups.component_module, 'muc');
  assert.equal(groups.modules_enabled, 'muc_mam');
  assert.equal(groups.muc_room_default_members_only, 'true');
  assert.equal(groups.muc_room_default_public, 'false');
  assert.equal(groups.muc_log_expires_after, 'never');
  assert.equal(global.plugin_paths, '/etc/foyer/prosody-modules');
  assert.ok(modules.includes('foyer_pubsub'));
  const pubsub = settings['pubsub.foyer.local'] as Record<string, string>;
  assert.equal(pubsub.component_module, 'pubsub');
  assert.equal(pubsub.modules_enabled, 'foyer_pubsub');
  // 0.12 has no node-creation permission: Foyer's module lets the family's users create.
  assert.equal(pubsub.foyer_pubsub_local_create, 'true');
  assert.equal(pubsub.foyer_pubsub_parent_host, 'foyer.local');
  assert.equal(pubsub.add_permissions, undefined);
});

test('13: its own module set, period syntax and optional SCRAM-SHA-256 storage', async () => {
  const settings = await readConfig(renderProsodyConfig({ ...base, version: '13', passwordHash: 'SHA-256' }));
  const modules = (settings['*']?.modules_enabled as string).split(',');
  assert.ok(modules.includes('account_activity'));
  assert.ok(!modules.includes('posix'), 'mod_posix is gone in 13');
  assert.ok(modules.includes('smacks'));
  assert.equal(settings['*']?.password_hash, 'SHA-256');
  assert.equal(settings['upload.foyer.local']?.http_file_share_expires_after, 'never');
  // 13's own permission, granted to the parent host's users (prosody:registered on a component).
  assert.equal(settings['pubsub.foyer.local']?.add_permissions, 'prosody:registered=pubsub:create-node');
  assert.equal(settings['pubsub.foyer.local']?.foyer_pubsub_local_create, undefined);
  assert.deepEqual(hostModules('13').filter((m) => !hostModules('0.12').includes(m)), ['account_activity']);
  assert.throws(() => renderProsodyConfig({ ...base, passwordHash: 'SHA-256' }), /needs Prosody 13/);
});

test('options: bind addresses, federation, root, registration, uploads, odd paths', async () => {
  const settings = await readConfig(renderProsodyConfig({
    ...base, bindAddresses: ['127.0.0.1', '::1'], s2sPort: 5269, runAsRoot: true, openRegistration: true,
    dataDir: '/tmp/a "quoted" path\\x', upload: { sizeLimitBytes: 1024, expiresAfter: 86400 }, httpExternalUrl: 'https://foyer.local/xmpp/',
    extraSettings: { smacks_hibernation_time: 5, c2s_require_encryption: true, motd_text: 'hi "there"' },
  }));
  const global = settings['*'] as Record<string, string>;
  assert.equal(global.interfaces, '127.0.0.1,::1');
  assert.equal(global.s2s_ports, '5269');
  assert.equal(global.modules_disabled, '');
  assert.equal(global.run_as_root, 'true');
  assert.equal(global.registration_invite_only, 'false');
  assert.equal(global.allow_registration, 'true');
  assert.equal(global.data_path, '/tmp/a "quoted" path\\x');
  assert.equal(settings['upload.foyer.local']?.http_file_share_size_limit, '1024');
  assert.equal(settings['upload.foyer.local']?.http_file_share_expires_after, '86400');
  assert.equal(global.http_external_url, 'https://foyer.local/xmpp/');
  assert.equal(global.http_default_host, 'upload.foyer.local');
  assert.equal(global.smacks_hibernation_time, '5');
  assert.equal(global.motd_text, 'hi "there"');
  assert.throws(() => renderProsodyConfig({ ...base, extraSettings: { 'x = 1 --': 1 } }), /not a setting name/);
  assert.throws(() => renderProsodyConfig({ ...base, domain: 'a.b\nrun_as_root = true' }), /not a domain name/);
});

test('prosodyctl check config accepts the config for the installed release', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'foyer-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { certificate, key } = await generateSelfSignedCertificate({ domain: 'foyer.local', outDir: dir });
  const version = await detectProsodyVersion(prosodyBinaries.prosodyctl);
  const config = join(dir, 'prosody.cfg.lua');
  await mkdir(join(dir, 'data'));
  await writeProsodyModules(join(dir, 'modules'));
  await writeFile(config, renderProsodyConfig({
    ...base, version, certificate, key, dataDir: join(dir, 'data'), pluginDir: join(dir, 'modules'), runAsRoot: process.getuid?.() === 0,
  }));
  const { stdout } = await promisify(execFile)(prosodyBinaries.prosodyctl, ['--config', config, 'check', 'config']);
  t.diagnostic(`prosodyctl ${version}: ${stdout.trim().split('\n').at(-1)}`);
  assert.match(stdout, /All checks passed/);
});
