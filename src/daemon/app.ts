// The daemon's HTTP and WebSocket server on uWebSockets.js. build() wires routes to the
// services it is given and listens nowhere; listen() binds. Tests build and listen on port 0.
import * as uWS from 'uws-pack';
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, us_socket_context_t, WebSocket } from 'uws-pack';
import { reply, replyJson, writeSecurityHeaders } from './replies.js';
import { readCookie, sessionCookie, clearedSessionCookie, SESSION_COOKIE } from './cookies.js';
import { BrowserSessions, SESSION_LIFETIME_SECONDS } from './browser-sessions.js';
import { LoginRateLimiter } from './rate-limit.js';
import { MetricsRegistry } from './metrics.js';
import type { StaticFiles } from './static-files.js';
import { LoginError, type UserService } from './users.js';
import { MAX_REQUEST_BYTES, encodeError, encodeEvent, encodeHello, encodeResult, parseRequest } from './protocol.js';
import { DaemonError } from './errors.js';
import { FILE_SHARE_PATH, type FileShare } from './file-share.js';
import { avatarResponse, type AvatarSource } from './avatars.js';
import { SetupError, type FirstRun } from './first-run.js';

export interface DaemonServices {
  users: UserService;
  sessions: BrowserSessions;
  loginLimiter: LoginRateLimiter;
  metrics: MetricsRegistry;
  staticFiles: StaticFiles;
  /** Origins besides the page's own allowed to open a WebSocket. */
  allowedOrigins: readonly string[];
  /** Shared files: uploads and the file share's URLs on this origin. */
  files: FileShare;
  /** The shared blob store the profile feature keeps avatars in. */
  avatars: AvatarSource;
  /** The box's one-time administrator setup, when it has a setup code (image). */
  firstRun?: FirstRun;
  log: (line: string) => void;
}

interface TabData {
  jid: string;
  unsubscribe: (() => void) | null;
}

/** A slow tab beyond this much unsent data is closed; it reconnects and catches up. */
const MAX_TAB_BACKPRESSURE = 1024 * 1024;
const MAX_LOGIN_BODY = 4096;

export interface Daemon {
  app: TemplatedApp;
  listen(host: string, port: number): Promise<number>;
  close(): void;
}

