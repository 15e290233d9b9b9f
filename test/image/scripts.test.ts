// Static checks of the external tree that need no Buildroot: every shell script is
// shellcheck-clean (as Buildroot's check-package runs it), and the committed defconfigs are
// the ones make-defconfigs.sh writes from the board fragments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageDir } from './paths.js';

function shellScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return shellScripts(path);
    const head = readFileSync(path, 'utf8').slice(0, 200);
    return /^#!\s*\/(usr\/)?bin\/(env )?(ba)?sh\b|^# shellcheck shell=/.test(head) ? [path] : [];
  });
}

test('every shell script of the image is shellcheck-clean', () => {
  const scripts = shellScripts(imageDir);
  const names = scripts.map((path) => path.slice(imageDir.length + 1));
  for (const expected of ['board/common/post-build.sh', 'board/common/post-image.sh', 'package/foyer/stage.sh',
    'board/common/rootfs-overlay/etc/init.d/S03foyer-data', 'board/common/rootfs-overlay/usr/libexec/foyer/foyer-run']) {
    assert.ok(names.includes(expected), `${expected} is found and checked`);
  }
  const result = spawnSync('shellcheck', ['--external-sources', ...scripts], { encoding: 'utf8' });
  assert.equal(result.error, undefined, 'shellcheck is installed (scripts/debian-packages)');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('the defconfigs are generated from the board fragments', () => {
  const result = spawnSync('sh', [join(imageDir, 'make-defconfigs.sh'), '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
