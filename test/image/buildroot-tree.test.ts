// The external tree against a real Buildroot release tree (BUILDROOT_DIR): every defconfig
// loads in Buildroot's Kconfig with each of its lines intact (Kconfig silently drops unknown
// symbols and symbols whose dependencies are unmet), and utils/check-package finds nothing.
// Buildroot is not part of the project: without BUILDROOT_DIR these tests are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { imageDir } from './paths.js';

const buildroot = process.env.BUILDROOT_DIR;
const skip = buildroot
  ? false
  : 'BUILDROOT_DIR is not set: point it at a Buildroot ' +
    `${readFileSync(join(imageDir, 'buildroot-release'), 'utf8').trim()} tree to check the defconfigs and packages`;

function run(command: string, args: string[], cwd?: string): string {
  const env = { ...process.env };
  for (const name of ['MAKEFLAGS', 'MAKELEVEL', 'MFLAGS', 'O', 'BR2_EXTERNAL', 'BR2_DEFCONFIG', 'BR2_CONFIG']) delete env[name];
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

/** Symbol → value of a Kconfig file; `# X is not set` reads as 'n'. */
function readConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const unset = /^# (BR2_\w+) is not set$/.exec(line);
    if (unset) values.set(unset[1]!, 'n');
    const set = /^(BR2_\w+)=(.*)$/.exec(line);
    if (set) values.set(set[1]!, set[2]!);
  }
  return values;
}

test('the pinned Buildroot release is the one in BUILDROOT_DIR', { skip }, () => {
  const pinned = readFileSync(join(imageDir, 'buildroot-release'), 'utf8').trim();
  const makefile = readFileSync(join(buildroot!, 'Makefile'), 'utf8');
  assert.equal(/^export BR2_VERSION := (.*)$/m.exec(makefile)?.[1], pinned);
});

test('every defconfig keeps all its lines in Buildroot Kconfig', { skip }, () => {
  const defconfigs = readdirSync(join(imageDir, 'configs')).filter((name) => name.endsWith('_defconfig'));
  assert.ok(defconfigs.length >= 4, 'one defconfig per board family');
  const out = mkdtempSync(join(tmpdir(), 'foyer-kconfig-'));
  try {
    const dropped: string[] = [];
    for (const name of defconfigs) {
      const log = run('make', ['-s', '-C', buildroot!, `O=${out}`, `BR2_EXTERNAL=${imageDir}`, name]);
      assert.doesNotMatch(log, /warning/i, `${name}: Kconfig warnings:\n${log}`);
      const result = readConfig(readFileSync(join(out, '.config'), 'utf8'));
      assert.notEqual(result.get('BR2_LEGACY'), 'y', `${name} sets a legacy option`);
      for (const [symbol, wanted] of readConfig(readFileSync(join(imageDir, 'configs', name), 'utf8'))) {
        const got = result.get(symbol) ?? 'n';
        if (got !== wanted) dropped.push(`${name}: ${symbol}=${wanted} became ${got}`);
      }
    }
    assert.deepEqual(dropped, []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

function pythonWithCheckPackageModules(): string | undefined {
  return ['python3', '/usr/bin/python3'].find(
    (python) => spawnSync(python, ['-c', 'import magic, flake8'], { stdio: 'ignore' }).status === 0,
  );
}

test('utils/check-package finds nothing in the external tree', { skip }, (t) => {
  const python = pythonWithCheckPackageModules();
  if (!python) {
    t.skip('no python3 with the magic and flake8 modules (Debian: python3-magic flake8)');
    return;
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(imageDir, path));
    }
  };
  walk(imageDir);
  const output = run(python, [join(buildroot!, 'utils/check-package'), '--br2-external', ...files.sort()], imageDir);
  assert.match(output, /^[1-9]\d* lines processed$/m, output);
  assert.match(output, /^0 warnings generated$/m, output);
});
