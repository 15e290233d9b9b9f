// Stable error codes of src/xml (E_XML_*). The parser's own stream errors live in
// native/expat-stream/errors.ts; these are the ones the pure helpers raise.

export type XmlHelperErrorCode = 'E_XML_JID_INVALID' | 'E_XML_JID_TOO_LONG';

export class JidError extends Error {
  readonly code: XmlHelperErrorCode;
  /** RFC 6120 §8.3.3.8: the stanza error condition for a bad address. */
  readonly condition = 'jid-malformed';

  constructor(code: XmlHelperErrorCode, message: string) {
    super(message);
    this.name = 'JidError';
    this.code = code;
  }
}
