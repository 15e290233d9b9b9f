// How fast tests can get accounts on a throwaway Prosody: ProsodyServer.createAccounts
// (one admin-shell connection, commands pipelined) beside its peer, one
// `prosodyctl register` process per account. Prints JSON; medians of several runs.
//   npm run build && node dist/bench/prosody-accounts.bench.js [--runs 5] [--accounts 200]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { ProsodyServer } from '../src/prosody/server.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, accounts: { type: 'string', default: '200' } } });
const runs = Number(values.runs);
const accounts = Number(values.accounts);
const prosodyctlAccounts = 20; // one process each: enough for a stable per-account figure

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const baseDir = await mkdtemp(join(tmpdir(), 'foyer-bench-prosody-'));
const server = await ProsodyServer.start({ baseDir, prosody: process.env.FOYER_PROSODY, prosodyctl: process.env.FOYER_PROSODYCTL });
try {
  const bulkMs: number[] = [];
  const deleteMs: number[] = [];
  const prosodyctlMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const batch = Array.from({ length: accounts }, (_, i) => ({ localpart: `r${run}u${i}`, password: `password ${i}` }));
    let started = performance.now();
    await server.createAccounts(batch);
    bulkMs.push(performance.now() - started);
    started = performance.now();
    await Promise.all(batch.map(({ localpart }) => server.deleteAccount(localpart)));
    deleteMs.push(performance.now() - started);

    started = performance.now();
    for (let i = 0; i < prosodyctlAccounts; i++) {
      await promisify(execFile)(process.env.FOYER_PROSODYCTL ?? 'prosodyctl',
        ['--config', server.paths.configFile, 'register', `c${run}u${i}`, server.domain, `password ${i}`]);
    }
    prosodyctlMs.push((performance.now() - started) / prosodyctlAccounts);
  }
  const perAccountBulk = median(bulkMs) / accounts;
  console.log(JSON.stringify({
    bench: 'prosody-accounts',
    prosody: server.version,
    runs,
    accounts,
    adminShell: { medianTotalMs: Math.round(median(bulkMs)), perAccountMs: +perAccountBulk.toFixed(2), deleteTotalMs: Math.round(median(deleteMs)) },
    prosodyctlRegister: { perAccountMs: +median(prosodyctlMs).toFixed(1), projectedTotalMs: Math.round(median(prosodyctlMs) * accounts) },
    speedup: +(median(prosodyctlMs) / perAccountBulk).toFixed(1),
  }, null, 2));
} finally {
  await server.stop();
  await rm(baseDir, { recursive: true, force: true });
}
