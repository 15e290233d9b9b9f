// The box's boot scripts, run for real against a scratch root (FOYER_ROOT): foyer.conf is
// applied and deleted, the first boot makes the certificate, the setup code and Prosody's
// config with the project's generator, a second boot changes nothing, and a real Prosody
// starts with that config and offers STARTTLS with that certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePorts } from '../../src/prosody/ports.js';
import { ProsodyProcess } from '../../src/prosody/process.js';
import { AdminShell } from '../../src/prosody/admin-shell.js';
import { RawXmpp } from '../support/raw-xmpp.js';
import { libexecDir, projectRoot } from './paths.js';

const prosodyBinary = process.env.FOYER_PROSODY ?? 'prosody';

interface Box {
  root: string;
  run(script: string, ...args: string[]): string;
  read(path: string): string;
}

async function makeBox(): Promise<Box> {
  const root = mkdtempSync(join(tmpdir(), 'foyer-box-'));
  chmodSync(root, 0o755);  // Prosody's own user must reach its files, as on the box
  const [c2s, directTls, http] = await findFreePorts(3);
  mkdirSync(join(root, 'boot'));
  mkdirSync(join(root, 'etc/default'), { recursive: true });
  writeFileSync(join(root, 'etc/default/foyer'), [
    `XMPP_PORT=${c2s}`, `XMPP_TLS_PORT=${directTls}`, `PROSODY_HTTP_PORT=${http}`,
    'XMPP_BIND=127.0.0.1',
    'PROSODY_VERSION=',  // this machine's Prosody, detected
    `PROSODY_RUN_AS_ROOT=${process.getuid?.() === 0 ? 1 : 0}`,
  ].join('\n') + '\n');
  const env = { ...process.env, FOYER_ROOT: root, FOYER_APP: projectRoot };
  return {
    root,
    run(script, ...args) {
      const result = spawnSync(join(libexecDir, script), args, { env, encoding: 'utf8' });
      assert.equal(result.status, 0, `${script}: ${result.stdout}${result.stderr}`);
      return result.stdout;
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
  };
}

function snapshot(box: Box, paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, box.read(path)]));
}

test('foyer.conf is applied to the data partition and removed from the boot partition', async () => {
  const box = await makeBox();
  try {
    writeFileSync(join(box.root, 'boot/foyer.conf'), [
      '\ufeff# set up by the family, saved with a byte order mark', 'WIFI_NAME=Maison "Dupont"', 'WIFI_PASSWORD=correct horse battery',
      'WIFI_COUNTRY=FR', 'HOSTNAME=Dupont-Home', 'TIME_ZONE=Europe/Paris\r',
    ].join('\n'));
    box.run('foyer-apply-conf');

    assert.ok(!existsSync(join(box.root, 'boot/foyer.conf')), 'the Wi-Fi password does not stay on the card');
    assert.equal(box.read('data/etc/hostname'), 'dupont-home\n');
    assert.equal(box.read('data/etc/timezone'), 'Europe/Paris\n');
    assert.equal(readlinkSync(join(box.root, 'data/etc/localtime')), '/usr/share/zoneinfo/Europe/Paris');
    const wifi = box.read('data/etc/wpa_supplicant.conf');
    assert.match(wifi, /^country=FR$/m);
    assert.match(wifi, new RegExp(`^\\tssid=${Buffer.from('Maison "Dupont"').toString('hex')}$`, 'm'));
    assert.match(wifi, /^\tpsk="correct horse battery"$/m);
    assert.equal(statSync(join(box.root, 'data/etc/wpa_supplicant.conf')).mode & 0o777, 0o600);
    assert.doesNotMatch(box.read('boot/foyer-conf-applied.txt'), /correct horse/);

    // A file with one bad line changes nothing, and says why.
    writeFileSync(join(box.root, 'boot/foyer.conf'), 'HOSTNAME=new-name\nTIME_ZONE=Mars/Olympus\nWIFI_PASSWORD=short\n');
    box.run('foyer-apply-conf');
    assert.ok(!existsSync(join(box.root, 'boot/foyer.conf')));
    const errors = box.read('boot/foyer-conf-error.txt');
    assert.match(errors, /TIME_ZONE/);
    assert.match(errors, /WIFI_PASSWORD/);
    assert.equal(box.read('data/etc/hostname'), 'dupont-home\n');
  } finally {
    rmSync(box.root, { recursive: true, force: true });
  }
});

