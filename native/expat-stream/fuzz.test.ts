// A short libFuzzer run over the C++ core with AddressSanitizer and UBSan
// (fuzz/run.sh; the longer run is described in README.md).

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SECONDS = Number(process.env.FOYER_FUZZ_SECONDS ?? 45);
const hasClang = spawnSync('clang++', ['--version'], { stdio: 'ignore' }).status === 0;

it(`fuzzes StreamCore for ${SECONDS} s with ASan and UBSan`, { skip: hasClang ? false : 'clang++ is missing (Debian packages clang and libclang-rt-14-dev)' }, () => {
  const result = spawnSync('bash', [join(ROOT, 'native/expat-stream/fuzz/run.sh'), String(SECONDS)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.stderr}`;
  const tail = output.slice(-4000);
  assert.equal(result.status, 0, `fuzzer failed:\n${tail}`);
  assert.doesNotMatch(output, /ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:/, tail);
  assert.match(output, /Done \d+ runs in \d+ second/, 'the fuzzer ran to its time limit');
});
