// What a server may refuse on someone else's node, as stable codes the tabs turn into a
// sentence: taking back a like or deleting a comment where the node's server lets only its
// owner retract (a Prosody without Foyer's module, nodes elsewhere), or a visibility the
// server will not set.
// References: XEP-0060 v1.26 §7.2.3.1 (retract: insufficient privileges), §8.2.5 (configure).
import { StanzaError } from '../../errors.js';

export type FeedRefusalCode = 'E_FEED_UNLIKE_REFUSED' | 'E_FEED_COMMENT_DELETE_REFUSED' | 'E_FEED_VISIBILITY_REFUSED';

export class FeedRefused extends Error {
  constructor(
    readonly code: FeedRefusalCode,
    message: string,
    /** The server's condition (RFC 6120), e.g. forbidden. */
    readonly condition: string,
  ) {
    super(message);
    this.name = 'FeedRefused';
  }
}

/** A refusal by the server (not a lost connection or a timeout). */
export function isRefusal(error: unknown): error is StanzaError {
  return error instanceof StanzaError && (error.condition === 'forbidden' || error.condition === 'not-allowed' || error.condition === 'not-authorized' || error.condition === 'feature-not-implemented' || error.condition === 'not-acceptable');
}
