// The UTF-8 check's block engine (src/utf8_blocks.cc: SSSE3 here, NEON on the box) against
// its automaton, on generated text fed in random chunks (fuzz/utf8_engines_test.cc): built
// with ASan and UBSan for this machine, and cross-built for AArch64 and run under qemu, the
// only way the box's NEON code runs before it reaches a box.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOURCES = ['fuzz/utf8_engines_test.cc', 'src/utf8_validator.cc', 'src/utf8_blocks.cc'].map((file) =>
  join(ROOT, 'native/expat-stream', file),
);
const OUT = join(ROOT, 'build/utf8-engines');
const CASES = '300000';
const SEED = String(Date.now() % 1_000_000);

function available(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${output.slice(-4000)}`);
  return output;
}

function build(compiler: string, output: string, flags: string[]): void {
  mkdirSync(OUT, { recursive: true });
  run(compiler, ['-std=c++17', '-O1', '-g', '-Wall', '-Wextra', '-Werror', `-I${join(ROOT, 'native/expat-stream/src')}`,
    ...flags, ...SOURCES, '-o', output]);
}

it(`agrees with the automaton on ${CASES} generated texts (x86-64 or this machine, ASan and UBSan, seed ${SEED})`, () => {
  const binary = join(OUT, 'utf8_engines_test');
  build('g++', binary, ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']);
  assert.match(run(binary, [CASES, SEED]), new RegExp(`^${CASES} cases, [1-9]\\d* invalid, the engines agree`));
});

const crossTools = available('aarch64-linux-gnu-g++') && available('qemu-aarch64');

it(`agrees with the automaton on ${CASES} generated texts on AArch64 (NEON, under qemu, seed ${SEED})`, {
  skip: crossTools ? false : 'aarch64-linux-gnu-g++ or qemu-aarch64 is missing (Debian packages g++-aarch64-linux-gnu, qemu-user)',
}, () => {
  const binary = join(OUT, 'utf8_engines_test-aarch64');
  build('aarch64-linux-gnu-g++', binary, ['-static']);
  assert.match(run('qemu-aarch64', [binary, CASES, SEED]), new RegExp(`^${CASES} cases, [1-9]\\d* invalid, the engines agree`));
});
