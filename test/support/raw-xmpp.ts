// A deliberately dumb XMPP client for checking a server from the outside: it writes the
// text a test gives it and waits for text matching a pattern, with STARTTLS as the one
// protocol step it knows. Independent of Foyer's parser and linker, so it can test the
// server set-up before (and apart from) them.
//
// References: RFC 6120 §4 (streams), §5 (STARTTLS), §6 (SASL).
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';

export class RawXmpp {
  private received = '';
  private waiter: (() => void) | undefined;

  private constructor(private socket: Socket | TLSSocket) {
    this.listen(socket);
  }

  static connect(host: string, port: number): Promise<RawXmpp> {
    return new Promise((resolve, reject) => {
      const socket = connectTcp({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawXmpp(socket));
      });
    });
  }

  /** Direct TLS (XEP-0368) trusting only `ca`. */
  static connectTls(host: string, port: number, ca: string, servername: string): Promise<RawXmpp> {
    return new Promise((resolve, reject) => {
      const socket = connectTls({ host, port, ca, servername });
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(new RawXmpp(socket));
      });
    });
  }

  /** Connects, upgrades with STARTTLS and restarts the stream; resolves with the features then offered. */
  static async connectStartTls(host: string, port: number, domain: string, ca: string): Promise<{ client: RawXmpp; features: string }> {
    const client = await RawXmpp.connect(host, port);
    try {
      client.openStream(domain);
      await client.waitFor(/<\/stream:features>/);
      await client.startTls(ca, domain);
      client.openStream(domain);
      return { client, features: await client.waitFor(/<\/stream:features>/) };
    } catch (error) {
      client.close();
      throw error;
    }
  }

  get isEncrypted(): boolean {
    return 'encrypted' in this.socket && this.socket.encrypted === true;
  }

  send(text: string): void {
    this.socket.write(text);
  }

  openStream(domain: string): void {
    this.send(`<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xml:lang='en' `
      + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
  }

  /** Resolves with the received text up to and including the first match, and consumes it. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.received);
      if (match) {
        const end = match.index + match[0].length;
        const text = this.received.slice(0, end);
        this.received = this.received.slice(end);
        return text;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; received: ${this.received.slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
    }
  }

  /** RFC 6120 §5.4: <starttls/>, <proceed/>, then TLS on the same socket, trusting only `ca`. */
  async startTls(ca: string, servername: string): Promise<void> {
    this.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    await this.waitFor(/<proceed[^>]*\/>/);
    const plain = this.socket;
    plain.removeAllListeners('data');
    this.socket = await new Promise<TLSSocket>((resolve, reject) => {
      const secure = connectTls({ socket: plain, ca, servername });
      secure.once('error', reject);
      secure.once('secureConnect', () => {
        secure.off('error', reject);
        resolve(secure);
      });
    });
    this.listen(this.socket);
  }

  close(): void {
    this.socket.destroy();
  }

  private listen(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.waiter?.();
    });
    socket.on('error', () => this.waiter?.());
  }
}

/** The <mechanism> names in a <stream:features> text. */
export function saslMechanisms(features: string): string[] {
  return [...features.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((match) => match[1] as string);
}
