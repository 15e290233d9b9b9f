#!/usr/bin/env node
// copy-runtime-modules.mjs SRC DEST ARCH ABI
// Copies the npm packages Foyer needs at run time from SRC/node_modules to DEST/node_modules,
// following SRC/package-lock.json (the versions and sha512 integrity npm ci checked):
// - dev dependencies are left out (TypeScript, node-gyp, test tools);
// - optional dependencies are left out: each is a prebuilt binary for some platform (lmdb is
//   compiled from source instead) or an optional speed-up addon with a JS fallback;
// - of uWebSockets.js's prebuilt binaries only uws_linux_<ARCH>_<ABI>.node is kept (and it
//   must exist);
// - compiler leftovers are left out: of an addon's build/ only build/Release/*.node is kept.
// Prints one line per kept native addon.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const [src, dest, arch, abi] = process.argv.slice(2);
if (!src || !dest || !arch || !abi) {
  console.error('usage: copy-runtime-modules.mjs SRC DEST ARCH ABI');
  process.exit(2);
}

const lock = JSON.parse(readFileSync(join(src, 'package-lock.json'), 'utf8'));
const runtimePackages = Object.entries(lock.packages ?? {})
  .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional && !entry.optional)
  .map(([path]) => path);

function keepFile(packageDir, isAddon, file) {
  const inside = relative(packageDir, file).split(sep);
  if (inside[0] === 'node_modules') return false;  // nested packages are copied on their own
  if (isAddon && inside[0] === 'build' && inside.length > 1) {
    return inside[1] === 'Release' && (inside.length === 2 || (inside.length === 3 && inside[2].endsWith('.node')));
  }
  return true;
}

for (const path of runtimePackages) {
  const from = join(src, path);
  if (!existsSync(from)) {
    console.error(`copy-runtime-modules: ${path} is in package-lock.json but not installed: run npm ci first`);
    process.exit(1);
  }
  const isAddon = existsSync(join(from, 'binding.gyp'));
  cpSync(from, join(dest, path), { recursive: true, filter: (file) => keepFile(from, isAddon, file) });
}

// uWebSockets.js (npm: uws-pack, upstream's release binaries for every platform and Node.js
// ABI): the box keeps the one it runs. The package has no fallback, so a missing one is an
// error here rather than a daemon that cannot start on the box.
const uwsBinaries = join(dest, 'node_modules/uws-pack/dist/bin');
if (existsSync(uwsBinaries)) {
  const wanted = `uws_linux_${arch}_${abi}.node`;
  if (!existsSync(join(uwsBinaries, wanted))) {
    console.error(`copy-runtime-modules: this uws-pack release ships no ${wanted} (Node.js ABI ${abi} on linux-${arch})`);
    process.exit(1);
  }
  for (const name of readdirSync(uwsBinaries)) {
    if (name !== wanted) rmSync(join(uwsBinaries, name));
  }
}

function listAddons(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listAddons(path);
    return entry.name.endsWith('.node') ? [path] : [];
  });
}
for (const addon of listAddons(join(dest, 'node_modules'))) console.log(relative(dest, addon));
