// A small RAM file system for tests that need a real full disk. Needs root (mount); returns
// the reason instead when mounting is not permitted, so the test can skip and say why.
// The caller unmounts (after closing what it opened there) with `unmount()`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  path: string;
  unmount(): void;
}

export function mountTmpfs(sizeBytes: number): Tmpfs | { refused: string } {
  const path = mkdtempSync(join(tmpdir(), 'foyer-tmpfs-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', path], { encoding: 'utf8' });
  if (mount.status !== 0) {
    rmdirSync(path);
    return { refused: `mount -t tmpfs is not permitted here: ${(mount.stderr || mount.error?.message || '').trim()}` };
  }
  return {
    path,
    unmount() {
      const result = spawnSync('umount', [path], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`umount ${path} failed: ${result.stderr}`);
      rmdirSync(path);
    },
  };
}
