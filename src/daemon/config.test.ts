import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseXmppAddress } from './config.js';
import { DaemonError } from './errors.js';

test('defaults: port 8080, data under ./var, the bundled Prosody, sessions kept connected', () => {
  const config = loadConfig({}, '/srv/foyer');
  assert.equal(config.port, 8080);
  assert.equal(config.dataDir, '/srv/foyer/var');
  assert.equal(config.xmpp, null);
  assert.equal(config.xmppCaFile, null);
  assert.equal(config.linkerIdleSeconds, null);
  assert.equal(config.webRoot, '/srv/foyer/dist/web');
});

test('environment variables override the config file, which overrides defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-config-'));
  writeFileSync(join(dir, 'foyer.json'), JSON.stringify({ port: 9000, xmpp: 'box.lan:5223', linkerIdleSeconds: 600 }));
  const fromFile = loadConfig({ FOYER_DATA: dir }, '/');
  assert.equal(fromFile.port, 9000);
  assert.deepEqual(fromFile.xmpp, { host: 'box.lan', port: 5223 });
  assert.equal(fromFile.linkerIdleSeconds, 600);
  const overridden = loadConfig({ FOYER_DATA: dir, FOYER_PORT: '8181', FOYER_XMPP: '', FOYER_LINKER_IDLE: 'never', FOYER_XMPP_CA: 'ca.pem' }, '/etc');
  assert.equal(overridden.port, 8181);
  assert.equal(overridden.xmpp, null, 'an empty FOYER_XMPP falls back to the bundled server');
  assert.equal(overridden.linkerIdleSeconds, null);
  assert.equal(overridden.xmppCaFile, '/etc/ca.pem');
});

test('bad values are clear E_CONFIG_INVALID errors naming the setting', () => {
  const bad = (env: NodeJS.ProcessEnv, pattern: RegExp) =>
    assert.throws(() => loadConfig(env, '/'), (error: unknown) => error instanceof DaemonError && error.code === 'E_CONFIG_INVALID' && pattern.test(error.message));
  bad({ FOYER_PORT: 'eighty' }, /FOYER_PORT: "eighty" is not a port number/);
  bad({ FOYER_PORT: '70000' }, /FOYER_PORT/);
  bad({ FOYER_XMPP: 'a:b:c' }, /FOYER_XMPP: "a:b:c" is not host:port/);
  bad({ FOYER_LINKER_IDLE: '-5' }, /FOYER_LINKER_IDLE/);
  const dir = mkdtempSync(join(tmpdir(), 'foyer-config-'));
  writeFileSync(join(dir, 'foyer.json'), '{"prot": 1}');
  bad({ FOYER_DATA: dir }, /unknown setting "prot"/);
  writeFileSync(join(dir, 'foyer.json'), '{not json');
  bad({ FOYER_DATA: dir }, /foyer\.json: /);
});

test('XMPP addresses: host, host:port, [IPv6]:port', () => {
  assert.deepEqual(parseXmppAddress('x', 'example.org'), { host: 'example.org', port: 5222 });
  assert.deepEqual(parseXmppAddress('x', '127.0.0.1:15222'), { host: '127.0.0.1', port: 15222 });
  assert.deepEqual(parseXmppAddress('x', '[::1]:5222'), { host: '::1', port: 5222 });
});

test('the public URL and the file share address are folder URLs', () => {
  const config = loadConfig({ FOYER_PUBLIC_URL: 'http://foyer.local:8080', FOYER_FILE_SHARE_URL: 'http://127.0.0.1:5280/' }, '/');
  assert.equal(config.publicUrl, 'http://foyer.local:8080/');
  assert.equal(config.fileShareUrl, 'http://127.0.0.1:5280/');
  assert.equal(loadConfig({}, '/').publicUrl, null);
  for (const bad of ['ftp://box/', 'foyer.local', 'http://user:pw@box/', 'http://box/?x=1']) {
    assert.throws(() => loadConfig({ FOYER_PUBLIC_URL: bad }, '/'), DaemonError, bad);
  }
});
