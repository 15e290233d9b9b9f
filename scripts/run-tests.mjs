#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with the node:test runner.
// Node 20 takes paths, not globs, after --test, so the list is built here; the run
// fails when a *.test.ts source has no compiled test beside it in dist/, so a build
// that silently drops tests cannot pass.
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findFiles(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const sources = ['src', 'native', 'test', 'bench'].flatMap((dir) => findFiles(join(root, dir), '.test.ts'));
const missing = sources.filter((source) => !existsSync(join(dist, relative(root, source)).replace(/\.ts$/, '.js')));
if (missing.length > 0) {
  console.error(`run-tests: not compiled (run npm run build): ${missing.map((file) => relative(root, file)).join(', ')}`);
  process.exit(1);
}
const files = findFiles(dist, '.test.js')
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort();
console.log(`run-tests: ${files.length} test files`);
for (const file of files) console.log(`  ${relative(root, file)}`);

const concurrency = process.env.FOYER_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  // --test-force-exit: a test file ends when its tests and after-hooks are done, even if a
  // client's idle keep-alive socket to an in-process uWS server (which cannot close existing
  // connections) would keep its event loop alive.
  ['--enable-source-maps', '--test', '--test-force-exit', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
