// The foyer package's build recipe, run for this machine: image/package/foyer/stage.sh is what
// foyer.mk runs with Buildroot's cross toolchain, so a broken recipe fails here. The staged
// tree must hold the app without its tests, the run-time npm packages without the build tools,
// lmdb compiled from source and working, and the project's own addon once it has one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { DAEMON_NODE_FLAGS } from '../../src/daemon/node-flags.js';
import { imageDir, projectRoot } from './paths.js';

const artifacts = join(projectRoot, 'test/artifacts');
// Compiled addons outlive a checkout (compiling lmdb takes about 45 s of CPU); the cache key
// covers the addon's sources and stage.sh, so a change to either still compiles.
const nativeCache = process.env.FOYER_NATIVE_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'foyer/native-addons');
// Sources the recipe reads; node_modules is linked in separately, dist/ is what it makes.
const SOURCE_ENTRIES = ['package.json', 'package-lock.json', 'tsconfig.json', 'binding.gyp',
  'src', 'native', 'test', 'bench', 'scripts', 'web'];

/** A copy of the project to build in; node_modules as hard links (same filesystem: fast). */
function copyProject(into: string): void {
  for (const entry of SOURCE_ENTRIES) {
    const from = join(projectRoot, entry);
    if (!existsSync(from)) continue;
    // test/artifacts holds this very copy: copy test/ entry by entry around it.
    const parts = entry === 'test' ? readdirSync(from).filter((name) => name !== 'artifacts').map((name) => join(entry, name)) : [entry];
    for (const part of parts) cpSync(join(projectRoot, part), join(into, part), { recursive: true });
  }
  const linked = spawnSync('cp', ['-al', join(projectRoot, 'node_modules'), join(into, 'node_modules')]);
  assert.equal(linked.status, 0, String(linked.stderr));
}

function runNode(cwd: string, code: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

test('stage.sh builds and installs Foyer for this machine', { timeout: 300_000 }, async () => {
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(artifacts, 'stage-'));
  try {
    const src = join(work, 'src');
    const dest = join(work, 'dest');
    mkdirSync(src);
    copyProject(src);

    const staged = spawnSync('sh', [join(imageDir, 'package/foyer/stage.sh'), src, dest], {
      encoding: 'utf8',
      env: { ...process.env, FOYER_JOBS: '2', FOYER_NATIVE_CACHE: nativeCache },
    });
    assert.equal(staged.status, 0, staged.stdout + staged.stderr);

    // The app: every compiled module, none of the tests.
    const built = filesUnder(join(src, 'dist')).map((path) => relative(src, path));
    const installed = new Set(filesUnder(join(dest, 'dist')).map((path) => relative(dest, path)));
    for (const file of built) {
      const isTest = file.endsWith('.test.js') || file.startsWith('dist/test/') || file.startsWith('dist/bench/');
      if (file.endsWith('.js')) assert.equal(installed.has(file), !isTest, file);
    }
    assert.ok(existsSync(join(dest, 'package.json')));
    // The web app as built (dist/web), not its sources; no source maps on the box.
    assert.ok(existsSync(join(dest, 'dist/web/index.html')), 'the web app is installed');
    assert.ok(!existsSync(join(dest, 'web')), 'the web sources stay behind');
    assert.deepEqual(filesUnder(join(dest, 'dist')).filter((path) => path.endsWith('.map')), []);

    // Run-time packages only: no compiler, no prebuilt binaries for other platforms.
    for (const devTool of ['typescript', 'node-gyp', '@types/node']) {
      assert.ok(!existsSync(join(dest, 'node_modules', devTool)), `${devTool} is not installed`);
    }
    assert.ok(!existsSync(join(dest, 'node_modules/@lmdb')), 'no prebuilt lmdb: it is compiled');
    const addons = filesUnder(join(dest, 'node_modules')).filter((path) => path.endsWith('.node'))
      .map((path) => relative(dest, path)).sort();
    const abi = process.versions.modules;
    const uwsBinary = `node_modules/uws-pack/dist/bin/uws_linux_${process.arch}_${abi}.node`;
    assert.deepEqual(addons, ['node_modules/lmdb/build/Release/lmdb.node', uwsBinary].sort());

    // lmdb, compiled by the recipe, stores and reads back.
    const lmdb = runNode(dest, `
      const { open } = require('lmdb');
      const db = open({ path: ${JSON.stringify(join(work, 'db'))} });
      db.putSync('greeting', { text: 'hello' });
      console.log(JSON.stringify(db.get('greeting')));
      db.close();`);
    assert.equal(lmdb.status, 0, lmdb.stderr);
    assert.equal(lmdb.stdout.trim(), '{"text":"hello"}');

    // uWebSockets.js loads its native build for this Node.js ABI.
    const uws = runNode(dest, "import('uws-pack').then((uws) => console.log(typeof uws.App));");
    assert.equal(uws.status, 0, uws.stderr);
    assert.equal(uws.stdout.trim(), 'function');

    // The project's parser addon, once the project has one (binding.gyp at its root).
    if (existsSync(join(src, 'binding.gyp'))) {
      const ownAddons = filesUnder(join(dest, 'build/Release')).filter((path) => path.endsWith('.node'));
      assert.equal(ownAddons.length, 1, 'the parser addon is installed');
      const loaded = runNode(dest, `process.dlopen({ exports: {} }, ${JSON.stringify(ownAddons[0])});`);
      assert.equal(loaded.status, 0, loaded.stderr);
      const parser = runNode(dest, `
        import('./dist/native/expat-stream/index.js').then(({ StreamParser }) => {
          const names = [];
          const parser = new StreamParser({ onStanza: (element) => names.push(element.name) });
          parser.write(Buffer.from('<stream:stream xmlns="jabber:client" ' +
            'xmlns:stream="http://etherx.jabber.org/streams"><message><body>hi</body></message>'));
          console.log(names.join());
        });`);
      assert.equal(parser.status, 0, parser.stderr);
      assert.equal(parser.stdout.trim(), 'message');
    }

    // The daemon the box runs (foyer-run: dist/src/daemon/foyer-daemon.js, one bundled file)
    // starts from the staged tree alone and serves the web app.
    const served = await serveFromStagedTree(dest, join(work, 'data'));
    assert.equal(served.status, 200);
    assert.match(served.body, /<script[^>]+src="\/assets\/main-[^"]+\.js"/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** Starts the staged daemon as foyer-run does (against an XMPP server that nobody needs until
 *  someone logs in), fetches / and stops it. */
async function serveFromStagedTree(dest: string, dataDir: string): Promise<{ status: number; body: string }> {
  const daemon = spawn(process.execPath, [...DAEMON_NODE_FLAGS, 'dist/src/daemon/foyer-daemon.js'], {
    cwd: dest,
    env: { ...process.env, FOYER_DATA: dataDir, FOYER_PORT: '0', FOYER_BIND: '127.0.0.1', FOYER_XMPP: '127.0.0.1:5222', FOYER_WEB_ROOT: join(dest, 'dist/web') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const serving = /Foyer is serving (http:\/\/\S+)/.exec(output);
        if (serving) resolve(serving[1]!.replace('localhost', '127.0.0.1'));
      };
      daemon.stdout.on('data', onData);
      daemon.stderr.on('data', onData);
      daemon.once('exit', (code) => reject(new Error(`the staged daemon exited (${code}): ${output}`)));
    });
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  } finally {
    // A daemon that exited by itself has already fired 'exit': waiting for it would hang.
    if (daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGTERM');
      await once(daemon, 'exit');
    }
  }
}
