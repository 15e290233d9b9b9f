#!/usr/bin/env node
// Bundles the compiled daemon (dist/src/daemon/main.js) into one minified file,
// dist/src/daemon/foyer-daemon.js, which `npm start`, the image's service and the benches
// run. Why: V8 keeps every module's source text in the heap, comments included; one minified
// file instead of ~200 modules (lmdb's and msgpackr's included) takes about 3 MiB off the
// idle daemon's RSS (bench/README.md, "Base RSS"). Names are kept so stack traces stay
// readable; the source map is written beside the bundle for reading them, never loaded.
//
// Packages that load native addons or require at run time stay external: uWebSockets.js,
// node-gyp-build and lmdb's fork of it, and htmlparser2 (loaded on first use).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const EXTERNAL = ['uws-pack', 'node-gyp-build', 'node-gyp-build-optional-packages', 'msgpackr-extract', 'htmlparser2'];

/** `import.meta.url` keeps meaning the module's own file inside the bundle (the parser finds
 *  its addon from it, lmdb its addon and compression dictionary), relative to the bundle so
 *  the installed tree can live anywhere (the box: /usr/lib/foyer). */
function moduleUrlsRelativeTo(bundleDir) {
  return {
    name: 'module-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.js$/ }, async ({ path }) => {
        const text = await readFile(path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const fromBundle = relative(bundleDir, path).split(sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
}

async function bundle(entry, outfile) {
  const result = await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    keepNames: true,
    sourcemap: 'external',
    external: EXTERNAL,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // msgpackr's optional native string extractor (msgpackr-extract) stays off in the box's
    // daemon: measured here it costs 4 MiB of RSS idle and 2 MiB with 20 users, for decoding
    // the short strings of cache records, which msgpackr's JS decoder does well enough.
    define: { 'process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED': '"true"' },
    plugins: [moduleUrlsRelativeTo(dirname(join(root, outfile)))],
  });
  const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
  console.log(`${outfile}: ${(bytes / 1024).toFixed(0)} KiB`);
}

await bundle('dist/src/daemon/main.js', 'dist/src/daemon/foyer-daemon.js');
// The benches' daemon child, bundled the same way, so they measure what the box runs.
await bundle('dist/bench/support/daemon-child.js', 'dist/bench/support/daemon-child.bundle.js');
