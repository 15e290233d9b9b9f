// The browser protocol, version 1 (documented in docs/protocol.md): JSON text frames.
//   browser → daemon  {"id": 7, "method": "roster.get", "params": {...}}
//   daemon → browser  {"id": 7, "result": ...} | {"id": 7, "error": {"code", "message"}}
//   daemon → browser  {"event": "roster.item-updated", "data": ...}   (pushed, no id)
//   daemon → browser  {"hello": {"protocol": 1, "jid": "..."}}          (first frame)

export const PROTOCOL_VERSION = 1;
/** The largest frame a tab may send; bigger ones close the socket (uWS maxPayloadLength). */
export const MAX_REQUEST_BYTES = 64 * 1024;

export interface Request {
  id: number;
  method: string;
  params: unknown;
}

export type ParsedRequest = { ok: true; request: Request } | { ok: false; id: number | null; message: string };

export function parseRequest(text: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'frame is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, message: 'frame is not a JSON object' };
  }
  const { id, method, params } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    return { ok: false, id: null, message: 'id must be a non-negative integer' };
  }
  if (typeof method !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(method)) {
    return { ok: false, id, message: 'method must look like "feature.verb"' };
  }
  return { ok: true, request: { id, method, params: params ?? {} } };
}

export function encodeResult(id: number, result: unknown): string {
  return JSON.stringify({ id, result: result ?? null });
}

export function encodeError(id: number | null, code: string, message: string): string {
  return JSON.stringify({ id, error: { code, message } });
}

export function encodeEvent(name: string, data: unknown): string {
  return JSON.stringify({ event: name, data });
}

export function encodeHello(jid: string): string {
  return JSON.stringify({ hello: { protocol: PROTOCOL_VERSION, jid } });
}
