import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadStaticFiles } from './static-files.js';

test('the web app is served from memory, gzipped where it helps; source maps are read from disk when asked', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'foyer-static-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  const script = 'console.log("hello, family");\n'.repeat(40);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Foyer</title>');
  writeFileSync(join(root, 'assets/main-ABCDEFGH.js'), script);
  writeFileSync(join(root, 'assets/main-ABCDEFGH.js.map'), '{"version":3,"sources":[]}');

  const files = loadStaticFiles(root);
  assert.equal(files.get('/')?.body.toString(), '<!doctype html><title>Foyer</title>');
  const app = files.get('/assets/main-ABCDEFGH.js')!;
  assert.equal(app.contentType, 'text/javascript; charset=utf-8');
  assert.equal(app.immutable, true);
  assert.equal(gunzipSync(app.gzipped!).toString(), script);
  assert.equal(files.get('/missing.js'), undefined);

  // Read on each request, not at start: a rebuilt map is what the next request gets.
  writeFileSync(join(root, 'assets/main-ABCDEFGH.js.map'), '{"version":3,"sources":["main.ts"]}');
  const map = files.get('/assets/main-ABCDEFGH.js.map')!;
  assert.equal(map.body.toString(), '{"version":3,"sources":["main.ts"]}');
  assert.equal(map.contentType, 'application/json; charset=utf-8');
  rmSync(join(root, 'assets/main-ABCDEFGH.js.map'));
  assert.equal(files.get('/assets/main-ABCDEFGH.js.map'), undefined);
});

test('an absent web root serves nothing', () => {
  assert.equal(loadStaticFiles(join(tmpdir(), 'foyer-no-such-web-root')).get('/'), undefined);
});
