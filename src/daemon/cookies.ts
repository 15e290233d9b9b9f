// The browser session cookie. Its value is a random bearer token; the daemon stores only
// the token's SHA-256 (see browser-sessions.ts), so a copy of the cache leaks no session.

export const SESSION_COOKIE = 'foyer_session';

/** Reads one cookie's value from a Cookie header; undefined when absent or malformed. */
export function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface SessionCookieOptions {
  /** Adds `Secure` when the page is served over TLS (a box on plain-HTTP LAN cannot use it). */
  secure: boolean;
  maxAgeSeconds: number;
}

export function sessionCookie(token: string, options: SessionCookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}
