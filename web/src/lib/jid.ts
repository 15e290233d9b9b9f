// The browser's light check of an address from a URL: a bare JID (local@domain), lower-cased
// the way the daemon normalises it; the daemon checks it fully (RFC 7622) again.

/** The bare JID, or null when `text` does not look like one. */
export function tryBareJid(text: string): string | null {
  const match = /^([^@/\s"&'<>:]+)@([^@/\s"&'<>]+)$/u.exec(text.trim());
  return match ? `${match[1]!.toLowerCase()}@${match[2]!.toLowerCase().replace(/\.$/, '')}` : null;
}
