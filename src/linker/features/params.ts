// Checks on the params of browser methods: they are untrusted JSON from a tab, so each
// method reads them through these and a bad one is refused with E_RPC_BAD_PARAMS and a
// message written for the person using the app.
import { DaemonError } from '../../daemon/errors.js';
import { bareJid, tryParseJid } from '../../xml/jid.js';

export function paramsObject(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new DaemonError('E_RPC_BAD_PARAMS', 'params must be an object');
  return params as Record<string, unknown>;
}

/** A person's address (bare JID), normalised; a full JID or a bare domain is refused. */
export function addressParam(params: unknown, field = 'jid'): string {
  const value = paramsObject(params)[field];
  const parsed = typeof value === 'string' ? tryParseJid(value.trim()) : undefined;
  if (!parsed || parsed.local === '' || parsed.resource !== '') {
    throw new DaemonError('E_RPC_BAD_PARAMS', `“${typeof value === 'string' ? value.slice(0, 100) : ''}” is not an address like name@example.org.`);
  }
  return bareJid(parsed);
}

/** An optional string, trimmed, at most `maxLength` characters; empty reads as null. */
export function optionalTextParam(params: unknown, field: string, maxLength: number): string | null {
  const value = paramsObject(params)[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new DaemonError('E_RPC_BAD_PARAMS', `${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw new DaemonError('E_RPC_BAD_PARAMS', `${field} is longer than ${maxLength} characters`);
  return trimmed === '' ? null : trimmed;
}
