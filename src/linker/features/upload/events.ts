// Upload methods in the browser protocol (docs/protocol.md), shared with web/. The file
// itself goes through the daemon's POST /api/upload, which uses upload.slot-request.
import type { Slot } from './stanza.js';

export interface UploadService {
  /** The XEP-0363 component, e.g. upload.home.example. */
  jid: string;
  /** Bytes; null when the service announces no limit. */
  maxFileSize: number | null;
}

export interface UploadMethods {
  'upload.service-get': { params: Record<string, never>; result: UploadService };
  'upload.slot-request': { params: { name: string; size: number; mediaType: string }; result: Slot };
}
