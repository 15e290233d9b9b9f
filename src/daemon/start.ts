// Assembles a running daemon from its configuration: the bundled Prosody (when no other
// server is configured), the cache, the users' sessions and the web server. main.ts runs it
// for `npm start`; tests run it the same way, so they exercise what a family runs.
import { join } from 'node:path';
import { ProsodyServer } from '../prosody/server.js';
import { LmdbCapsStore, openCache, type Cache } from '../cache/index.js';
import type { DiscoInfo } from '../linker/features/disco/stanza.js';
import { Ticker } from '../linker/ticker.js';
import { enabledFeatures } from '../linker/features/index.js';
import type { Endpoint } from '../linker/transport/srv.js';
import { build } from './app.js';
import type { DaemonConfig } from './config.js';
import { BrowserSessions } from './browser-sessions.js';
import { CacheBrowserSessionStore, CacheCredentialStore } from './persistent-stores.js';
import { LinkerPool } from './linker-pool.js';
import { reportCacheWrites } from './cache-write-alerts.js';
import { FirstRun, prosodyAccountCreator } from './first-run.js';
import { LoginRateLimiter } from './rate-limit.js';
import { MetricsRegistry, registerProcessMetrics } from './metrics.js';
import { loadStaticFiles } from './static-files.js';
import { FileShare } from './file-share.js';

/** The XMPP domain of the bundled Prosody (a box sets its own name through the image's config). */
export const BUNDLED_DOMAIN = 'localhost';

export interface StartOptions {
  log: (line: string) => void;
  /** PEM to trust for config.xmpp (FOYER_XMPP_CA's content). */
  xmppCaPem?: string;
}

export interface RunningDaemon {
  port: number;
  prosody: ProsodyServer | null;
  pool: LinkerPool;
  cache: Cache;
  stop(): Promise<void>;
}

export async function startDaemon(config: DaemonConfig, options: StartOptions): Promise<RunningDaemon> {
  let prosody: ProsodyServer | null = null;
  let server: Endpoint | undefined;
  let pinnedCertificate = options.xmppCaPem;
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}/`;
  if (config.xmpp) {
    server = { host: config.xmpp.host, port: config.xmpp.port, directTls: false };
  } else {
    // Upload slots point at the daemon, which forwards /file_share/ to Prosody's HTTP port.
    prosody = await ProsodyServer.start({ baseDir: join(config.dataDir, 'prosody'), domain: BUNDLED_DOMAIN, httpExternalUrl: publicUrl });
    server = { host: prosody.bindAddress, port: prosody.c2sPort, directTls: false };
    pinnedCertificate = prosody.certificatePem;
  }

  const cache = openCache({ path: join(config.dataDir, 'cache') });
  const ticker = new Ticker();
  const metrics = new MetricsRegistry();
  registerProcessMetrics(metrics);
  const pool = new LinkerPool({
    server,
    tls: pinnedCertificate ? { pinnedCertificate } : {},
    runtime: {
      ticker,
      log: (entry) => options.log(`${entry.level} ${entry.code} ${entry.jid}${entry.key ? ` [${entry.key}]` : ''}: ${entry.message}`),
    },
    credentials: new CacheCredentialStore(cache),
    // Photos in posts may come from the box's own file share, on this origin.
    features: enabledFeatures({ capsStore: new LmdbCapsStore<DiscoInfo>(cache.env), cache, imageOrigins: [new URL(publicUrl).origin] }),
    idleSeconds: config.linkerIdleSeconds,
  });
  const stopReportingCacheWrites = reportCacheWrites(cache.env, pool, options.log);
  metrics.gauge('foyer_sessions', 'Users with an XMPP session in this process.', () => pool.size);
  metrics.gauge('foyer_cache_bytes', 'Bytes used by the LMDB cache file.', () => cache.env.usedBytes());
  metrics.gauge('foyer_cache_shared_bytes', 'Bytes of shared, evictable cache records (avatars, public items).', () => cache.sharedBytes());

  const daemon = build({
    users: pool,
    sessions: new BrowserSessions(new CacheBrowserSessionStore(cache), (error) =>
      options.log(`warn E_CACHE_WRITE browser session housekeeping failed: ${String(error)}`)),
    loginLimiter: new LoginRateLimiter(),
    metrics,
    staticFiles: loadStaticFiles(config.webRoot),
    allowedOrigins: config.allowedOrigins,
    files: new FileShare({
      users: pool,
      publicUrl,
      backendUrl: config.fileShareUrl ?? prosody?.httpUrl ?? null,
      log: options.log,
    }),
    avatars: cache.blobs,
    firstRun: firstRunOf(config, prosody, options.log),
    log: options.log,
  });
  const port = await daemon.listen(config.bind, config.port);
  pool.restoreAll();

  return {
    port,
    prosody,
    pool,
    cache,
    async stop() {
      daemon.close();
      await pool.stopAll();
      stopReportingCacheWrites();
      await cache.close();
      await prosody?.stop();
    },
  };
}

/** The first-run setup when the box has a setup code and a Prosody admin socket to create the administrator with. */
function firstRunOf(config: DaemonConfig, prosody: ProsodyServer | null, log: (line: string) => void): FirstRun | undefined {
  if (!config.setupCodeFile) return undefined;
  const adminSocket = config.prosodyAdminSocket ?? prosody?.paths.adminSocket ?? null;
  if (!adminSocket) {
    log('warn E_CONFIG_INVALID FOYER_SETUP_CODE_FILE is set but no FOYER_PROSODY_ADMIN_SOCKET to create the administrator with: setup disabled');
    return undefined;
  }
  return new FirstRun({
    codeFile: config.setupCodeFile,
    doneFile: config.setupDoneFile ?? join(config.dataDir, 'setup-complete'),
    domain: config.xmppDomain ?? prosody?.domain ?? config.xmpp!.host,
    createAccount: prosodyAccountCreator(adminSocket),
  });
}