export function build(services: DaemonServices): Daemon {
  const app = uWS.App();
  const tabs = new Set<WebSocket<TabData>>();
  const countRequest = services.metrics.counter('foyer_http_requests_total', 'HTTP requests served.');
  services.metrics.gauge('foyer_websockets', 'Open browser WebSockets (tabs).', () => tabs.size);
  let isStopping = false;

  /**
   * Every HTTP handler runs through this: once the daemon stops, kept-alive connections get a
   * 503 instead of reaching closed stores, and a handler that throws still answers (uWS aborts
   * the process on a request left without a response).
   */
  function route<Rest extends unknown[]>(handler: (res: HttpResponse, req: HttpRequest, ...rest: Rest) => void) {
    return (res: HttpResponse, req: HttpRequest, ...rest: Rest): void => {
      countRequest();
      if (isStopping) return replyJson(res, '503 Service Unavailable', { error: { code: 'E_STOPPING', message: 'Foyer is restarting. Try again in a moment.' } });
      try {
        handler(res, req, ...rest);
      } catch (error) {
        services.log(`error E_INTERNAL ${req.getMethod()} ${req.getUrl()}: ${String(error)}`);
        try {
          replyJson(res, '500 Internal Server Error', { error: { code: 'E_INTERNAL', message: 'Something went wrong on the box. Try again.' } });
        } catch {
          // Already answered before the throw, or the client went away: nothing left to send.
        }
      }
    };
  }

  app.get('/metrics', route((res) => {
    reply(res, '200 OK', services.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
  }));

  app.get('/api/session', route((res, req) => {
    const jid = services.sessions.resolve(readCookie(req.getHeader('cookie'), SESSION_COOKIE));
    if (!jid) return replyJson(res, '401 Unauthorized', { error: { code: 'E_AUTH_REQUIRED', message: 'Not logged in.' } });
    replyJson(res, '200 OK', { jid, filesUrl: services.files.publicFilesUrl });
  }));

  /**
   * A same-origin JSON form (login, setup): the body read in full, then `handle` with the
   * client's address; `isAborted()` says whether the client went away meanwhile.
   */
  const formPost = (handle: (res: HttpResponse, body: Buffer, clientIp: string, isAborted: () => boolean) => Promise<void>) =>
    route((res, req) => {
      const guard = sameOriginGuard(req, services.allowedOrigins);
      const clientIp = Buffer.from(res.getRemoteAddressAsText()).toString();
      let aborted = false;
      res.onAborted(() => {
        aborted = true;
      });
      readBody(res, MAX_LOGIN_BODY, async (body) => {
        if (guard) return replyJson(res, '403 Forbidden', { error: { code: guard.code, message: guard.message } });
        await handle(res, body, clientIp, () => aborted);
      }, () => aborted);
    });

  app.post('/api/login', formPost(async (res, body, clientIp, isAborted) => {
    const credentials = parseLogin(body);
    if (!credentials) {
      return replyJson(res, '400 Bad Request', {
        error: { code: 'E_RPC_BAD_REQUEST', message: 'Send {"address": "you@your.box", "password": "…"}.' },
      });
    }
    const refusal = services.loginLimiter.check(credentials.address, clientIp);
    if (refusal) return replyJson(res, '429 Too Many Requests', { error: { code: 'E_AUTH_RATE_LIMITED', message: refusal } });
    try {
      const jid = await services.users.login(credentials.address, credentials.password);
      services.loginLimiter.succeeded(credentials.address, clientIp);
      const token = await services.sessions.create(jid);
      if (isAborted()) return;
      res.cork(() => {
        writeSecurityHeaders(res.writeStatus('200 OK'))
          .writeHeader('Set-Cookie', sessionCookie(token, { secure: false, maxAgeSeconds: SESSION_LIFETIME_SECONDS }))
          .writeHeader('Content-Type', 'application/json')
          .writeHeader('Cache-Control', 'no-store')
          .end(JSON.stringify({ jid }));
      });
    } catch (error) {
      if (isAborted()) return;
      if (error instanceof LoginError) {
        const status = error.condition === 'not-authorized' ? '401 Unauthorized' : '502 Bad Gateway';
        return replyJson(res, status, { error: { code: 'E_AUTH_BAD_CREDENTIALS', condition: error.condition, message: error.message } });
      }
      replyJson(res, '500 Internal Server Error', { error: { code: 'E_INTERNAL', message: 'Login failed on the box. Try again.' } });
    }
  }));

  // First run (docs/protocol.md): whether the box waits for its administrator, and the form
  // that creates them with the setup code.
  app.get('/api/setup', route((res) => {
    replyJson(res, '200 OK', { pending: services.firstRun?.pending() ?? false });
  }));

  app.post('/api/setup', formPost(async (res, body, clientIp, isAborted) => {
    const input = parseSetup(body);
    if (!input) {
      return replyJson(res, '400 Bad Request', {
        error: { code: 'E_RPC_BAD_REQUEST', message: 'Send {"code": "…", "name": "…", "password": "…"}.' },
      });
    }
    try {
      if (!services.firstRun) throw new SetupError('E_SETUP_DONE', 'This box is already set up. Sign in instead.');
      const jid = await services.firstRun.complete(input, clientIp);
      services.log(`info setup complete: ${jid} is the administrator`);
      if (!isAborted()) replyJson(res, '200 OK', { jid });
    } catch (error) {
      if (isAborted()) return;
      if (!(error instanceof SetupError)) {
        services.log(`error E_INTERNAL POST /api/setup: ${String(error)}`);
        return replyJson(res, '500 Internal Server Error', { error: { code: 'E_INTERNAL', message: 'Something went wrong on the box. Try again.' } });
      }
      if (error.code === 'E_SETUP_ACCOUNT') services.log(`error E_SETUP_ACCOUNT ${error.message}`);
      replyJson(res, SETUP_STATUS[error.code], { error: { code: error.code, message: error.message } });
    }
  }));

  app.post('/api/logout', route((res, req) => {
    const guard = sameOriginGuard(req, services.allowedOrigins);
    if (guard) return replyJson(res, '403 Forbidden', { error: { code: guard.code, message: guard.message } });
    const token = readCookie(req.getHeader('cookie'), SESSION_COOKIE);
    const jid = services.sessions.resolve(token);
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    void (async () => {
      try {
        await services.sessions.revoke(token);
        // Logging out ends the user's session everywhere: every tab, and the XMPP session.
        for (const tab of tabs) if (jid !== undefined && tab.getUserData().jid === jid) tab.end(4001, 'logged out');
        if (jid !== undefined) await services.users.logout(jid);
      } catch (error) {
        if (!aborted) replyJson(res, '500 Internal Server Error', { error: { code: 'E_INTERNAL', message: `Logout failed: ${(error as Error).message}` } });
        return;
      }
      if (aborted) return;
      res.cork(() => {
        writeSecurityHeaders(res.writeStatus('200 OK'))
          .writeHeader('Set-Cookie', clearedSessionCookie(false))
          .writeHeader('Content-Type', 'application/json')
          .end('{}');
      });
    })();
  }));

  app.get('/api/upload', route((res, req) => {
    const jid = services.sessions.resolve(readCookie(req.getHeader('cookie'), SESSION_COOKIE));
    if (!jid) return replyJson(res, '401 Unauthorized', { error: { code: 'E_AUTH_REQUIRED', message: 'Not logged in.' } });
    services.files.limits(res, jid);
  }));

  app.post('/api/upload', route((res, req) => {
    // Refused before a byte of the body is read; the connection closes rather than read it.
    const guard = sameOriginGuard(req, services.allowedOrigins);
    if (guard) return replyJson(res, '403 Forbidden', { error: { code: guard.code, message: guard.message } }, true);
    const jid = services.sessions.resolve(readCookie(req.getHeader('cookie'), SESSION_COOKIE));
    if (!jid) return replyJson(res, '401 Unauthorized', { error: { code: 'E_AUTH_REQUIRED', message: 'Not logged in.' } }, true);
    services.files.upload(res, req, jid);
  }));

  // uWS ranks a method's own routes above any(), whatever their paths: the file share's
  // methods are named so that the catch-all get('/*') below does not take its downloads.
  const forwardToFileShare = route((res, req) => services.files.forward(res, req));
  for (const method of ['get', 'head', 'put', 'options', 'any'] as const) app[method](`${FILE_SHARE_PATH}*`, forwardToFileShare);

  app.get('/avatars/:hash', route((res, req) => {
    // Only the family sees avatars: the same session cookie as the WebSocket.
    if (!services.sessions.resolve(readCookie(req.getHeader('cookie'), SESSION_COOKIE))) {
      return replyJson(res, '401 Unauthorized', { error: { code: 'E_AUTH_REQUIRED', message: 'Not logged in.' } });
    }
    const avatar = avatarResponse(services.avatars, req.getParameter(0) ?? '');
    if (!avatar) return reply(res, '404 Not Found', 'Not found\n', 'text/plain; charset=utf-8');
    if (req.getHeader('if-none-match') === avatar.etag) {
      return void res.cork(() => writeSecurityHeaders(res.writeStatus('304 Not Modified')).writeHeader('ETag', avatar.etag).end());
    }
    res.cork(() => {
      writeSecurityHeaders(res.writeStatus('200 OK'))
        .writeHeader('Content-Type', avatar.type)
        .writeHeader('ETag', avatar.etag)
        // The URL names the bytes (their SHA-1): they never change. Private: behind a login.
        .writeHeader('Cache-Control', 'private, max-age=31536000, immutable')
        .end(avatar.data);
    });
  }));

  app.ws<TabData>('/ws', {
    maxPayloadLength: MAX_REQUEST_BYTES,
    maxBackpressure: MAX_TAB_BACKPRESSURE,
    closeOnBackpressureLimit: true,
    idleTimeout: 120,
    sendPingsAutomatically: true,
    upgrade: route((res, req, context: us_socket_context_t) => {
      const guard = sameOriginGuard(req, services.allowedOrigins);
      const jid = services.sessions.resolve(readCookie(req.getHeader('cookie'), SESSION_COOKIE));
      if (guard) return replyJson(res, '403 Forbidden', { error: { code: guard.code, message: guard.message } });
      if (!jid) return replyJson(res, '401 Unauthorized', { error: { code: 'E_AUTH_REQUIRED', message: 'Not logged in.' } });
      res.upgrade<TabData>(
        { jid, unsubscribe: null },
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    }),
    open: (ws) => {
      tabs.add(ws);
      const data = ws.getUserData();
      ws.send(encodeHello(data.jid));
      try {
        data.unsubscribe = services.users.subscribe(data.jid, (event) => {
          ws.send(encodeEvent(event.name, event.data));
        });
      } catch (error) {
        // The session could not be brought back (logged out elsewhere, or stopping).
        const code = error instanceof DaemonError && error.code === 'E_AUTH_REQUIRED' ? 4001 : 1011;
        ws.end(code, (error as Error).message.slice(0, 120));
      }
    },
    message: (ws, message, isBinary) => {
      const { jid } = ws.getUserData();
      if (isBinary) return void ws.send(encodeError(null, 'E_RPC_BAD_REQUEST', 'binary frames are not part of the protocol'));
      const parsed = parseRequest(Buffer.from(message).toString('utf8'));
      if (!parsed.ok) return void ws.send(encodeError(parsed.id, 'E_RPC_BAD_REQUEST', parsed.message));
      const { id, method, params } = parsed.request;
      services.users.call(jid, method, params).then(
        (result) => tabs.has(ws) && ws.send(encodeResult(id, result)),
        (error: unknown) => {
          if (!tabs.has(ws)) return;
          const code = error instanceof DaemonError ? error.code : ((error as { code?: string }).code ?? 'E_INTERNAL');
          ws.send(encodeError(id, code, (error as Error).message ?? 'failed'));
        },
      );
    },
    close: (ws) => {
      tabs.delete(ws);
      ws.getUserData().unsubscribe?.();
    },
  });

  app.get('/*', route((res, req) => {
    const file = services.staticFiles.get(req.getUrl());
    if (!file) return reply(res, '404 Not Found', 'Not found\n', 'text/plain; charset=utf-8');
    const gzip = file.gzipped !== null && /\bgzip\b/.test(req.getHeader('accept-encoding'));
    if (req.getHeader('if-none-match') === file.etag) {
      return void res.cork(() => writeSecurityHeaders(res.writeStatus('304 Not Modified')).writeHeader('ETag', file.etag).end());
    }
    res.cork(() => {
      writeSecurityHeaders(res.writeStatus('200 OK'))
        .writeHeader('Content-Type', file.contentType)
        .writeHeader('ETag', file.etag)
        .writeHeader('Vary', 'Accept-Encoding')
        .writeHeader('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (gzip) res.writeHeader('Content-Encoding', 'gzip');
      res.end(gzip ? file.gzipped! : file.body);
    });
  }));

  let listenSocket: us_listen_socket | null = null;
  return {
    app,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        app.listen(host, port, (socket) => {
          if (!socket) return reject(new Error(`cannot listen on ${host}:${port}`));
          listenSocket = socket;
          resolve(uWS.us_socket_local_port(socket));
        });
      }),
    close: () => {
      isStopping = true;
      if (listenSocket) uWS.us_listen_socket_close(listenSocket);
      listenSocket = null;
      for (const tab of [...tabs]) tab.end(1001, 'daemon stopping');
    },
  };
}

/**
 * Cross-site requests are refused: a browser sends Origin on POST and WebSocket upgrades,
 * and it must name the host the page came from (or an allowed origin).
 */
function sameOriginGuard(req: HttpRequest, allowedOrigins: readonly string[]): DaemonError | null {
  const origin = req.getHeader('origin');
  if (origin === '') return null; // not a browser (curl, a test client): the cookie still gates it
  const host = req.getHeader('host');
  if (origin === `http://${host}` || origin === `https://${host}` || allowedOrigins.includes(origin)) return null;
  return new DaemonError('E_ORIGIN_FORBIDDEN', `Requests from ${origin} are not allowed.`);
}

function readBody(res: HttpResponse, limit: number, done: (body: Buffer) => void, isAborted: () => boolean): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.onData((chunk, isLast) => {
    if (isAborted()) return;
    size += chunk.byteLength;
    if (size > limit) {
      if (size - chunk.byteLength <= limit) replyJson(res, '413 Payload Too Large', { error: { code: 'E_RPC_BAD_REQUEST', message: 'Request too large.' } });
      return;
    }
    chunks.push(Buffer.from(chunk.slice(0)));
    if (isLast) done(Buffer.concat(chunks));
  });
}

const SETUP_STATUS: Record<SetupError['code'], string> = {
  E_SETUP_DONE: '409 Conflict',
  E_SETUP_BAD_CODE: '403 Forbidden',
  E_SETUP_RATE_LIMITED: '429 Too Many Requests',
  E_SETUP_BAD_PARAMS: '400 Bad Request',
  E_SETUP_ACCOUNT: '502 Bad Gateway',
};

function parseSetup(body: Buffer): { code: string; name: string; password: string } | null {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { code, name, password } = value as Record<string, unknown>;
    if (typeof code !== 'string' || typeof name !== 'string' || typeof password !== 'string') return null;
    if (code.length > 64 || name.length > 256 || password.length > 1024) return null;
    return { code, name, password };
  } catch {
    return null;
  }
}

function parseLogin(body: Buffer): { address: string; password: string } | null {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { address, password } = value as Record<string, unknown>;
    if (typeof address !== 'string' || typeof password !== 'string') return null;
    if (address.length === 0 || address.length > 3071 || password.length === 0 || password.length > 1024) return null;
    return { address: address.trim(), password };
  } catch {
    return null;
  }
}
