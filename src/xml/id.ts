// Stanza ids: unique per process and unguessable, so a peer cannot forge the response to an
// iq it did not see (RFC 6120 §8.1.3 asks for uniqueness; randomness also keeps ids unique
// across reconnects and daemon restarts).
import { randomBytes } from 'node:crypto';

/** A fresh id: 12 random bytes as 16 base64url characters. */
export function generateId(): string {
  return randomBytes(12).toString('base64url');
}
