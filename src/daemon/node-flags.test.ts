import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DAEMON_NODE_FLAGS } from './node-flags.js';

const repo = new URL('../../../', import.meta.url);

test('npm start and the image run the daemon with the flags the memory bench measures', () => {
  const start = (JSON.parse(readFileSync(new URL('package.json', repo), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const serviceScript = readFileSync(new URL('image/board/common/rootfs-overlay/usr/libexec/foyer/foyer-run', repo), 'utf8');
  const nodeOptions = /NODE_OPTIONS="([^"]*)"/.exec(serviceScript)?.[1] ?? '';
  assert.ok(DAEMON_NODE_FLAGS.length > 0);
  for (const flag of DAEMON_NODE_FLAGS) {
    assert.ok(start.split(' ').includes(flag), `package.json start script lacks ${flag}: ${start}`);
    assert.ok(nodeOptions.split(' ').includes(flag), `foyer-run's NODE_OPTIONS lack ${flag}: ${nodeOptions}`);
  }
});
