// A third-party XMPP client in a child process: xmpp.js (@xmpp/client) logs in, sends the
// given messages, and logs out. A child, because xmpp.js trusts the test server's certificate
// only through NODE_EXTRA_CA_CERTS, read when a process starts. Its stream management is
// turned off (the sm feature is hidden from it): it can acknowledge fewer stanzas than it got.
//   node xmpp-js-peer.js <host:port> <jid> <password> <messages.json: [{to, body}]>
import { readFileSync } from 'node:fs';

interface Peer {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  send(element: unknown): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): void;
  prependListener(event: string, listener: (element: any) => void): void;
}

// Imported by name so that the compiler does not need xmpp.js's (absent) type declarations.
const moduleName = '@xmpp/client';
const { client, xml } = (await import(moduleName)) as { client(options: Record<string, unknown>): Peer; xml(...args: unknown[]): unknown };

const [service, jid, password, messagesFile] = process.argv.slice(2) as [string, string, string, string];
const [username, domain] = jid.split('@') as [string, string];
const messages = JSON.parse(readFileSync(messagesFile, 'utf8')) as Array<{ to: string; body: string; id: string }>;
const peer = client({ service: `xmpp://${service}`, domain, username, password, resource: 'xmppjs', timeout: 30_000 });
peer.on('error', (error: Error) => {
  console.error(`xmpp.js: ${error.message}`);
  process.exit(1);
});
peer.prependListener('element', (element) => {
  if (element.name === 'stream:features') element.children = element.children.filter((child: any) => child.name !== 'sm');
});
await peer.start();
for (const message of messages) await peer.send(xml('message', { to: message.to, type: 'chat', id: message.id }, xml('body', {}, message.body)));
// The server handles what came before the stream's close.
await peer.stop();
console.log('sent');
