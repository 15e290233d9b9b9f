// `./foyer adduser NAME`: creates a family member's account on the bundled Prosody of a
// running Foyer, through that Prosody's admin socket. The password is read from standard
// input (not echoed on a terminal), never from the command line where `ps` would show it.
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { AdminShell } from '../prosody/admin-shell.js';
import { luaString } from '../prosody/lua.js';
import { loadConfig } from './config.js';
import { BUNDLED_DOMAIN } from './start.js';

async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  const lines = createInterface({ input, output: input.isTTY ? process.stdout : undefined, terminal: input.isTTY });
  if (input.isTTY) {
    process.stdout.write(prompt);
    // Echo nothing of what is typed.
    (lines as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  }
  const line = await new Promise<string>((resolve) => lines.once('line', resolve));
  lines.close();
  if (input.isTTY) process.stdout.write('\n');
  return line;
}

const name = process.argv[2];
const config = loadConfig();
if (!name || !/^[^@/\s"'&<>:]+$/.test(name)) {
  console.error('usage: ./foyer adduser NAME   (the password is asked for, or read from standard input)');
  process.exit(2);
}
if (config.xmpp) {
  console.error(`Foyer uses the XMPP server ${config.xmpp.host}: create accounts there.`);
  process.exit(2);
}
const password = await readPassword(`Password for ${name}: `);
if (password.length < 8) {
  console.error('The password must have at least 8 characters.');
  process.exit(1);
}
let shell: AdminShell;
try {
  shell = await AdminShell.connect(join(config.dataDir, 'prosody', 'prosody.sock'));
} catch {
  console.error('Foyer is not running here: start it first with ./foyer start');
  process.exit(1);
}
const jid = `${name.toLowerCase()}@${BUNDLED_DOMAIN}`;
try {
  await shell.run(`user:create(${luaString(jid)}, ${luaString(password)})`);
  console.log(`Created ${jid}: log in at Foyer's address with it.`);
} catch (error) {
  console.error(`Could not create ${jid}: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await shell.close();
}
