// XEP-0363 HTTP File Upload: finds the server's upload service (disco items of the domain,
// then their info), remembers its size limit, and asks it for slots. The bytes themselves
// are sent over HTTP by the daemon (src/daemon/upload.ts), not over the XMPP stream.
// References: XEP-0363 v1.1 §3 (discovery), §4 (requesting a slot), §5 (errors).
import { DaemonError } from '../../../daemon/errors.js';
import { parseJid } from '../../../xml/jid.js';
import { StanzaError } from '../../errors.js';
import { defineFeature } from '../../feature.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import type { DiscoApi } from '../disco/index.js';
import { UploadError } from './errors.js';
import type { Slot, UploadService } from './events.js';
import {
  buildSlotRequest, isUploadService, maxFileSizeOf, parseSlot, tooLargeMessage, uploadErrorOf, type SlotRequest,
} from './stanza.js';

export interface UploadApi extends HasBrowserMethods {
  /** The upload service (found once per session); rejects with E_UPLOAD_NO_SERVICE. */
  service(): Promise<UploadService>;
  /** A slot for one file; over the known limit it is refused here without asking the server. */
  requestSlot(request: SlotRequest): Promise<Slot>;
}

const MAX_NAME_LENGTH = 255;
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export const uploadFeature = defineFeature<UploadApi>({
  name: 'upload',
  setup(ctx) {
    const disco = ctx.feature<DiscoApi>('disco');
    let found: Promise<UploadService> | undefined;

    // A new session may be on a reconfigured server: look again.
    ctx.onOnline(({ resumed }) => {
      if (!resumed) found = undefined;
    });

    const discover = async (): Promise<UploadService> => {
      const domain = parseJid(ctx.jid).domain;
      // The server itself may offer it (§3 example 1) or one of its components (example 2).
      const candidates = [domain, ...(await disco.items(domain)).filter((item) => item.node === undefined).map((item) => item.jid)];
      for (const jid of candidates) {
        const info = await disco.info(jid).catch(() => undefined);
        if (info && isUploadService(info)) return { jid, maxFileSize: maxFileSizeOf(info) };
      }
      throw new UploadError('E_UPLOAD_NO_SERVICE', 'feature-not-implemented', 'This server offers no file upload.');
    };

    const service = (): Promise<UploadService> => {
      if (!found) {
        const attempt = discover();
        found = attempt;
        // A failure (offline, timeout) is not remembered: the next upload looks again.
        attempt.catch(() => {
          if (found === attempt) found = undefined;
        });
      }
      return found;
    };

    const requestSlot = async (request: SlotRequest): Promise<Slot> => {
      const { jid, maxFileSize } = await service();
      if (maxFileSize !== null && request.size > maxFileSize) {
        throw new UploadError('E_UPLOAD_TOO_LARGE', 'file-too-large', tooLargeMessage(maxFileSize), { maxFileSize });
      }
      try {
        return parseSlot(await ctx.iq(buildSlotRequest(jid, request)));
      } catch (error) {
        throw error instanceof StanzaError ? uploadErrorOf(error) : error;
      }
    };

    return {
      service,
      requestSlot,
      methods: {
        'upload.service-get': () => service(),
        'upload.slot-request': (params) => requestSlot(slotRequestOf(params)),
      },
    };
  },
});

/** Validates a slot request from a tab (untrusted JSON). */
export function slotRequestOf(params: unknown): SlotRequest {
  const { name, size, mediaType } = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH || /[/\\\u0000-\u001f\u007f]/.test(name)) {
    throw new DaemonError('E_RPC_BAD_REQUEST', `name must be a file name of 1 to ${MAX_NAME_LENGTH} characters, without slashes or control characters.`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new DaemonError('E_RPC_BAD_REQUEST', 'size must be a whole number of bytes.');
  }
  if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) {
    throw new DaemonError('E_RPC_BAD_REQUEST', 'mediaType must be a media type such as image/jpeg.');
  }
  return { name: name.trim(), size, mediaType: mediaType.toLowerCase() };
}
