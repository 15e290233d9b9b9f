// The shape of a file shared in a message is the cache's record of it; this name is what the
// chat, upload and web code use (the web app can import it: no Node code behind it).
export type { StoredAttachment as Attachment } from '../../../cache/message-types.js';
