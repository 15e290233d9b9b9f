// `npm start`: the one process a family's box runs. It starts the bundled Prosody unless
// FOYER_XMPP names another server, opens the cache, brings back every user's session, and
// serves the web app.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { startDaemon } from './start.js';

const config = loadConfig();
mkdirSync(config.dataDir, { recursive: true, mode: 0o750 });
const daemon = await startDaemon(config, {
  log: (line) => console.log(line),
  xmppCaPem: config.xmppCaFile ? readFileSync(config.xmppCaFile, 'utf8') : undefined,
});
console.log(`Foyer is serving http://${config.bind === '0.0.0.0' ? 'localhost' : config.bind}:${daemon.port}/ (data in ${config.dataDir})`);
if (daemon.prosody) {
  console.log(`Bundled Prosody for ${daemon.prosody.domain} on 127.0.0.1:${daemon.prosody.c2sPort}; add a family member with: ./foyer adduser NAME`);
  console.log(`(its log: ${join(config.dataDir, 'prosody', 'prosody.log')})`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    daemon.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed:', error);
        process.exit(1);
      },
    );
  });
}

// One user's session failing in the background must not stop the box for the whole family:
// a promise nobody waited on is logged, and everyone else carries on.
process.on('unhandledRejection', (reason) => {
  console.error(`error E_INTERNAL unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});
