#!/usr/bin/env node
// Builds the web app into dist/web: the bundled, minified app (hashed names, so browsers may
// keep them for a year), index.html pointing at them, the manifest and icons, and the
// service worker with this build's shell list. Prints the sizes and fails when the initial
// JavaScript passes the budget (100 KB gzipped, issue 5).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { iconPng, iconSvg } from './web-icons.mjs';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');
const out = join(root, 'dist/web');
const JS_BUDGET_GZIPPED = 100 * 1024;

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'icons'), { recursive: true });

const app = await build({
  entryPoints: [join(web, 'src/main.ts'), join(web, 'styles/app.css')],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  // light-dark() in the stylesheet sets the floor: Chrome 123, Firefox 120, Safari 17.5.
  target: ['es2022', 'chrome123', 'firefox120', 'safari17.5'],
  sourcemap: 'linked',
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
});

const urlOf = (file) => '/' + relative(out, join(root, file)).split('\\').join('/');
const outputs = Object.entries(app.metafile.outputs).filter(([file]) => !file.endsWith('.map'));
const script = outputs.find(([, meta]) => meta.entryPoint?.endsWith('main.ts'))[0];
const style = outputs.find(([file]) => file.endsWith('.css'))[0];

writeFileSync(
  join(out, 'index.html'),
  readFileSync(join(web, 'index.html'), 'utf8').replace('%APP_JS%', urlOf(script)).replace('%APP_CSS%', urlOf(style)),
);
cpSync(join(web, 'static'), out, { recursive: true });
writeFileSync(join(out, 'icons/icon.svg'), iconSvg());
writeFileSync(join(out, 'icons/icon-192.png'), iconPng(192, { rounded: true }));
writeFileSync(join(out, 'icons/icon-512.png'), iconPng(512, { rounded: true }));
writeFileSync(join(out, 'icons/icon-maskable-512.png'), iconPng(512, { rounded: false }));
writeFileSync(join(out, 'icons/apple-touch-icon.png'), iconPng(180, { rounded: false }));

// The shell: everything the app needs to open with no network. "/" is index.html.
const shellFiles = ['index.html', 'manifest.webmanifest', 'icons/icon.svg', 'icons/icon-192.png', 'icons/apple-touch-icon.png']
  .map((file) => join(out, file))
  .concat(outputs.map(([file]) => join(root, file)));
const version = createHash('sha256');
for (const file of shellFiles) version.update(relative(out, file)).update(readFileSync(file));
const shell = ['/', ...shellFiles.filter((file) => !file.endsWith('index.html')).map((file) => '/' + relative(out, file))];

await build({
  entryPoints: [join(web, 'sw/service-worker.ts')],
  outfile: join(out, 'sw.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  define: { FOYER_BUILD: JSON.stringify({ version: version.digest('hex').slice(0, 16), shell }) },
  logLevel: 'warning',
});

const sizes = [];
for (const [file, meta] of outputs) {
  const body = readFileSync(join(root, file));
  sizes.push({ url: urlOf(file), bytes: body.length, gzipped: gzipSync(body, { level: 9 }).length, isScript: file.endsWith('.js'), inputs: Object.keys(meta.inputs).length });
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const size of sizes) console.log(`build-web: ${size.url}  ${kb(size.bytes)}  (${kb(size.gzipped)} gzipped)`);
const initialJs = sizes.filter((size) => size.isScript).reduce((sum, size) => sum + size.gzipped, 0);
console.log(`build-web: initial JS ${kb(initialJs)} gzipped (budget ${kb(JS_BUDGET_GZIPPED)}), ${shell.length} shell files cached by sw.js`);
if (initialJs > JS_BUDGET_GZIPPED) {
  console.error('build-web: the initial JavaScript is over budget');
  process.exit(1);
}
