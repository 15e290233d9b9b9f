// Shared files (XEP-0363 HTTP File Upload) as the daemon handles them:
// - POST /api/upload: a browser's file, streamed into an upload slot the user's session
//   asks the XMPP server for; answers the message attachment.
// - /file_share/…: forwarded to the bundled Prosody's HTTP file share, so the files have
//   URLs on the daemon's own origin (the page's CSP stays 'self') which other XMPP clients
//   fetch (and upload to) too: Prosody's http_external_url is the daemon's public URL.
// Files are served so they can never act as a page of Foyer's origin: only photos, videos
// and sound are inline, everything else is a download, all under a sandboxing CSP.
// References: XEP-0363 v1.1 §4-§6, RFC 9110 §8.3 (Content-Type), §14 (Range), RFC 6266
// (Content-Disposition), Fetch "X-Content-Type-Options: nosniff", CSP3 sandbox.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HttpRequest, HttpResponse } from 'uws-pack';
import type { Attachment } from '../linker/features/chat/attachment.js';
import { UploadError } from '../linker/features/upload/errors.js';
import type { Slot, UploadService } from '../linker/features/upload/events.js';
import { DaemonError } from './errors.js';
import { ResponseState, requestBody, streamReply } from './http-streams.js';
import { replyJson } from './replies.js';
import type { UserService } from './users.js';

/** Where Prosody's mod_http_file_share serves (its default path, "file_share"). */
export const FILE_SHARE_PATH = '/file_share/';

export interface FileShareOptions {
  users: UserService;
  /** The daemon's public base URL: slot URLs under it are this daemon's own /file_share/. */
  publicUrl: string;
  /** The file share's local base URL (Prosody's HTTP port); null: nothing to forward to. */
  backendUrl: string | null;
  log: (line: string) => void;
}

/** Media types a browser shows without running anything: served inline, all else downloads. */
const INLINE_MEDIA_TYPES = new Set([
  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif',
  'video/mp4', 'video/webm', 'video/ogg',
  'audio/mpeg', 'audio/ogg', 'audio/mp4', 'audio/webm', 'audio/wav', 'audio/aac', 'audio/flac',
]);

/** Response headers of the file share passed on; framing, cookies and the like are not. */
const RELAYED_RESPONSE_HEADERS = [
  'content-type', 'content-range', 'accept-ranges', 'last-modified', 'etag', 'cache-control', 'expires',
  'www-authenticate', 'allow',
  'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-max-age', 'access-control-expose-headers',
];

/** Request headers passed to the file share: conditional and range reads, PUT and CORS preflight. */
const RELAYED_REQUEST_HEADERS = [
  'range', 'if-range', 'if-modified-since', 'if-none-match',
  'content-type', 'content-length', 'authorization', 'expires',
  'origin', 'access-control-request-method', 'access-control-request-headers',
];

/** Shared files must never run as a page of this origin, even opened directly. */
const FILE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  // Other XMPP web clients may show the photos (their URLs are the capability).
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
];

const MAX_DIMENSION = 100_000;
/** An error page of the file share without Content-Length is read up to this much. */
const MAX_UNSIZED_BODY = 64 * 1024;
/** An upload stalled this long (a phone gone out of range) is given up. */
const TRANSFER_IDLE_MS = 120_000;

interface UploadRequest {
  name: string;
  size: number;
  mediaType: string;
  width?: number;
  height?: number;
}

export class FileShare {
  readonly #options: FileShareOptions;

  constructor(options: FileShareOptions) {
    this.#options = options;
  }

  /** The absolute URL prefix of this box's shared files as slots name them (the public
   *  address), or null when the box keeps none: the web app shows such URLs through the
   *  origin it was opened with, which need not be the public one (docs/protocol.md). */
  get publicFilesUrl(): string | null {
    return this.#options.backendUrl === null ? null : this.#options.publicUrl + FILE_SHARE_PATH.slice(1);
  }

