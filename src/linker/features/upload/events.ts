// Upload types and methods in the browser protocol (docs/protocol.md), shared with web/:
// dependency-free, since web/ type-checks this file. The file itself goes through the
// daemon's POST /api/upload, which uses upload.slot-request.
import type { Attachment } from '../chat/attachment-type.js';

export interface UploadService {
  /** The XEP-0363 component, e.g. upload.home.example. */
  jid: string;
  /** Bytes; null when the service announces no limit. */
  maxFileSize: number | null;
}

/** An XEP-0363 upload slot: where to PUT the file (with these headers) and where it is then fetched. */
export interface Slot {
  put: { url: string; headers: Record<string, string> };
  get: { url: string };
}

/** What POST /api/upload answers: the chat feature's Attachment, ready to send. */
export type UploadedAttachment = Attachment;

export interface UploadMethods {
  'upload.service-get': { params: Record<string, never>; result: UploadService };
  'upload.slot-request': { params: { name: string; size: number; mediaType: string }; result: Slot };
}
