// JIDs: parse, format, compare.
// References: RFC 7622 §3 (address format: §3.2 domainpart, §3.3 localpart, §3.4
// resourcepart), RFC 6120 §8.3.3.8 (jid-malformed).
// Full PRECIS enforcement (IdentifierClass / OpaqueString profiles) is not done: the domain and
// the localpart are lower-cased (the localpart's UsernameCaseMapped profile, RFC 7622 §3.3.2,
// as servers apply it), the resource keeps its case, and the characters RFC 7622 §3.3.1
// forbids in a localpart are refused, which covers the addresses Foyer creates and receives.

import { JidError } from './errors.js';

export interface Jid {
  readonly local: string;     // lower-cased; '' when absent (a server or component JID)
  readonly domain: string;    // lower-cased, without a trailing dot
  readonly resource: string;  // '' when absent (a bare JID)
}

const MAX_PART_BYTES = 1023;
// RFC 7622 §3.3.1: characters not allowed in a localpart.
const FORBIDDEN_IN_LOCAL = /["&'/:<>@\s]/u;
const FORBIDDEN_IN_DOMAIN = /[\s@/"&'<>]/u;

/** Parses 'local@domain/resource'; throws JidError with a message naming the faulty part. */
export function parseJid(text: string): Jid {
  if (typeof text !== 'string' || text === '') throw new JidError('E_XML_JID_INVALID', 'empty JID');
  // §3.1: the resource starts at the first '/', the localpart ends at the first '@' before it.
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const resource = slash < 0 ? '' : text.slice(slash + 1);
  const at = address.indexOf('@');
  const local = at < 0 ? '' : address.slice(0, at).toLowerCase();
  let domain = (at < 0 ? address : address.slice(at + 1)).toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);

  if (at >= 0 && local === '') throw invalid(text, 'the part before "@" is empty');
  if (local !== '' && FORBIDDEN_IN_LOCAL.test(local)) throw invalid(text, 'the localpart contains a character that is not allowed (" & \' / : < > @ or a space)');
  if (domain === '') throw invalid(text, 'the domain is empty');
  if (FORBIDDEN_IN_DOMAIN.test(domain)) throw invalid(text, 'the domain contains a character that is not allowed');
  if (slash >= 0 && resource === '') throw invalid(text, 'the part after "/" is empty');
  for (const [part, value] of [['localpart', local], ['domain', domain], ['resource', resource]] as const) {
    if (Buffer.byteLength(value) > MAX_PART_BYTES) {
      throw new JidError('E_XML_JID_TOO_LONG', `JID ${JSON.stringify(text.slice(0, 64))}…: the ${part} is longer than ${MAX_PART_BYTES} bytes`);
    }
  }
  return { local, domain, resource };
}

function invalid(text: string, why: string): JidError {
  return new JidError('E_XML_JID_INVALID', `invalid JID ${JSON.stringify(text)}: ${why}`);
}

export function formatJid(jid: Jid): string {
  const bare = jid.local === '' ? jid.domain : `${jid.local}@${jid.domain}`;
  return jid.resource === '' ? bare : `${bare}/${jid.resource}`;
}

/** The bare form 'local@domain' of a JID string or value. */
export function bareJid(jid: string | Jid): string {
  const parsed = typeof jid === 'string' ? parseJid(jid) : jid;
  return formatJid({ ...parsed, resource: '' });
}

/** Whether two JID strings denote the same address (after domain case folding). */
export function isSameJid(a: string, b: string): boolean {
  return formatJid(parseJid(a)) === formatJid(parseJid(b));
}

/** Parses without throwing: undefined for a malformed JID (peer input is a value, not misuse). */
export function tryParseJid(text: string | undefined): Jid | undefined {
  if (text === undefined) return undefined;
  try {
    return parseJid(text);
  } catch {
    return undefined; // malformed peer input: the caller treats it as absent
  }
}
