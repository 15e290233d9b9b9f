// Stable error codes of the daemon (fastify FST_ERR_* style): logged with the code, shown to
// users through the message.

export type DaemonErrorCode =
  | 'E_CONFIG_INVALID'
  | 'E_RPC_BAD_REQUEST'
  | 'E_RPC_BAD_PARAMS'
  | 'E_RPC_UNKNOWN_METHOD'
  | 'E_RPC_BAD_PARAMS'
  | 'E_AUTH_RATE_LIMITED'
  | 'E_AUTH_BAD_CREDENTIALS'
  | 'E_AUTH_REQUIRED'
  | 'E_ORIGIN_FORBIDDEN';

export class DaemonError extends Error {
  constructor(
    readonly code: DaemonErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DaemonError';
  }
}
