#!/usr/bin/env node
// Runs every compiled bench (dist/bench/**/*.bench.js) one after another; each prints its
// figures. Arguments are path substrings choosing which benches run, e.g.
// `node scripts/run-benches.mjs linearity`; options after `--` go to every bench run
// (`node scripts/run-benches.mjs streams -- --runs 1`).
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist', 'bench');

function findBenches(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findBenches(path);
    return entry.name.endsWith('.bench.js') ? [path] : [];
  });
}

const separator = process.argv.indexOf('--');
const filter = process.argv.slice(2, separator === -1 ? undefined : separator);
const benchArgs = separator === -1 ? [] : process.argv.slice(separator + 1);
const benches = findBenches(dist)
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort();
if (benches.length === 0) {
  console.error(`run-benches: no bench matches ${filter.join(' ') || '(all)'} in dist/bench (run npm run build first)`);
  process.exit(1);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\nrun-benches: ${relative(root, bench)}`);
  const result = spawnSync(process.execPath, ['--enable-source-maps', bench, ...benchArgs], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    console.error(`run-benches: ${relative(root, bench)} failed (exit ${result.status ?? result.signal})`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
