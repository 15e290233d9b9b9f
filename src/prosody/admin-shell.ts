// A client for Prosody's admin shell (mod_admin_shell over mod_admin_socket's unix socket),
// the channel `prosodyctl shell` uses. One connection runs many commands, so creating
// hundreds of accounts costs one hashing step each instead of one prosodyctl start each.
//
// The protocol is a small XML stream in the "xmpp:prosody.im/admin" namespace: the client
// sends <repl-input>lua</repl-input>; the server answers with any number of
// <repl-output>text</repl-output> then one <repl-result [type='error']>text</repl-result>,
// in order. Its stanzas are flat text elements, so they are read with a small scanner
// rather than the full XMPP parser.
//
// References: Prosody util/adminstream.lua, util/prosodyctl/shell.lua, mod_admin_shell.lua
// (0.12 and 13.0); https://prosody.im/doc/console
import { connect, type Socket } from 'node:net';

export class AdminShellError extends Error {
  constructor(message: string, readonly code: 'E_PROSODY_SHELL_COMMAND' | 'E_PROSODY_SHELL_CLOSED' | 'E_PROSODY_SHELL_CONNECT') {
    super(message);
  }
}

interface PendingCommand {
  output: string[];
  resolve(result: string): void;
  reject(error: Error): void;
}

const STREAM_HEADER = "<?xml version='1.0'?><stream:stream xmlns='xmpp:prosody.im/admin' "
  + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
// One reply stanza at the start of the buffer (after optional keepalive whitespace).
const REPLY = /^\s*<(repl-output|repl-result)((?:\s+[\w:-]+=(?:'[^']*'|"[^"]*"))*)\s*(?:\/>|>([^<]*)<\/\1>)/;
const ERROR_TYPE = /\stype=['"]error['"]/;

export class AdminShell {
  private buffer = '';
  private isStreamOpen = false;
  private closedError: AdminShellError | undefined;
  private readonly pending: PendingCommand[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (error) => this.fail(new AdminShellError(`admin socket: ${error.message}`, 'E_PROSODY_SHELL_CLOSED')));
    socket.on('close', () => this.fail(new AdminShellError('admin socket closed', 'E_PROSODY_SHELL_CLOSED')));
  }

  static connect(socketPath: string): Promise<AdminShell> {
    return new Promise((resolve, reject) => {
      const socket = connect({ path: socketPath });
      const onError = (error: Error): void => {
        reject(new AdminShellError(`cannot connect to ${socketPath}: ${error.message}`, 'E_PROSODY_SHELL_CONNECT'));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.write(STREAM_HEADER);
        resolve(new AdminShell(socket));
      });
    });
  }

  get isClosed(): boolean { return this.closedError !== undefined || this.socket.destroyed; }

  /** Runs one shell command (console syntax, e.g. `user:create("a@b", "pw")`); resolves with its result text. */
  run(command: string): Promise<string> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (/[\r\n]/.test(command)) return Promise.reject(new AdminShellError('a shell command is one line', 'E_PROSODY_SHELL_COMMAND'));
    return new Promise((resolve, reject) => {
      this.pending.push({ output: [], resolve, reject });
      this.socket.write(`<repl-input>${escapeText(command)}</repl-input>`);
    });
  }

  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end('</stream:stream>');
      // Prosody answers the close promptly; do not wait on it if it is shutting down.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    if (!this.isStreamOpen) {
      const headerEnd = this.buffer.search(/<stream:stream[^>]*>/);
      if (headerEnd < 0) return;
      this.buffer = this.buffer.slice(this.buffer.indexOf('>', headerEnd) + 1);
      this.isStreamOpen = true;
    }
    for (let match = REPLY.exec(this.buffer); match; match = REPLY.exec(this.buffer)) {
      this.buffer = this.buffer.slice(match[0].length);
      const [, name, attributes = '', text = ''] = match;
      const command = this.pending[0];
      if (!command) continue;
      if (name === 'repl-output') {
        command.output.push(unescapeText(text));
        continue;
      }
      this.pending.shift();
      const result = [...command.output, unescapeText(text)].join('\n');
      if (ERROR_TYPE.test(attributes)) command.reject(new AdminShellError(result, 'E_PROSODY_SHELL_COMMAND'));
      else command.resolve(result);
    }
    if (/^\s*<(?:\/stream:stream|stream:error)/.test(this.buffer)) {
      this.fail(new AdminShellError(`Prosody closed the admin stream: ${this.buffer.slice(0, 200)}`, 'E_PROSODY_SHELL_CLOSED'));
      this.socket.destroy();
    }
  }

  private fail(error: AdminShellError): void {
    this.closedError ??= error;
    for (const command of this.pending.splice(0)) command.reject(error);
  }
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] as string;
  });
}