  /** GET /api/upload: the limit, so a browser can refuse a too-large file before sending it. */
  limits(res: HttpResponse, jid: string): void {
    const state = new ResponseState(res);
    this.#options.users.call(jid, 'upload.service-get', {}).then(
      (service) => {
        if (state.isOpen) replyJson(res, '200 OK', { maxFileSize: (service as UploadService).maxFileSize });
      },
      (error: unknown) => this.#replyError(res, state, error, false),
    );
  }

  /** POST /api/upload for a logged-in user; called synchronously in the route handler. */
  upload(res: HttpResponse, req: HttpRequest, jid: string): void {
    const state = new ResponseState(res);
    const parsed = readUploadRequest(req);
    if ('refusal' in parsed) {
      replyJson(res, parsed.status, { error: { code: 'E_RPC_BAD_REQUEST', message: parsed.refusal } }, true);
      state.answered = true;
      return;
    }
    const body = requestBody(res, state);
    let isBodyRead = false;
    body.once('end', () => {
      isBodyRead = true;
    });
    void (async () => {
      try {
        const { name, size, mediaType } = parsed;
        const slot = (await this.#options.users.call(jid, 'upload.slot-request', { name, size, mediaType })) as Slot;
        const status = await put(this.#localUrl(slot.put.url), slot.put.headers, parsed, body);
        if (status !== 200 && status !== 201) {
          throw new UploadError('E_UPLOAD_TRANSFER', 'undefined-condition', `The box's file store refused the file (HTTP ${status}).`);
        }
        const attachment: Attachment = {
          url: slot.get.url, name, mediaType, size,
          ...(parsed.width !== undefined && { width: parsed.width }),
          ...(parsed.height !== undefined && { height: parsed.height }),
        };
        if (state.isOpen) replyJson(res, '200 OK', { attachment });
        state.answered = true;
      } catch (error) {
        body.destroy();
        this.#replyError(res, state, error, !isBodyRead);
      }
    })();
  }

  /** Any request under /file_share/: forwarded to the file share, answers hardened. */
  forward(res: HttpResponse, req: HttpRequest): void {
    const backend = this.#options.backendUrl;
    const method = req.getMethod();
    const path = req.getUrl();
    if (!backend) return void replyJson(res, '404 Not Found', { error: { code: 'E_UPLOAD_NO_SERVICE', message: 'This box keeps no shared files.' } }, true);
    if (!['get', 'head', 'put', 'options'].includes(method)) {
      return void replyJson(res, '405 Method Not Allowed', { error: { code: 'E_RPC_BAD_REQUEST', message: `${method.toUpperCase()} is not allowed here.` } }, true);
    }
    if (hasDotSegment(path)) return void replyJson(res, '400 Bad Request', { error: { code: 'E_RPC_BAD_REQUEST', message: 'Bad file path.' } }, true);
    const state = new ResponseState(res);
    const headers: OutgoingHttpHeaders = {};
    for (const name of RELAYED_REQUEST_HEADERS) {
      const value = req.getHeader(name);
      if (value !== '') headers[name] = value;
    }
    const query = req.getQuery();
    const body = method === 'put' ? requestBody(res, state) : null;
    const upstream = httpRequest(new URL(`${path.slice(1)}${query ? `?${query}` : ''}`, backend), { method: method.toUpperCase(), headers });
    state.onAbort(() => upstream.destroy());
    upstream.setTimeout(TRANSFER_IDLE_MS, () => upstream.destroy(new Error('the file share stopped answering')));
    upstream.on('response', (response) => {
      if (!state.isOpen) return void response.destroy();
      void relay(res, state, method, response);
    });
    upstream.on('error', (error) => {
      if (!state.isOpen) return;
      this.#options.log(`warn E_UPLOAD_TRANSFER ${method.toUpperCase()} ${path}: ${error.message}`);
      replyJson(res, '502 Bad Gateway', { error: { code: 'E_UPLOAD_TRANSFER', message: 'The box\'s file store is not answering.' } }, true);
      state.answered = true;
    });
    if (body) pipeline(body, upstream).catch(() => upstream.destroy());
    else upstream.end();
  }

  /** A slot URL on our own public origin goes straight to the file share, not through us. */
  #localUrl(putUrl: string): URL {
    const { publicUrl, backendUrl } = this.#options;
    return new URL(backendUrl !== null && putUrl.startsWith(publicUrl) ? backendUrl + putUrl.slice(publicUrl.length) : putUrl);
  }

  #replyError(res: HttpResponse, state: ResponseState, error: unknown, closeConnection: boolean): void {
    if (!state.isOpen) return;
    state.answered = true;
    const { status, code, message } = describeFailure(error);
    if (status.startsWith('5')) this.#options.log(`warn ${code} upload: ${(error as Error).message}`);
    replyJson(res, status, { error: { code, message, ...(error instanceof UploadError && error.maxFileSize !== undefined && { maxFileSize: error.maxFileSize }) } }, closeConnection);
  }
}

function describeFailure(error: unknown): { status: string; code: string; message: string } {
  if (error instanceof UploadError) {
    const status = {
      E_UPLOAD_TOO_LARGE: '413 Payload Too Large',
      E_UPLOAD_NO_SERVICE: '501 Not Implemented',
      E_UPLOAD_REFUSED: error.condition === 'resource-constraint' || error.condition === 'retry' ? '503 Service Unavailable' : '403 Forbidden',
      E_UPLOAD_BAD_SLOT: '502 Bad Gateway',
      E_UPLOAD_TRANSFER: '502 Bad Gateway',
    }[error.code];
    return { status, code: error.code, message: error.message };
  }
  if (error instanceof DaemonError) {
    const status = error.code === 'E_AUTH_REQUIRED' ? '401 Unauthorized' : '400 Bad Request';
    return { status, code: error.code, message: error.message };
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'E_LINKER_TIMEOUT' || code === 'E_LINKER_DISCONNECTED' || code === 'E_LINKER_STOPPED') {
    return { status: '503 Service Unavailable', code, message: 'The box is reconnecting. Try again in a moment.' };
  }
  return { status: '502 Bad Gateway', code: 'E_UPLOAD_TRANSFER', message: 'The upload failed on the box. Try again.' };
}

