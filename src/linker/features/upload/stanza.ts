// XEP-0363 HTTP File Upload: finding the service in disco results, asking for a slot and
// reading the answer or the refusal.
// References: XEP-0363 v1.1 §3 (discovery, max-file-size in a XEP-0128 form), §4 (slot
// request and result), §5 (error conditions: file-too-large, retry), §6 (PUT headers:
// only Authorization, Cookie and Expires; newlines stripped).
import type { Element } from '../../../../native/expat-stream/index.js';
import { getChild, getChildText, getChildren, getText, localName, namespaceOf, xml } from '../../../xml/element.js';
import { StanzaError } from '../../errors.js';
import { isHttpUrl } from '../http-url.js';
import type { DiscoInfo } from '../disco/stanza.js';
import { UploadError } from './errors.js';
import type { Slot } from './events.js';

export const NS_UPLOAD = 'urn:xmpp:http:upload:0';

export interface SlotRequest {
  name: string;
  size: number;
  mediaType: string;
}


/** Whether an entity's disco#info announces XEP-0363 (§3: the feature; the identity is advisory). */
export function isUploadService(info: DiscoInfo): boolean {
  return info.features.includes(NS_UPLOAD);
}

/** The service's size limit in bytes from its XEP-0128 form; null when it announces none. */
export function maxFileSizeOf(info: DiscoInfo): number | null {
  const form = info.forms.find((candidate) => candidate.formType === NS_UPLOAD);
  const value = form?.fields.find((field) => field.var === 'max-file-size')?.values[0]?.trim();
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

export function buildSlotRequest(service: string, request: SlotRequest): Element {
  return xml('iq', { type: 'get', to: service },
    xml('request', { xmlns: NS_UPLOAD, filename: request.name, size: request.size, 'content-type': request.mediaType }));
}

const ALLOWED_PUT_HEADERS = new Map([['authorization', 'Authorization'], ['cookie', 'Cookie'], ['expires', 'Expires']]);

/** Reads a slot result; a slot whose URLs are not http(s) is refused rather than followed. */
export function parseSlot(result: Element): Slot {
  const slot = getChild(result, 'slot', NS_UPLOAD);
  const put = slot && getChild(slot, 'put');
  const get = slot && getChild(slot, 'get');
  const putUrl = put?.attrs.url;
  const getUrl = get?.attrs.url;
  if (!isHttpUrl(putUrl) || !isHttpUrl(getUrl)) {
    throw new UploadError('E_UPLOAD_BAD_SLOT', 'undefined-condition', 'The upload service answered without usable upload and download addresses.');
  }
  const headers: Record<string, string> = {};
  for (const header of getChildren(put as Element, 'header')) {
    const name = ALLOWED_PUT_HEADERS.get((header.attrs.name ?? '').toLowerCase());
    if (name) headers[name] = getText(header).replace(/[\r\n]/g, '');
  }
  return { put: { url: putUrl, headers }, get: { url: getUrl } };
}

/** Turns the service's refusal into an UploadError with the XEP-0363 condition when there is one. */
export function uploadErrorOf(error: StanzaError): UploadError {
  const application = error.application;
  const uploadCondition = application && namespaceOf(application) === NS_UPLOAD ? localName(application) : undefined;
  if (application && uploadCondition === 'file-too-large') {
    const limit = getChildText(application, 'max-file-size')?.trim();
    const maxFileSize = limit !== undefined && /^\d{1,15}$/.test(limit) ? Number(limit) : undefined;
    return new UploadError('E_UPLOAD_TOO_LARGE', 'file-too-large', tooLargeMessage(maxFileSize), { maxFileSize });
  }
  if (application && uploadCondition === 'retry') {
    const stamp = application.attrs.stamp;
    return new UploadError('E_UPLOAD_REFUSED', 'retry', `The server is busy with uploads. Try again${stamp ? ` after ${stamp}` : ' later'}.`);
  }
  const reason = error.text ? ` (${error.text})` : '';
  switch (error.condition) {
    case 'resource-constraint':
      return new UploadError('E_UPLOAD_REFUSED', error.condition, `The box has no room for this file now${reason}.`);
    case 'not-acceptable':
      return new UploadError('E_UPLOAD_REFUSED', error.condition, `The box does not accept this file${reason}.`);
    case 'forbidden':
    case 'not-allowed':
      return new UploadError('E_UPLOAD_REFUSED', error.condition, `You may not upload files here${reason}.`);
    default:
      return new UploadError('E_UPLOAD_REFUSED', error.condition, `The upload was refused (${error.condition})${reason}.`);
  }
}

export function tooLargeMessage(maxFileSize: number | undefined): string {
  return maxFileSize === undefined
    ? 'This file is too large for the box.'
    : `This file is too large: the box accepts files up to ${formatBytes(maxFileSize)}.`;
}

/** "100 MiB", "1.5 KiB": sizes as people read them in messages. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
