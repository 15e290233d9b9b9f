// Avatars for the browser: GET /avatars/<sha1> answers the image the profile feature stored
// in the shared blob store under that hash (XEP-0084 item id), with its type, or nothing.
// Only raster types are served, so no stored bytes can run as a document of our origin.
import type { Blob, BlobKind } from '../cache/index.js';
import { isAvatarType } from '../linker/features/profile/stanza.js';

export interface AvatarSource {
  getBlob(kind: BlobKind, hash: string): Blob | undefined;
}

const SHA1_HEX = /^[0-9a-f]{40}$/;

export function avatarResponse(source: AvatarSource, hash: string): { type: string; etag: string; data: Buffer } | null {
  if (!SHA1_HEX.test(hash)) return null;
  const blob = source.getBlob('avatar', hash);
  if (!blob || !isAvatarType(blob.type)) return null;
  return { type: blob.type, etag: `"${hash}"`, data: blob.data };
}
