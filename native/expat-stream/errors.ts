// Stream errors of the XMPP XML parser.
// References: RFC 6120 §4.9.3 (stream error conditions), §11 (XML usage).
// The numeric kinds are shared with the native core (src/error_kind.h): the C++ side
// reports a kind number, this table turns it into a condition, a stable code and a message.

export type XmlCondition =
  | 'restricted-xml'
  | 'not-well-formed'
  | 'policy-violation'
  | 'unsupported-encoding'
  | 'invalid-namespace'
  | 'bad-format'
  | 'invalid-xml';

export class XmlStreamError extends Error {
  readonly condition: XmlCondition;
  readonly code: string;

  constructor(condition: XmlCondition, code: string, message: string) {
    super(message);
    this.name = 'XmlStreamError';
    this.condition = condition;
    this.code = code;
  }
}

interface ErrorKindInfo {
  readonly code: string;
  readonly condition: XmlCondition;
  readonly message: string;
}

/** Indexed by the kind numbers of src/error_kind.h; keep both in the same order. */
const ERROR_KINDS: readonly ErrorKindInfo[] = [
  { code: 'E_XML_NOT_WELL_FORMED', condition: 'not-well-formed', message: 'XML is not well-formed' },
  { code: 'E_XML_RESTRICTED', condition: 'restricted-xml', message: 'restricted XML (comment, processing instruction, DTD or entity reference)' },
  { code: 'E_XML_TOO_BIG', condition: 'policy-violation', message: 'stanza exceeds maxStanzaBytes' },
  { code: 'E_XML_TOO_DEEP', condition: 'policy-violation', message: 'stanza nesting exceeds maxDepth' },
  { code: 'E_XML_UNSUPPORTED_ENCODING', condition: 'unsupported-encoding', message: 'the XML declaration names an encoding other than UTF-8' },
  { code: 'E_XML_INVALID_UTF8', condition: 'unsupported-encoding', message: 'invalid UTF-8' },
  { code: 'E_XML_INVALID_CHAR', condition: 'not-well-formed', message: 'character not allowed in XML 1.0' },
  { code: 'E_XML_UNBOUND_PREFIX', condition: 'not-well-formed', message: 'namespace prefix is not bound' },
  { code: 'E_XML_BAD_NAMESPACE_DECL', condition: 'not-well-formed', message: 'malformed qualified name or namespace declaration' },
  { code: 'E_XML_MISMATCHED_TAG', condition: 'not-well-formed', message: 'closing tag does not match the open element' },
  { code: 'E_XML_INVALID_NAMESPACE', condition: 'invalid-namespace', message: 'the stream root is not <stream> in http://etherx.jabber.org/streams' },
  { code: 'E_XML_STREAM_TEXT', condition: 'bad-format', message: 'text other than whitespace between stanzas' },
  { code: 'E_XML_TRUNCATED', condition: 'not-well-formed', message: 'input ended inside a stanza or tag' },
  { code: 'E_XML_NO_MEMORY', condition: 'policy-violation', message: 'out of memory while parsing' },
];

export const ErrorKind = {
  NotWellFormed: 0,
  Restricted: 1,
  TooBig: 2,
  TooDeep: 3,
  UnsupportedEncoding: 4,
  InvalidUtf8: 5,
  InvalidChar: 6,
  UnboundPrefix: 7,
  BadNamespaceDecl: 8,
  MismatchedTag: 9,
  InvalidNamespace: 10,
  StreamText: 11,
  Truncated: 12,
  NoMemory: 13,
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export function errorFromKind(kind: number, detail?: string): XmlStreamError {
  const info = ERROR_KINDS[kind] ?? ERROR_KINDS[ErrorKind.NotWellFormed]!;
  const message = detail ? `${info.message}: ${detail}` : info.message;
  return new XmlStreamError(info.condition, info.code, message);
}
