// Upload and download throughput of shared files (XEP-0363) through the daemon
// (POST /api/upload streamed into the slot; GET /file_share/… forwarded) beside the same
// transfers straight to Prosody's HTTP port, and the daemon's peak RSS, which must stay
// far below the file size (the body is streamed, never held whole). Median of the runs.
//
//   npm run build && node dist/bench/upload.bench.js [--runs 3] [--mib 16]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { disco } from '../src/linker/features/disco/index.js';
import { uploadFeature, type UploadApi } from '../src/linker/features/upload/index.js';
import { Linker } from '../src/linker/linker.js';
import { Ticker } from '../src/linker/ticker.js';
import { findFreePorts } from '../src/prosody/ports.js';
import { ProsodyServer } from '../src/prosody/server.js';
import { DAEMON_CHILD_URL } from './support/daemon-child-url.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, mib: { type: 'string', default: '16' } } });
const runs = Number(values.runs);
const size = Number(values.mib) * 1024 * 1024;
const CHUNK = 64 * 1024;

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const mbPerSecond = (bytes: number, ms: number) => Number((bytes / 1e6 / (ms / 1000)).toFixed(1));

/** One HTTP exchange; resolves with the status, the bytes received and the milliseconds taken. */
function exchange(url: string, method: string, headers: Record<string, string | number>, body: Buffer | null): Promise<{ status: number; received: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => { received += chunk.length; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, received, ms: performance.now() - started }));
    });
    outgoing.on('error', reject);
    if (body) for (let offset = 0; offset < body.length; offset += CHUNK) outgoing.write(body.subarray(offset, offset + CHUNK));
    outgoing.end();
  });
}

const baseDir = await mkdtemp(join(tmpdir(), 'foyer-bench-upload-'));
const [daemonPort] = await findFreePorts(1);
const publicUrl = `http://127.0.0.1:${daemonPort}/`;
const prosody = await ProsodyServer.start({
  baseDir, httpExternalUrl: publicUrl,
  upload: { sizeLimitBytes: 2 * size, dailyQuotaBytes: 4 * runs * size },
});
const password = 'bench-secret';
const jid = await prosody.createAccount('bench', password);
const dataDir = await mkdtemp(join(tmpdir(), 'foyer-bench-upload-daemon-'));
const child = fork(DAEMON_CHILD_URL, {
  execArgv: ['--expose-gc'],
  env: {
    ...process.env, FOYER_DATA: dataDir, FOYER_PORT: String(daemonPort), FOYER_BIND: '127.0.0.1',
    FOYER_XMPP: `${prosody.bindAddress}:${prosody.c2sPort}`, BENCH_XMPP_CA: prosody.certificatePem,
    FOYER_PUBLIC_URL: publicUrl, FOYER_FILE_SHARE_URL: prosody.httpUrl,
  },
});
const next = <T>() => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
const linker = new Linker({
  jid, password, runtime: { ticker: new Ticker() }, features: [disco, uploadFeature],
  server: { host: prosody.bindAddress, port: prosody.c2sPort, directTls: false },
  tls: { pinnedCertificate: prosody.certificatePem },
});
try {
  await next<{ port: number }>();
  const login = await fetch(`${publicUrl}api/login`, { method: 'POST', body: JSON.stringify({ address: jid, password }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  child.send('measure');
  const before = await next<{ rss: number; maxRss: number }>();
  await linker.start();
  const upload = linker.feature<UploadApi>('upload');
  const file = randomBytes(size);
  const times = { directPut: [] as number[], daemonPut: [] as number[], directGet: [] as number[], daemonGet: [] as number[] };

  for (let run = 0; run < runs; run++) {
    const slot = await upload.requestSlot({ name: `direct-${run}.bin`, size, mediaType: 'application/octet-stream' });
    const directUrl = slot.put.url.replace(publicUrl, prosody.httpUrl);
    const direct = await exchange(directUrl, 'PUT', { ...slot.put.headers, 'content-length': size }, file);
    if (direct.status !== 201) throw new Error(`direct PUT: HTTP ${direct.status}`);
    times.directPut.push(direct.ms);

    const through = await exchange(`${publicUrl}api/upload`, 'POST', {
      cookie, 'content-type': 'application/octet-stream', 'content-length': size, 'x-foyer-filename': `daemon-${run}.bin`,
    }, file);
    if (through.status !== 200) throw new Error(`POST /api/upload: HTTP ${through.status}`);
    times.daemonPut.push(through.ms);

    const directGet = await exchange(directUrl, 'GET', {}, null);
    const daemonGet = await exchange(slot.get.url, 'GET', {}, null);
    if (directGet.received !== size || daemonGet.received !== size) throw new Error('a download came back short');
    times.directGet.push(directGet.ms);
    times.daemonGet.push(daemonGet.ms);
  }
  child.send('measure');
  const after = await next<{ rss: number; maxRss: number }>();

  const figures = {
    fileMiB: size / 1024 / 1024,
    runs,
    uploadMBps: { direct: mbPerSecond(size, median(times.directPut)), daemon: mbPerSecond(size, median(times.daemonPut)) },
    downloadMBps: { direct: mbPerSecond(size, median(times.directGet)), daemon: mbPerSecond(size, median(times.daemonGet)) },
    daemonRssMiB: { beforeUploads: Math.round(before.rss / 1048576), peak: Math.round(after.maxRss / 1048576) },
  };
  console.log(`\nShared files, ${figures.fileMiB} MiB each, median of ${runs} runs (MB/s = 10^6 bytes per second)\n`);
  console.log('| transfer | straight to Prosody | through the daemon |');
  console.log('| --- | --- | --- |');
  console.log(`| upload (PUT / POST /api/upload) | ${figures.uploadMBps.direct} MB/s | ${figures.uploadMBps.daemon} MB/s |`);
  console.log(`| download (GET) | ${figures.downloadMBps.direct} MB/s | ${figures.downloadMBps.daemon} MB/s |`);
  console.log(`\nDaemon RSS: ${figures.daemonRssMiB.beforeUploads} MiB before the uploads, peak ${figures.daemonRssMiB.peak} MiB over all of them.\n`);
  console.log(JSON.stringify(figures));
} finally {
  await linker.stop();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  await prosody.stop();
  await rm(baseDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}
