// A file sent with a message: the URL as XEP-0066 out-of-band data (what every client shows)
// and its description as XEP-0446 file metadata (name, type, size, image dimensions, so a
// receiver can reserve the space before the image loads). The message body is the URL.
// References: XEP-0066 §3 (jabber:x:oob), XEP-0446 §3 (urn:xmpp:file:metadata:0),
// XEP-0447 is not used (the metadata travels on its own beside the OOB element).
import type { Element } from '../../../xml/element.js';
import { getChild, getChildText, xml } from '../../../xml/element.js';
import { isHttpUrl } from '../http-url.js';
import type { Attachment } from './attachment-type.js';

export type { Attachment };

export const NS_OOB = 'jabber:x:oob';
export const NS_FILE_METADATA = 'urn:xmpp:file:metadata:0';


const MAX_NAME_LENGTH = 255;
const MAX_DIMENSION = 100_000;

/** The <x/> and <file/> elements describing an attachment, to put in a message. */
export function buildAttachmentElements(attachment: Attachment): Element[] {
  return [
    xml('x', { xmlns: NS_OOB }, xml('url', null, attachment.url)),
    xml('file', { xmlns: NS_FILE_METADATA },
      xml('media-type', null, attachment.mediaType),
      xml('name', null, attachment.name),
      xml('size', null, attachment.size),
      attachment.width !== undefined ? xml('width', null, attachment.width) : null,
      attachment.height !== undefined ? xml('height', null, attachment.height) : null),
  ];
}

/**
 * The attachment of a message, or undefined without a usable one: the URL must be http(s)
 * (anything else is not fetched, whatever the sender claims). Without metadata, the name
 * is taken from the URL's last path segment and the type is unknown.
 */
export function parseAttachment(message: Element): Attachment | undefined {
  const oob = getChild(message, 'x', NS_OOB);
  const url = oob && getChildText(oob, 'url')?.trim();
  if (!isHttpUrl(url)) return undefined;
  const file = getChild(message, 'file', NS_FILE_METADATA);
  const attachment: Attachment = {
    url,
    name: cleanName(file && getChildText(file, 'name')) ?? nameFromUrl(url),
    mediaType: cleanMediaType(file && getChildText(file, 'media-type')) ?? 'application/octet-stream',
    size: (file && integer(getChildText(file, 'size'), Number.MAX_SAFE_INTEGER)) ?? 0,
  };
  const width = file && integer(getChildText(file, 'width'), MAX_DIMENSION);
  const height = file && integer(getChildText(file, 'height'), MAX_DIMENSION);
  if (width && height) Object.assign(attachment, { width, height });
  return attachment;
}

/** Checks an attachment handed over by a browser tab; undefined when it is not one. */
export function validAttachment(value: unknown): Attachment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, name, mediaType, size, width, height } = value as Record<string, unknown>;
  if (!isHttpUrl(url) || url.length > 4096) return undefined;
  if (typeof name !== 'string' || cleanName(name) === undefined) return undefined;
  if (typeof mediaType !== 'string' || cleanMediaType(mediaType) === undefined) return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  const attachment: Attachment = { url, name: cleanName(name)!, mediaType: cleanMediaType(mediaType)!, size };
  const isDimension = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_DIMENSION;
  if (isDimension(width) && isDimension(height)) Object.assign(attachment, { width, height });
  return attachment;
}

function cleanName(name: string | undefined): string | undefined {
  // Path separators and control characters have no place in a file name a browser saves.
  const cleaned = name?.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned ? cleaned : undefined;
}

function cleanMediaType(type: string | undefined): string | undefined {
  const trimmed = type?.trim().toLowerCase();
  return trimmed && /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(trimmed) ? trimmed : undefined;
}

function nameFromUrl(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
  let decoded = last ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // a broken escape: keep it as written
  }
  return cleanName(decoded) ?? 'file';
}

function integer(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value <= max ? value : undefined;
}
