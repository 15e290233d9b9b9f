// Profile events and methods in the browser protocol (docs/protocol.md), shared with web/.

export interface Profile {
  jid: string;
  /** From their vCard4 (XEP-0292) or nickname (XEP-0172); remote text. */
  name: string | null;
  /** SHA-1 of their avatar, served at /avatars/<hash> once stored; null: none known. */
  avatar: string | null;
}

export interface ProfileEvents {
  /** A contact's (or our own) name or avatar changed, or became known. */
  'profile.person-updated': Profile;
}

/** The image types a tab may publish as its avatar. */
export type PublishableAvatarType = 'image/png' | 'image/jpeg';

export interface ProfileMethods {
  /** Every profile known in this session, ours included. */
  'profile.get': { params: Record<string, never>; result: { profiles: Profile[] } };
  /**
   * Publishes our avatar: `data` is the image, base64, at most MAX_AVATAR_BYTES once decoded
   * (the tab crops and resizes it first); `width`/`height` in pixels.
   */
  'profile.set-avatar': { params: { data: string; type: PublishableAvatarType; width: number; height: number }; result: Profile };
  'profile.remove-avatar': { params: Record<string, never>; result: Profile };
  /** Publishes our name (vCard4 fn and nickname, and XEP-0172 nick). */
  'profile.set-name': { params: { name: string }; result: Profile };
}

/**
 * The largest avatar a tab may publish, decoded: its base64 must fit one WebSocket frame
 * (MAX_REQUEST_BYTES, 64 KiB) with room for the request around it. A 192×192 JPEG is far below.
 */
export const MAX_AVATAR_BYTES = 46 * 1024;
