// A Foyer daemon in a child process for the memory bench: started exactly as `npm start`
// starts it (startDaemon), it reports its port, then answers 'measure' with its memory after
// a full garbage collection. Run with --expose-gc.
import { loadConfig } from '../../src/daemon/config.js';
import { startDaemon } from '../../src/daemon/start.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run me with --expose-gc through child_process.fork');

const daemon = await startDaemon(loadConfig(), { log: () => undefined, xmppCaPem: process.env.BENCH_XMPP_CA });
process.send({ port: daemon.port });
// A bench stopped half-way must not leave daemons behind.
process.on('disconnect', () => {
  void daemon.stop().finally(() => process.exit(1));
});
process.on('message', async (message) => {
  if (message === 'measure') {
    // Twice: the first collection can leave finalisation work for the second.
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    // maxRSS (KiB): the peak since start, which a streaming upload must keep low.
    process.send!({ rss, heapUsed, external, arrayBuffers, maxRss: process.resourceUsage().maxRSS * 1024, sessions: daemon.pool.size });
  } else if (message === 'stop') {
    await daemon.stop();
    process.exit(0);
  }
});
