// Group chat failures with stable codes and, where the room gave one, its XEP-0045 / RFC 6120
// condition (registration-required: not a member; conflict: nick taken; forbidden: banned…).
// References: XEP-0045 v1.35 §7.2.6-§7.2.11 (entering errors), RFC 6120 §8.3.3.

export type MucErrorCode =
  | 'E_MUC_JOIN_FAILED'     // the room refused us (condition says why)
  | 'E_MUC_NOT_JOINED'      // the method needs a room we are in
  | 'E_MUC_NO_SERVICE'      // the server has no group chat service
  | 'E_MUC_TIMEOUT';        // the room did not answer our presence

export class MucError extends Error {
  constructor(
    readonly code: MucErrorCode,
    message: string,
    readonly condition?: string,
  ) {
    super(message);
    this.name = 'MucError';
  }
}
