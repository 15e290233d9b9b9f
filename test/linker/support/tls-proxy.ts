// A TLS-terminating proxy between sessions and Prosody's direct-TLS port, so a test can see
// the plaintext stream, inject bytes into one session's inbound stream, or cut connections
// like a network failure would. It presents Prosody's own certificate, so the sessions'
// pinning accepts it exactly as it accepts Prosody.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { connect as tlsConnect, createServer, type Server, type TLSSocket } from 'node:tls';
import type { ProsodyServer } from '../../../src/prosody/server.js';
import type { Endpoint } from '../../../src/linker/transport/srv.js';

export interface ProxiedConnection {
  client: TLSSocket;
  upstream: TLSSocket;
  /** Bytes the server sent on this connection so far. */
  received: string;
  /** Bytes the session sent. */
  sent: string;
  /** While set, bytes are swallowed both ways: a link that died silently. */
  isFrozen: boolean;
}

export class TlsProxy {
  readonly connections: ProxiedConnection[] = [];
  #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(prosody: ProsodyServer): Promise<TlsProxy> {
    const key = await readFile(prosody.paths.key, 'utf8');
    let proxy: TlsProxy | undefined;
    const server = createServer({ cert: prosody.certificatePem, key }, (client) => {
      const upstream = tlsConnect({ host: prosody.bindAddress, port: prosody.c2sDirectTlsPort, ca: [prosody.certificatePem], servername: prosody.domain });
      const connection: ProxiedConnection = { client, upstream, received: '', sent: '', isFrozen: false };
      proxy!.connections.push(connection);
      client.on('data', (chunk: Buffer) => {
        if (connection.isFrozen) return;
        connection.sent += chunk.toString('utf8');
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (connection.isFrozen) return;
        connection.received += chunk.toString('utf8');
        client.write(chunk);
      });
      const closeBoth = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', closeBoth);
      upstream.on('close', closeBoth);
      client.on('error', closeBoth);
      upstream.on('error', closeBoth);
    });
    proxy = new TlsProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get endpoint(): Endpoint {
    return { host: '127.0.0.1', port: (this.#server.address() as AddressInfo).port, directTls: true };
  }

  /** The open connections whose stream was bound to `jid` (a bare JID). */
  connectionsOf(bareJid: string): ProxiedConnection[] {
    return this.connections.filter((c) => !c.client.destroyed && c.received.includes(`<jid>${bareJid}/`));
  }

  /** Writes raw bytes into the session's inbound stream, as if the server had sent them. */
  inject(connection: ProxiedConnection, bytes: string | Buffer): void {
    connection.client.write(bytes);
  }

  /** Cuts the connection at the TCP level on both sides, as a failing network would. */
  drop(connection: ProxiedConnection): void {
    connection.client.destroy();
    connection.upstream.destroy();
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) this.drop(connection);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
