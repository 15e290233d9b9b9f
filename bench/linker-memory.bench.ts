// Memory per idle connected session and the time to log in many accounts at once, against a
// throwaway Prosody on loopback. Each measurement runs in a fresh child process
// (linker-sessions.ts, with --expose-gc); figures are medians of several runs. The peer for
// memory is xmpp.js (@xmpp/client 0.14, with stream management), the client Foyer's style follows.
//   npm run build && node dist/bench/linker-memory.bench.js [--runs 3] [--sizes 1,50,200] [--login 200]
// Prints a table, then JSON.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { ProsodyServer } from '../src/prosody/server.js';
import type { BenchSetup } from './linker-sessions.js';

const { values } = parseArgs({ options: {
  runs: { type: 'string', default: '3' },
  sizes: { type: 'string', default: '1,50,200' },
  login: { type: 'string', default: '200' },
} });
const runs = Number(values.runs);
const sizes = values.sizes.split(',').map(Number);
const loginCount = Number(values.login);
const child = new URL('./linker-sessions.js', import.meta.url).pathname;
const KiB = 1024;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

let certificateFile = '';

async function runChild(setupFile: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', child, setupFile, ...args],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_EXTRA_CA_CERTS: certificateFile } });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const baseDir = await mkdtemp(join(tmpdir(), 'foyer-bench-linker-'));
const prosody = await ProsodyServer.start({ baseDir });
try {
  const most = Math.max(...sizes, loginCount) + 1; // +1: the memory child's warm-up session
  const specs = Array.from({ length: most }, (_, i) => ({ localpart: `bench${i}`, password: `bench password ${i}` }));
  const jids = await prosody.createAccounts(specs);
  const setup: BenchSetup = {
    server: { host: prosody.bindAddress, port: prosody.c2sPort, directTls: false },
    certificatePem: prosody.certificatePem,
    accounts: jids.map((jid, i) => ({ jid, password: specs[i]!.password })),
  };
  const setupFile = join(baseDir, 'setup.json');
  certificateFile = prosody.paths.certificate;
  await writeFile(setupFile, JSON.stringify(setup));

  const memory: Array<{ variant: string; sessions: number; rssKiB: number; heapKiB: number; externalKiB: number }> = [];
  // xmpp.js computes SCRAM in JavaScript (~0.7 s of CPU per login here), so it is measured at
  // one middle size only, to keep the run short.
  const peerSize = sizes[Math.floor(sizes.length / 2)]!;
  const variants: Array<[string, number[]]> = [['core', sizes], ['features', [Math.max(...sizes)]], ['xmpp.js', [peerSize]]];
  for (const [variant, counts] of variants) {
    for (const sessions of counts) {
      const samples: Array<Record<string, unknown>> = [];
      for (let run = 0; run < runs; run++) samples.push(await runChild(setupFile, 'memory', String(sessions), variant));
      const pick = (key: string): number => +(median(samples.map((s) => s[key] as number)) / KiB).toFixed(1);
      memory.push({ variant, sessions, rssKiB: pick('rssPerSession'), heapKiB: pick('heapPerSession'), externalKiB: pick('externalPerSession') });
    }
  }

  // Login: with the password (client PBKDF2 per account), then with the stored keys only.
  const withPassword: Array<Record<string, unknown>> = [];
  for (let run = 0; run < runs; run++) withPassword.push(await runChild(setupFile, 'login', String(loginCount), 'core', 'password'));
  const credentials = withPassword[0]!.credentials as BenchSetup['accounts'][number]['credentials'][];
  setup.accounts = setup.accounts.map((account, i) => ({ ...account, credentials: credentials[i] }));
  await writeFile(setupFile, JSON.stringify(setup));
  const withKeys: Array<Record<string, unknown>> = [];
  for (let run = 0; run < runs; run++) withKeys.push(await runChild(setupFile, 'login', String(loginCount), 'core', 'keys'));
  const loginFigures = (samples: Array<Record<string, unknown>>) => ({
    medianMs: Math.round(median(samples.map((s) => s.loginMs as number))),
    clientCpuMs: Math.round(median(samples.map((s) => s.clientCpuMs as number))),
  });
  const login = { sessions: loginCount, password: loginFigures(withPassword), storedKeys: loginFigures(withKeys) };

  console.log('| sessions | variant | RSS / session (KiB) | JS heap / session (KiB) | external / session (KiB) |');
  console.log('|---:|---|---:|---:|---:|');
  for (const row of memory) console.log(`| ${row.sessions} | ${row.variant} | ${row.rssKiB} | ${row.heapKiB} | ${row.externalKiB} |`);
  console.log(`\nlogin of ${loginCount} accounts at once (median of ${runs}): ${login.password.medianMs} ms with passwords, `
    + `${login.storedKeys.medianMs} ms with stored SCRAM keys\n`);
  console.log(JSON.stringify({
    bench: 'linker-memory', node: process.version, prosody: prosody.version, runs, memory, login,
  }, null, 2));
} finally {
  await prosody.stop();
  await rm(baseDir, { recursive: true, force: true });
}
