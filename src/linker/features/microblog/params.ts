// Checks on the parameters tabs send (untrusted JSON) for the feed's methods, on top of
// features/params.ts.
import { DaemonError } from '../../../daemon/errors.js';
import { isHttpUrl } from '../http-url.js';
import { paramsObject as record } from '../params.js';
import type { FeedPhoto, ItemAddress, PublishParams, Visibility } from './events.js';
import { MAX_TITLE_CHARS } from './stanza.js';

export const MAX_TEXT_CHARS = 20_000;
export const MAX_COMMENT_CHARS = 2_000;

/** A refused param, for the person: E_RPC_BAD_PARAMS like every feature's. */
export function badParams(message: string): DaemonError {
  return new DaemonError('E_RPC_BAD_PARAMS', message);
}

function string(value: unknown, name: string, max: number, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw badParams(`${name} must be a string of 1 to ${max} characters`);
  return value;
}

function httpUrl(value: unknown, name: string): string {
  const text = string(value, name, 2048)!;
  if (!isHttpUrl(text)) throw badParams(`${name} must be an http(s) URL`);
  return new URL(text).href;
}

export function parseAddress(params: unknown): ItemAddress {
  const p = record(params);
  return { service: string(p.service, 'service', 1024)!, node: string(p.node, 'node', 1024)!, id: string(p.id, 'id', 256)! };
}

export function parseItemId(params: unknown): string {
  return string(record(params).id, 'id', 256)!;
}

export function parsePublish(params: unknown): PublishParams {
  const p = record(params);
  const text = typeof p.text === 'string' ? p.text : '';
  if (text.length > MAX_TEXT_CHARS) throw badParams(`the text is over ${MAX_TEXT_CHARS} characters`);
  const photos = p.photos === undefined ? [] : p.photos;
  const links = p.links === undefined ? [] : p.links;
  if (!Array.isArray(photos) || photos.length > 20) throw badParams('photos must be a list of at most 20');
  if (!Array.isArray(links) || links.length > 20) throw badParams('links must be a list of at most 20');
  const parsedPhotos = photos.map((photo, index): FeedPhoto => {
    const q = record(photo);
    const mediaType = string(q.mediaType, `photos[${index}].mediaType`, 100)!;
    if (!/^image\/[a-z0-9.+-]+$/.test(mediaType)) throw badParams(`photos[${index}] is not an image`);
    return {
      url: httpUrl(q.url, `photos[${index}].url`),
      mediaType,
      name: string(q.name, `photos[${index}].name`, 200, true) ?? null,
      size: typeof q.size === 'number' && Number.isSafeInteger(q.size) && q.size >= 0 ? q.size : null,
    };
  });
  const title = typeof p.title === 'string' && p.title.trim() !== '' ? string(p.title.trim(), 'title', MAX_TITLE_CHARS) : undefined;
  if (text.trim() === '' && !title && parsedPhotos.length === 0 && links.length === 0) throw badParams('a post needs a title, text, a photo or a link');
  return {
    ...(p.id !== undefined ? { id: string(p.id, 'id', 256)! } : {}),
    ...(title ? { title } : {}),
    text,
    photos: parsedPhotos,
    links: links.map((link, index) => httpUrl(link, `links[${index}]`)),
  };
}

export function parseCommentId(params: unknown): string {
  return string(record(params).comment, 'comment', 256)!;
}

export function parseVisibility(params: unknown): Visibility {
  const { visibility } = record(params);
  if (visibility !== 'contacts' && visibility !== 'public') throw badParams('visibility must be "contacts" or "public"');
  return visibility;
}

export function parseCommentText(params: unknown): string {
  const text = string(record(params).text, 'text', MAX_COMMENT_CHARS)!;
  if (text.trim() === '') throw badParams('a comment needs text');
  return text;
}

export function parseFeedPage(params: unknown): { before?: number; limit: number } {
  const p = record(params);
  const limit = p.limit === undefined ? 20 : p.limit;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 200) throw badParams('limit must be 1 to 200');
  if (p.before !== undefined && (typeof p.before !== 'number' || !Number.isFinite(p.before))) throw badParams('before must be a time in ms');
  return { limit, ...(p.before !== undefined ? { before: p.before as number } : {}) };
}
