// A throwaway Prosody for tests: a fresh temporary folder, free loopback ports, stopped and
// removed afterwards even when the test fails. When it failed the folder is kept and the
// log path printed, since that log is the evidence.
//
//   test('login', async (t) => { const prosody = await startTestProsody(t); ... });
//   // or one server for a whole file, awaited at the file's top level:
//   const prosody = await startTestProsody();
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, type TestContext } from 'node:test';
import { ProsodyServer, type ProsodyServerOptions } from '../../src/prosody/server.js';

export type TestProsodyOptions = Omit<ProsodyServerOptions, 'baseDir'>;

/** The Prosody under test: Debian's by default, another build through these variables. */
export const prosodyBinaries = {
  prosody: process.env.FOYER_PROSODY ?? 'prosody',
  prosodyctl: process.env.FOYER_PROSODYCTL ?? 'prosodyctl',
};

// Node 20.20+ has TestContext.passed (unset until the test ends); @types/node 20 lacks it.
type TestOutcome = { readonly passed?: boolean };

let isFileHooked = false;
let hasFileFailure = false;

/**
 * With `t`: one server for that test, cleaned up in t.after. Without: one server for the
 * whole file, cleaned up after its last test; call it at the file's top level, where
 * node:test still accepts the hooks that watch for failures.
 */
export async function startTestProsody(t?: TestContext, options: TestProsodyOptions = {}): Promise<ProsodyServer> {
  const baseDir = await mkdtemp(join(tmpdir(), 'foyer-prosody-'));
  let server: ProsodyServer;
  try {
    // Registration is open in tests so that client-side registration can be tested too.
    server = await ProsodyServer.start({ openRegistration: true, ...prosodyBinaries, ...options, baseDir });
  } catch (error) {
    console.error(`Prosody failed to start; its files are kept in ${baseDir}`);
    throw error;
  }
  const cleanUp = async (hasFailed: boolean): Promise<void> => {
    await server.stop();
    if (hasFailed) console.error(`test failed; Prosody log kept at ${server.logFile}`);
    else await rm(baseDir, { recursive: true, force: true });
  };
  if (t) {
    t.after(() => cleanUp((t as TestContext & TestOutcome).passed === false));
  } else {
    watchFileForFailures();
    after(() => cleanUp(hasFileFailure));
  }
  return server;
}

function watchFileForFailures(): void {
  if (isFileHooked) return;
  isFileHooked = true;
  afterEach((t) => {
    if ((t as TestContext & TestOutcome).passed === false) hasFileFailure = true;
  });
}
