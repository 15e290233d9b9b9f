// The parser's vector code against plain references on generated text
// (fuzz/vector_code_test.cc): the UTF-8 check's block engine (src/utf8_blocks.cc: SSSE3
// here, NEON on the box) against its automaton, and the transcoder's 16-byte copies
// against a plain decoder. Built with ASan and UBSan for this machine, without SSE for the
// transcoder's portable path, and cross-built for AArch64 and run under qemu, the only way
// the box's NEON code runs before it reaches a box.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOURCES = ['fuzz/vector_code_test.cc', 'src/utf8_validator.cc', 'src/utf8_blocks.cc', 'src/utf16_transcoder.cc'].map((file) =>
  join(ROOT, 'native/expat-stream', file),
);
const OUT = join(ROOT, 'build/vector-code');
const CASES = '200000';
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

const PASSED = new RegExp(`^${CASES} cases, [1-9]\\d* invalid, the check's engines agree; [1-9]\\d* transcoded as the plain decoder does`);

it(`matches the plain references on ${CASES} generated texts (this machine, ASan and UBSan, seed ${SEED})`, () => {
  const binary = join(OUT, 'vector_code_test');
  build('g++', binary, ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']);
  assert.match(run(binary, [CASES, SEED]), PASSED);
});

it(`matches the plain references on ${CASES} generated texts with the transcoder's portable path (built without SSE, seed ${SEED})`, () => {
  // what a CPU that is neither x86-64 nor AArch64 runs: the transcoder copies byte by byte
  const binary = join(OUT, 'vector_code_test-portable');
  build('g++', binary, ['-mno-sse', '-mno-sse2']);
  assert.match(run(binary, [CASES, SEED]), PASSED);
});

const crossTools = available('aarch64-linux-gnu-g++') && available('qemu-aarch64');

it(`matches the plain references on ${CASES} generated texts on AArch64 (NEON, under qemu, seed ${SEED})`, {
  skip: crossTools ? false : 'aarch64-linux-gnu-g++ or qemu-aarch64 is missing (Debian packages g++-aarch64-linux-gnu, qemu-user)',
}, () => {
  const binary = join(OUT, 'vector_code_test-aarch64');
  // expat.h (stream_core.h includes it) from this machine's headers; nothing links expat
  build('aarch64-linux-gnu-g++', binary, ['-static', '-idirafter', '/usr/include']);
  assert.match(run('qemu-aarch64', [binary, CASES, SEED]), PASSED);
});