/** The upload's description from its headers (CONTRACTS-2 "Uploads"), or why it is refused. */
function readUploadRequest(req: HttpRequest): UploadRequest | { status: string; refusal: string } {
  const refused = (refusal: string) => ({ status: '400 Bad Request', refusal });
  const length = req.getHeader('content-length');
  if (!/^\d{1,15}$/.test(length)) return { status: '411 Length Required', refusal: 'Content-Length is required (the file size in bytes).' };
  const size = Number(length);
  if (size === 0) return refused('The file is empty.');
  let name: string;
  try {
    name = decodeURIComponent(req.getHeader('x-foyer-filename')).trim();
  } catch {
    return refused('X-Foyer-Filename must be URI-encoded.');
  }
  if (name === '') return refused('X-Foyer-Filename (the file name, URI-encoded) is required.');
  const mediaType = (req.getHeader('content-type').split(';')[0] ?? '').trim().toLowerCase() || 'application/octet-stream';
  const width = readDimension(req.getHeader('x-foyer-width'));
  const height = readDimension(req.getHeader('x-foyer-height'));
  if (width === null || height === null) return refused(`X-Foyer-Width and X-Foyer-Height are whole numbers of pixels up to ${MAX_DIMENSION}.`);
  return { name, size, mediaType, ...(width !== undefined && { width }), ...(height !== undefined && { height }) };
}

/** undefined: absent; null: malformed. */
function readDimension(value: string): number | undefined | null {
  if (value === '') return undefined;
  const pixels = /^\d{1,6}$/.test(value) ? Number(value) : 0;
  return pixels >= 1 && pixels <= MAX_DIMENSION ? pixels : null;
}

function hasDotSegment(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return decoded.includes('\\') || decoded.split('/').some((segment) => segment === '..' || segment === '.');
}

/** PUTs the body to the slot; resolves with the file share's status. */
function put(url: URL, slotHeaders: Record<string, string>, upload: UploadRequest, body: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'PUT',
      headers: { ...slotHeaders, 'Content-Length': upload.size, 'Content-Type': upload.mediaType },
    });
    request.setTimeout(TRANSFER_IDLE_MS, () => request.destroy(new Error('the file store stopped answering')));
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    pipeline(body, request).catch(reject);
  });
}

/** Sends the file share's answer on, with the file headers of this origin. */
async function relay(res: HttpResponse, state: ResponseState, method: string, response: IncomingMessage): Promise<void> {
  const status = `${response.statusCode ?? 502} ${response.statusMessage ?? ''}`.trim();
  const writeHead = (out: HttpResponse) => {
    out.writeStatus(status);
    for (const name of RELAYED_RESPONSE_HEADERS) {
      const value = response.headers[name];
      if (typeof value === 'string') out.writeHeader(name, value);
    }
    if (response.statusCode === 200 || response.statusCode === 206) {
      out.writeHeader('Content-Disposition', contentDisposition(response.headers['content-type'], response.headers['content-disposition']));
    }
    for (const [name, value] of FILE_HEADERS) out.writeHeader(name, value);
  };
  const declaredLength = response.headers['content-length'];
  const length = declaredLength !== undefined && /^\d+$/.test(declaredLength) ? Number(declaredLength) : undefined;
  if (method === 'head' || response.statusCode === 304 || response.statusCode === 204) {
    response.resume();
    res.cork(() => {
      writeHead(res);
      res.endWithoutBody(method === 'head' ? length : undefined);
    });
    state.answered = true;
    return;
  }
  if (length !== undefined) return streamReply(res, state, response, length, writeHead);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UNSIZED_BODY) break;
    chunks.push(chunk);
  }
  if (!state.isOpen) return;
  res.cork(() => {
    writeHead(res);
    res.end(Buffer.concat(chunks));
  });
  state.answered = true;
}

/**
 * Inline only for media a browser shows without running anything; the file name the file
 * share gives (RFC 6266 filename*) is kept.
 */
export function contentDisposition(contentType: string | undefined, upstream: string | undefined): string {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const filename = /;\s*(filename\*?=[^;]+)/i.exec(upstream ?? '')?.[1];
  const disposition = INLINE_MEDIA_TYPES.has(mediaType) ? 'inline' : 'attachment';
  return filename ? `${disposition}; ${filename}` : disposition;
}
