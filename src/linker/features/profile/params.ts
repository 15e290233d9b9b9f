// The avatar a tab publishes: checked before anything reaches the server or the shared
// store, since the params are untrusted JSON. The bytes must really be the PNG or JPEG they
// claim to be (by their signature), so the daemon never serves something else under that type.
// References: PNG signature (ISO/IEC 15948 §5.2), JPEG SOI marker (ITU-T T.81 §B.1.1.3).
import { DaemonError } from '../../../daemon/errors.js';
import { paramsObject } from '../params.js';
import type { PublishableAvatarType } from './events.js';
import { decodeBase64 } from './stanza.js';

const SIGNATURES: Record<PublishableAvatarType, readonly number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};
const MAX_SIDE = 1024;

export function avatarParams(params: unknown, maxBytes: number): { data: Buffer; type: PublishableAvatarType; width: number; height: number } {
  const { data, type, width, height } = paramsObject(params);
  if (type !== 'image/png' && type !== 'image/jpeg') throw new DaemonError('E_RPC_BAD_PARAMS', 'The picture must be a PNG or JPEG image.');
  for (const side of [width, height]) {
    if (typeof side !== 'number' || !Number.isInteger(side) || side < 1 || side > MAX_SIDE) {
      throw new DaemonError('E_RPC_BAD_PARAMS', `width and height must be whole numbers from 1 to ${MAX_SIDE}`);
    }
  }
  if (typeof data !== 'string') throw new DaemonError('E_RPC_BAD_PARAMS', 'data must be the image in base64');
  const bytes = decodeBase64(data, maxBytes);
  if (!bytes) throw new DaemonError('E_RPC_BAD_PARAMS', `data must be the image in base64, at most ${maxBytes} bytes.`);
  if (!SIGNATURES[type].every((byte, index) => bytes[index] === byte)) throw new DaemonError('E_RPC_BAD_PARAMS', `The data is not a ${type} image.`);
  return { data: bytes, type, width: width as number, height: height as number };
}
