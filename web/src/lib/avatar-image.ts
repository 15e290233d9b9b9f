// Turns the framed square into what is published as our avatar: PNG when small enough
// (XEP-0084's preferred type), else JPEG at the best quality that fits one WebSocket
// request (MAX_AVATAR_BYTES), so a phone photo never leaves the browser at full size.
import { MAX_AVATAR_BYTES, type ProfileMethods, type PublishableAvatarType } from '../../../src/linker/features/profile/events.js';

export type AvatarUpload = ProfileMethods['profile.set-avatar']['params'];

/** The side of the published square, in pixels. */
export const AVATAR_SIDE = 192;

const ENCODINGS: ReadonlyArray<readonly [PublishableAvatarType, number | undefined]> = [
  ['image/png', undefined],
  ['image/jpeg', 0.9],
  ['image/jpeg', 0.8],
  ['image/jpeg', 0.65],
  ['image/jpeg', 0.5],
];

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number | undefined): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

function base64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function encodeAvatar(canvas: HTMLCanvasElement): Promise<AvatarUpload> {
  for (const [type, quality] of ENCODINGS) {
    const blob = await toBlob(canvas, type, quality);
    if (blob && blob.size <= MAX_AVATAR_BYTES) return { data: await base64(blob), type, width: canvas.width, height: canvas.height };
  }
  throw new Error(`the picture does not fit in ${MAX_AVATAR_BYTES} bytes`);
}