test('first boot makes the certificate, setup code and Prosody config once, and Prosody runs with them', async (t) => {
  const box = await makeBox();
  let prosody: ProsodyProcess | undefined;
  try {
    writeFileSync(join(box.root, 'boot/foyer.conf'), 'HOSTNAME=dupont\n');
    box.run('foyer-apply-conf');
    box.run('foyer-firstboot');

    assert.equal(box.read('data/etc/domain'), 'dupont.local\n');
    const certificatePem = box.read('data/tls/dupont.local.crt');
    const certificate = new X509Certificate(certificatePem);
    assert.match(certificate.subjectAltName ?? '', /DNS:dupont\.local/);
    assert.equal(readlinkSync(join(box.root, 'data/tls/box.crt')), 'dupont.local.crt');
    assert.equal(statSync(join(box.root, 'data/tls/dupont.local.key')).mode & 0o077, 0o040, 'key: owner and group only');

    const code = box.read('data/foyer/setup-code').trim();
    assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    assert.equal(statSync(join(box.root, 'data/foyer/setup-code')).mode & 0o777, 0o600);
    assert.match(box.read('boot/foyer-setup-code.txt'), new RegExp(`${code}[\\s\\S]*http://dupont\\.local/`));

    const config = box.read('data/prosody/prosody.cfg.lua');
    assert.match(config, /VirtualHost "dupont\.local"/);
    assert.ok(config.includes(join(box.root, 'data/prosody')), 'data_path on the data partition');
    assert.ok(config.includes(join(box.root, 'data/tls/dupont.local.crt')));

    const screen = box.run('foyer-console', '--once');
    assert.match(screen, /http:\/\/dupont\.local\//);
    assert.ok(screen.includes(code), 'the setup code is on the screen until it is used');
    if (spawnSync('qrencode', ['--version']).status === 0) assert.match(screen, /[▀▄█]/, 'a QR code is drawn');

    // Second boot: nothing changes.
    const made = ['data/tls/dupont.local.crt', 'data/tls/dupont.local.key', 'data/foyer/setup-code',
      'data/prosody/prosody.cfg.lua', 'boot/foyer-setup-code.txt', 'data/etc/domain'];
    const before = snapshot(box, made);
    box.run('foyer-apply-conf');
    box.run('foyer-firstboot');
    assert.deepEqual(snapshot(box, made), before);

    // A real Prosody with that config: STARTTLS with the box's certificate, then SASL.
    const configFile = join(box.root, 'data/prosody/prosody.cfg.lua');
    // Started with the umask foyer-run gives it (the config's own umask may apply too late).
    const umask = process.umask(0o007);
    try {
      prosody = await ProsodyProcess.spawn(prosodyBinary, configFile, join(box.root, 'data/prosody'));
    } finally {
      process.umask(umask);
    }
    const port = Number(/^XMPP_PORT=(\d+)$/m.exec(box.read('etc/default/foyer'))![1]);
    const client = await connectWhenListening(port, 'dupont.local', certificatePem, prosody);
    try {
      assert.ok(client.client.isEncrypted);
      assert.match(client.features, /urn:ietf:params:xml:ns:xmpp-sasl/);
    } finally {
      client.client.close();
    }

    // The admin socket the daemon creates the administrator through: in a setgid folder of
    // the admin group, connectable by that group (umask 007), by nobody else.
    const adminSocket = join(box.root, 'run/prosody/admin.sock');
    assert.ok(config.includes(`admin_socket = "${adminSocket}"`));
    assert.ok(config.includes('http_external_url = "http://dupont.local/"'), 'upload links name the address the family types');
    assert.equal(statSync(join(box.root, 'run/prosody')).mode & 0o7777, 0o2750);
    await waitForFile(adminSocket, prosody);
    assert.equal(statSync(adminSocket).mode & 0o077, 0o070, 'group read-write, others nothing');
    const shell = await AdminShell.connect(adminSocket);
    try {
      assert.match(await shell.run('user:create("admin@dupont.local", "admin-secret")'), /created/i);
    } finally {
      await shell.close();
    }

    // Once the daemon records the setup as done, the code is gone for good.
    writeFileSync(join(box.root, 'data/foyer/setup-complete'), '');
    box.run('foyer-firstboot');
    assert.ok(!existsSync(join(box.root, 'data/foyer/setup-code')));
    assert.ok(!existsSync(join(box.root, 'boot/foyer-setup-code.txt')));
  } finally {
    await prosody?.terminate(5000);
    if (prosody && !prosody.hasExited) t.diagnostic('Prosody did not stop');
    rmSync(box.root, { recursive: true, force: true });
  }
});

async function waitForFile(path: string, prosody: ProsodyProcess): Promise<void> {
  for (let tries = 0; !existsSync(path); tries++) {
    if (prosody.hasExited || tries > 100) throw new Error(`no ${path}: ${prosody.outputTail}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function connectWhenListening(port: number, domain: string, ca: string, prosody: ProsodyProcess) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await RawXmpp.connectStartTls('127.0.0.1', port, domain, ca);
    } catch (error) {
      if (prosody.hasExited) throw new Error(`Prosody exited: ${prosody.outputTail}`);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
