// Small HTTP answers every route shares: the security headers, text and JSON replies.
import type { HttpResponse } from 'uws-pack';
import { SECURITY_HEADERS } from './security-headers.js';

export function writeSecurityHeaders(res: HttpResponse): HttpResponse {
  for (const [name, value] of SECURITY_HEADERS) res.writeHeader(name, value);
  return res;
}

/**
 * closeConnection: a request whose body was not read (refused early) must not leave the
 * rest of that body on a kept-alive connection.
 */
export function reply(res: HttpResponse, status: string, body: string, contentType: string, closeConnection = false): void {
  res.cork(() => {
    writeSecurityHeaders(res.writeStatus(status)).writeHeader('Content-Type', contentType).writeHeader('Cache-Control', 'no-store').end(body, closeConnection);
  });
}

export function replyJson(res: HttpResponse, status: string, value: unknown, closeConnection = false): void {
  reply(res, status, JSON.stringify(value), 'application/json', closeConnection);
}
