import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { prosodyBinaries } from '../../test/support/prosody.js';
import { detectProsodyVersion } from './version.js';

const cli = new URL('./cli.js', import.meta.url).pathname;
const run = promisify(execFile);

test('gen-cert then write-config produce a config prosodyctl accepts', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'foyer-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await run(process.execPath, [cli, 'gen-cert', '--domain', 'foyer.local', '--out-dir', join(dir, 'tls')]);
  const out = join(dir, 'prosody.cfg.lua');
  await mkdir(join(dir, 'data'));
  const args = [cli, 'write-config', '--domain', 'foyer.local', '--data-dir', join(dir, 'data'),
    '--cert', join(dir, 'tls/foyer.local.crt'), '--key', join(dir, 'tls/foyer.local.key'), '--out', out,
    '--c2s-port', '15222', '--http-port', '15280', '--bind', '127.0.0.1',
    '--version', await detectProsodyVersion(prosodyBinaries.prosodyctl)];
  if (process.getuid?.() === 0) args.push('--run-as-root');
  const { stdout } = await run(process.execPath, args);
  assert.equal(stdout.trim(), `wrote ${out}`);
  const config = await readFile(out, 'utf8');
  assert.match(config, /^c2s_ports = \{ 15222 \}$/m);
  assert.match(config, /^http_ports = \{ 15280 \}$/m);
  assert.match(config, /^VirtualHost "foyer\.local"$/m);
  const check = await run(prosodyBinaries.prosodyctl, ['--config', out, 'check', 'config']);
  assert.match(check.stdout, /All checks passed/);
});

test('usage errors exit with status 2 and say what is missing', async () => {
  await assert.rejects(run(process.execPath, [cli, 'write-config', '--domain', 'x']), (error: { code?: number; stderr?: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr ?? '', /--data-dir is required/);
    return true;
  });
  await assert.rejects(run(process.execPath, [cli, 'frobnicate']), { code: 2 });
});
