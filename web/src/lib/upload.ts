// Sending a photo or file: images are decoded, turned upright (EXIF orientation), shrunk to
// at most maxDimension pixels on their long edge and re-encoded here in the browser (a Pi
// must not resize phone photos; re-encoding also drops the camera's metadata, such as where
// the photo was taken), then POSTed to the daemon (docs/protocol.md, POST /api/upload),
// which streams them to the XMPP server's file share. XMLHttpRequest, not fetch: only it
// reports upload progress.
import type { UploadedAttachment as Attachment } from '../../../src/linker/features/upload/events.js';
import { formatSize, t } from './i18n.js';

export type { Attachment };

export interface UploadOptions {
  onProgress?(sent: number, total: number): void;
  signal?: AbortSignal;
  /** Longest edge of a photo after resizing, in pixels (default 2048). */
  maxDimension?: number;
}

/** An upload the daemon or the network refused; `message` is for the person. */
export class UploadFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly maxFileSize: number | null = null,
  ) {
    super(message);
    this.name = 'UploadFailure';
  }
}

export const DEFAULT_MAX_DIMENSION = 2048;
/** Types a browser can decode and that are worth resizing; GIFs stay as they are (animation). */
const RESIZABLE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);
/** Types that may carry transparency, kept as PNG when they do. */
const ALPHA_TYPES = new Set(['image/png', 'image/webp']);
const JPEG_QUALITY = 0.85;

interface PreparedFile {
  body: Blob;
  name: string;
  mediaType: string;
  width?: number;
  height?: number;
}

export async function uploadFile(file: File, options: UploadOptions = {}): Promise<Attachment> {
  options.signal?.throwIfAborted();
  const prepared = await prepareFile(file, options.maxDimension ?? DEFAULT_MAX_DIMENSION);
  options.signal?.throwIfAborted();
  const maxFileSize = await serverLimit();
  if (maxFileSize !== null && prepared.body.size > maxFileSize) {
    throw new UploadFailure('E_UPLOAD_TOO_LARGE', t('upload.tooLarge', { size: formatSize(maxFileSize) }), maxFileSize);
  }
  return send(prepared, options);
}

/** A photo resized and re-encoded; any other file (or an image this browser cannot decode) as it is. */
export async function prepareFile(file: File, maxDimension: number): Promise<PreparedFile> {
  const mediaType = file.type || 'application/octet-stream';
  if (!RESIZABLE_TYPES.has(mediaType)) return { body: file, name: file.name, mediaType };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { body: file, name: file.name, mediaType }; // e.g. HEIC outside Safari
  }
  try {
    const scale = Math.min(1, maxDimension / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const resized = scale < 1
      ? await createImageBitmap(bitmap, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' })
      : bitmap;
    try {
      const encoded = await encode(resized, ALPHA_TYPES.has(mediaType));
      return { body: encoded, name: renamed(file.name, encoded.type), mediaType: encoded.type, width, height };
    } finally {
      if (resized !== bitmap) resized.close();
    }
  } finally {
    bitmap.close();
  }
}

/** JPEG, or PNG when the image has see-through pixels. */
async function encode(bitmap: ImageBitmap, mayHaveAlpha: boolean): Promise<Blob> {
  const canvas = makeCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!context) throw new UploadFailure('E_UPLOAD_IMAGE', t('upload.imageFailed'));
  context.drawImage(bitmap, 0, 0);
  const isTransparent = mayHaveAlpha && hasTransparency(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
  const type = isTransparent ? 'image/png' : 'image/jpeg';
  if (!isTransparent) {
    // JPEG has no alpha: see-through-but-unused pixels become white, not black.
    context.globalCompositeOperation = 'destination-over';
    context.fillStyle = '#fff';
    context.fillRect(0, 0, bitmap.width, bitmap.height);
  }
  return toBlob(canvas, type, JPEG_QUALITY);
}

function makeCanvas(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function toBlob(canvas: OffscreenCanvas | HTMLCanvasElement, type: string, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new UploadFailure('E_UPLOAD_IMAGE', t('upload.imageFailed')))), type, quality);
  });
}

function hasTransparency(rgba: Uint8ClampedArray): boolean {
  for (let alpha = 3; alpha < rgba.length; alpha += 4) if (rgba[alpha] !== 255) return true;
  return false;
}

/** "IMG_0042.HEIC" re-encoded as JPEG is sent as "IMG_0042.jpg". */
function renamed(name: string, type: string): string {
  const extension = type === 'image/png' ? '.png' : '.jpg';
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name || 'photo') + extension;
}

let limit: Promise<number | null> | undefined;

/** The file share's limit (GET /api/upload), asked once per page; unknown is no limit here. */
function serverLimit(): Promise<number | null> {
  limit ??= fetch('/api/upload', { credentials: 'same-origin', cache: 'no-store' })
    .then(async (response) => {
      const body = (await response.json()) as { maxFileSize?: unknown };
      return typeof body.maxFileSize === 'number' ? body.maxFileSize : null;
    })
    .catch(() => {
      limit = undefined; // ask again next time; the daemon checks anyway
      return null;
    });
  return limit;
}

function send(file: PreparedFile, options: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/upload');
    request.setRequestHeader('Content-Type', file.mediaType);
    request.setRequestHeader('X-Foyer-Filename', encodeURIComponent(file.name));
    if (file.width !== undefined && file.height !== undefined) {
      request.setRequestHeader('X-Foyer-Width', String(file.width));
      request.setRequestHeader('X-Foyer-Height', String(file.height));
    }
    request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.body.size);
    const onAbort = () => request.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => options.signal?.removeEventListener('abort', onAbort);
    request.onabort = () => {
      settle();
      reject(options.signal?.reason ?? new DOMException('The upload was cancelled.', 'AbortError'));
    };
    request.onerror = () => {
      settle();
      reject(new UploadFailure('E_UPLOAD_NETWORK', t('upload.interrupted')));
    };
    request.onload = () => {
      settle();
      let body: { attachment?: Attachment; error?: { code?: string; message?: string; maxFileSize?: number } } = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        // Not JSON (a proxy's error page): reported from the status below.
      }
      if (request.status === 200 && body.attachment) return resolve(body.attachment);
      const error = body.error ?? {};
      reject(new UploadFailure(error.code ?? `E_HTTP_${request.status}`, error.message ?? t('upload.failed'), error.maxFileSize ?? null));
    };
    request.send(file.body);
  });
}

