// Shared set-up for the linker's integration tests: accounts on the test Prosody and
// sessions pinned to its self-signed certificate, all torn down after the test.
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { ProsodyServer } from '../../../src/prosody/server.js';
import { Linker, type LinkerOptions, type LinkerTiming } from '../../../src/linker/linker.js';
import type { Ticker } from '../../../src/linker/ticker.js';
import type { Endpoint } from '../../../src/linker/transport/srv.js';

/** Short timings so that reconnects and pings happen within a test's patience. */
export const TEST_TIMING: Partial<LinkerTiming> = {
  negotiationTimeoutMs: 20_000,
  iqTimeoutMs: 15_000,
  pingIdleMs: 60_000,
  backoff: { baseMs: 200, maxMs: 2000 },
};

export interface Account {
  jid: string;
  password: string;
}

export async function createAccounts(prosody: ProsodyServer, count: number, prefix = 'user'): Promise<Account[]> {
  const tag = randomBytes(4).toString('hex');
  const specs = Array.from({ length: count }, (_, i) => ({ localpart: `${prefix}-${tag}-${i}`, password: `pw-${randomBytes(6).toString('hex')}` }));
  const jids = await prosody.createAccounts(specs);
  return jids.map((jid, i) => ({ jid, password: specs[i]!.password }));
}

export function c2sEndpoint(prosody: ProsodyServer): Endpoint {
  return { host: prosody.bindAddress, port: prosody.c2sPort, directTls: false };
}

/** A session for `account` on the test server, stopped after the test. */
export function createLinker(
  t: TestContext, prosody: ProsodyServer, ticker: Ticker,
  options: Partial<LinkerOptions> & { jid: string },
): Linker {
  const linker = new Linker({
    server: c2sEndpoint(prosody),
    tls: { pinnedCertificate: prosody.certificatePem },
    runtime: { ticker },
    timing: TEST_TIMING,
    ...options,
  });
  t.after(() => linker.stop());
  return linker;
}
