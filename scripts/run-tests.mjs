#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with the node:test runner.
// Node 20 takes paths, not globs, after --test, so the list is built here; the run
// fails when fewer test files are found than test/min-test-files records, so a
// build that silently drops tests cannot pass.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = findTests(dist)
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort();
const floor = Number(readFileSync(join(root, 'test/min-test-files'), 'utf8').trim());
if (filter.length === 0 && files.length < floor) {
  console.error(`run-tests: found ${files.length} test files, expected at least ${floor} (test/min-test-files)`);
  process.exit(1);
}
console.log(`run-tests: ${files.length} test files`);
for (const file of files) console.log(`  ${relative(root, file)}`);

const concurrency = process.env.FOYER_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
