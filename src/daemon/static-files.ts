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

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt', '.map']);
const HASHED_NAME = /[.-][0-9a-zA-Z_-]{8,}\.(js|css|woff2|png|svg|webp)$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });
}

/** Maps URL paths (`/`, `/app.js`) to files; an absent root gives an empty map. */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(root) || !statSync(root).isDirectory()) return files;
  for (const path of walk(root)) {
    const urlPath = '/' + relative(root, path).split(sep).join('/');
    const extension = extname(path).toLowerCase();
    const body = readFileSync(path);
    const gzipped = COMPRESSIBLE.has(extension) && body.length > 512 ? gzipSync(body, { level: 9 }) : null;
    files.set(urlPath, {
      body,
      gzipped: gzipped && gzipped.length < body.length ? gzipped : null,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: HASHED_NAME.test(urlPath),
    });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}
