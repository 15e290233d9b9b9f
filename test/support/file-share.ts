// A test Prosody whose upload slots point at a daemon that is started afterwards, as on the
// box: the daemon's port is chosen first, Prosody's http_external_url names it, and the
// daemon forwards /file_share/ to Prosody's own HTTP port.
import type { TestContext } from 'node:test';
import { findFreePorts } from '../../src/prosody/ports.js';
import type { ProsodyServer } from '../../src/prosody/server.js';
import type { UploadOptions } from '../../src/prosody/config.js';
import { startTestDaemon, type TestDaemon } from './daemon.js';
import { startTestProsody, type TestProsodyOptions } from './prosody.js';

export interface FileShareProsody {
  prosody: ProsodyServer;
  /** The daemon's address, which upload slots name. */
  publicUrl: string;
  /** Starts the daemon on the port the slots name (one daemon at a time). */
  startDaemon(t: TestContext): Promise<TestDaemon>;
}

/**
 * Without `t`: one Prosody for the whole file (call it at the file's top level). `more`: other
 * server options (admins…). `publicHost`: the host name of the box's public address, which
 * slots name; another than 127.0.0.1 plays a box opened by another address than its public one.
 */
export async function startFileShareProsody(upload: UploadOptions, t?: TestContext, more: TestProsodyOptions = {}, publicHost = '127.0.0.1'): Promise<FileShareProsody> {
  const [daemonPort] = await findFreePorts(1);
  const publicUrl = `http://${publicHost}:${daemonPort}/`;
  const prosody = await startTestProsody(t, { ...more, httpExternalUrl: publicUrl, upload });
  return {
    prosody,
    publicUrl,
    startDaemon: (test) => startTestDaemon(test, prosody, undefined, {
      FOYER_PORT: String(daemonPort),
      FOYER_PUBLIC_URL: publicUrl,
      FOYER_FILE_SHARE_URL: prosody.httpUrl,
    }),
  };
}
