// Errors of the connection core, with stable E_LINKER_* codes and, where one applies, the
// RFC 6120 stream, SASL (§6.5) or stanza condition name. Expected failures (peer errors,
// network, wrong password) are these typed values; programmer misuse throws TypeError.
// References: RFC 6120 §4.9.3 (stream errors), §6.5 (SASL failures), §8.3.3 (stanza errors).

import type { Element } from '../../native/expat-stream/index.js';
import { getChild, getText, isElement, localName } from '../xml/element.js';

export type LinkerErrorCode =
  | 'E_LINKER_CONNECT'          // no endpoint could be reached
  | 'E_LINKER_TLS'              // handshake failed or the certificate is not trusted
  | 'E_LINKER_TLS_REQUIRED'     // the server offers no STARTTLS on a plain connection
  | 'E_LINKER_AUTH'             // SASL failure (condition: the SASL condition)
  | 'E_LINKER_AUTH_UNSUPPORTED' // no mechanism we accept is offered
  | 'E_LINKER_AUTH_SERVER'      // the server failed to prove it knows the password (SCRAM)
  | 'E_LINKER_CREDENTIALS'      // stored keys do not match what the server asks (password changed?)
  | 'E_LINKER_BIND'             // resource binding refused
  | 'E_LINKER_STREAM'           // the server sent a stream error (condition: its condition)
  | 'E_LINKER_XML'              // the server sent malformed XML (condition: the parser's)
  | 'E_LINKER_PROTOCOL'         // the server broke the protocol in another way
  | 'E_LINKER_TIMEOUT'          // an iq or the negotiation timed out
  | 'E_LINKER_DISCONNECTED'     // the connection closed
  | 'E_LINKER_STOPPED';         // the session was stopped by us

export class LinkerError extends Error {
  readonly code: LinkerErrorCode;
  /** RFC 6120 / SASL / XML condition name when the failure has one. */
  readonly condition: string | undefined;

  constructor(code: LinkerErrorCode, message: string, options: { condition?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LinkerError';
    this.code = code;
    this.condition = options.condition;
  }
}

// RFC 6120 §6.5: what to tell the person for each SASL failure condition.
const SASL_MESSAGES: Record<string, string> = {
  'not-authorized': 'The username or password is wrong.',
  'account-disabled': 'This account is disabled. Ask the family admin to enable it again.',
  'credentials-expired': 'The password has expired. Set a new one.',
  'encryption-required': 'The server requires an encrypted connection for this sign-in method.',
  'invalid-authzid': 'The server refused the requested identity.',
  'invalid-mechanism': 'The server refused the sign-in method.',
  'malformed-request': 'The server could not understand the sign-in request.',
  'mechanism-too-weak': 'The server requires a stronger sign-in method.',
  'temporary-auth-failure': 'The server could not check the password right now. Try again later.',
  aborted: 'The sign-in was aborted.',
};

/** A SASL <failure/> as a LinkerError whose message can be shown to the person signing in. */
export function saslFailureError(failure: Element): LinkerError {
  const conditionElement = failure.children.find((child) => isElement(child) && localName(child) !== 'text');
  const condition = isElement(conditionElement) ? localName(conditionElement) : 'not-authorized';
  const text = getChild(failure, 'text');
  const message = SASL_MESSAGES[condition] ?? `Sign-in failed (${condition}).`;
  return new LinkerError('E_LINKER_AUTH', text ? `${message} (${getText(text)})` : message, { condition });
}

export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

export type StanzaErrorType = 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';

/** RFC 6120 §8.3.3 defined conditions. */
export const STANZA_ERROR_CONDITIONS = [
  'bad-request', 'conflict', 'feature-not-implemented', 'forbidden', 'gone',
  'internal-server-error', 'item-not-found', 'jid-malformed', 'not-acceptable',
  'not-allowed', 'not-authorized', 'policy-violation', 'recipient-unavailable',
  'redirect', 'registration-required', 'remote-server-not-found',
  'remote-server-timeout', 'resource-constraint', 'service-unavailable',
  'subscription-required', 'undefined-condition', 'unexpected-request',
] as const;
export type StanzaErrorCondition = typeof STANZA_ERROR_CONDITIONS[number];

/** A stanza-level error from a peer, or one a handler raises to answer with. */
export class StanzaError extends Error {
  readonly code = 'E_LINKER_STANZA';
  constructor(
    readonly condition: StanzaErrorCondition,
    readonly type: StanzaErrorType = 'cancel',
    readonly text?: string,
    /** The application-specific condition element, if any. */
    readonly application?: Element,
  ) {
    super(text ? `${condition}: ${text}` : condition);
    this.name = 'StanzaError';
  }

  /** Reads the <error/> child of an error stanza (RFC 6120 §8.3.2). */
  static fromStanza(stanza: Element): StanzaError {
    const error = getChild(stanza, 'error');
    if (!error) return new StanzaError('undefined-condition', 'cancel', 'error stanza without <error/>');
    let condition: StanzaErrorCondition = 'undefined-condition';
    let text: string | undefined;
    let application: Element | undefined;
    for (const child of error.children) {
      if (!isElement(child)) continue;
      const ns = child.attrs.xmlns;
      if (ns === NS_STANZAS) {
        const name = localName(child);
        // A name outside RFC 6120's list (a peer's invention, or anything hostile) is not passed on.
        if (name === 'text') text = getText(child);
        else condition = STANZA_ERROR_CONDITIONS.find((known) => known === name) ?? 'undefined-condition';
      } else {
        application = child;
      }
    }
    const type = (['auth', 'cancel', 'continue', 'modify', 'wait'] as const).find((t) => t === error.attrs.type) ?? 'cancel';
    return new StanzaError(condition, type, text, application);
  }
}
