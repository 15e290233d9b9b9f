// The built web app, loaded into memory once at start (it is small: the issue budgets the
// initial JS under 100 KB gzipped) with a gzip copy of each compressible file, so serving a
// page costs no disk read and no compression on a Pi.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, extname, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

export interface StaticFile {
  body: Buffer;
  gzipped: Buffer | null;
  contentType: string;
  etag: string;
  /** Hashed asset names never change content, so browsers may keep them for a year. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt']);
const HASHED_NAME = /[.-][0-9a-zA-Z_-]{8,}\.(js|css|woff2|png|svg|webp)$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });
}

/** The web app by URL path (`/`, `/assets/main-….js`). */
export interface StaticFiles {
  get(urlPath: string): StaticFile | undefined;
}

/** Loads the files under root (an absent root serves nothing). Source maps stay on disk and
 *  are read when asked: only a developer's tools ask, and held in memory they would cost the
 *  box more than the app itself (the image does not ship them at all). */
export function loadStaticFiles(root: string): StaticFiles {
  const files = new Map<string, StaticFile>();
  const sourceMaps = new Map<string, string>();
  if (!existsSync(root) || !statSync(root).isDirectory()) return files;
  for (const path of walk(root)) {
    const urlPath = '/' + relative(root, path).split(sep).join('/');
    if (urlPath.endsWith('.map')) sourceMaps.set(urlPath, path);
    else files.set(urlPath, staticFile(urlPath, readFileSync(path)));
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return {
    get(urlPath) {
      const sourceMap = sourceMaps.get(urlPath);
      if (sourceMap === undefined || !existsSync(sourceMap)) return files.get(urlPath);
      return staticFile(urlPath, readFileSync(sourceMap));
    },
  };
}

function staticFile(urlPath: string, body: Buffer): StaticFile {
  const extension = extname(urlPath).toLowerCase();
  const gzipped = COMPRESSIBLE.has(extension) && body.length > 512 ? gzipSync(body, { level: 9 }) : null;
  return {
    body,
    gzipped: gzipped && gzipped.length < body.length ? gzipped : null,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    immutable: HASHED_NAME.test(urlPath),
  };
}
