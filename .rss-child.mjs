import v8 from 'node:v8';
import { loadConfig } from './dist/src/daemon/config.js';
import { startDaemon } from './dist/src/daemon/start.js';
const daemon = await startDaemon(loadConfig(), { log: () => undefined });
process.send({ port: daemon.port });
process.on('message', async (message) => {
  if (message === 'measure') {
    gc(); await new Promise((r) => setTimeout(r, 50)); gc();
    if (process.env.SNAP) v8.writeHeapSnapshot(process.env.SNAP);
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    console.error('heapTotal', (heapTotal/1048576).toFixed(1), v8.getHeapSpaceStatistics().map((s) => `${s.space_name}:${(s.physical_space_size/1048576).toFixed(2)}`).join(' '));
    process.send({ rss, heapUsed, external });
  } else if (message === 'stop') { await daemon.stop(); process.exit(0); }
});
