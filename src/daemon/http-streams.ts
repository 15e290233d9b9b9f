// uWebSockets.js request and response bodies as Node streams, with backpressure both ways:
// an upload is read from the browser only as fast as the file share takes it, and a
// download is read from the file share only as fast as the browser takes it, so neither is
// ever held whole in memory.
import { Readable } from 'node:stream';
import type { HttpResponse } from 'uws-pack';

/**
 * What a handler tracks about its response: once aborted or answered, `res` must not be
 * touched. uWS keeps one abort handler per response, so this is it, shared by listeners.
 */
export class ResponseState {
  aborted = false;
  answered = false;
  readonly #abortListeners = new Set<() => void>();

  constructor(res: HttpResponse) {
    res.onAborted(() => {
      this.aborted = true;
      for (const listener of this.#abortListeners) listener();
    });
  }

  get isOpen(): boolean {
    return !this.aborted && !this.answered;
  }

  onAbort(listener: () => void): void {
    this.#abortListeners.add(listener);
  }
}

/** Chunks buffered before reading from the socket pauses. */
const BODY_HIGH_WATER_MARK = 256 * 1024;

/**
 * The request body as a Readable. Must be created synchronously in the route handler (uWS
 * drops body data that arrives with no onData handler). An aborted request destroys it.
 */
export function requestBody(res: HttpResponse, state: ResponseState): Readable {
  let isPaused = false;
  const body = new Readable({
    highWaterMark: BODY_HIGH_WATER_MARK,
    read() {
      if (isPaused && state.isOpen) {
        isPaused = false;
        res.resume();
      }
    },
  });
  state.onAbort(() => body.destroy(new Error('the browser went away during the upload')));
  res.onData((chunk, isLast) => {
    // uWS reuses the chunk's memory after this call returns: copy it.
    const hasRoom = body.push(Buffer.from(chunk.slice(0)));
    if (isLast) {
      body.push(null);
      // All of the body is here, and an ended Readable never reads again: a connection left
      // paused would never read its next request (uWS keeps the pause across keep-alive).
      if (isPaused && state.isOpen) {
        isPaused = false;
        res.resume();
      }
    } else if (!hasRoom && !isPaused && state.isOpen) {
      isPaused = true;
      res.pause();
    }
  });
  return body;
}

/**
 * Streams `source` as the body of an answer whose status and headers `writeHead` writes,
 * `totalSize` bytes long (uWS writes Content-Length). Resolves when all was sent or the
 * browser went away.
 */
export function streamReply(
  res: HttpResponse,
  state: ResponseState,
  source: Readable,
  totalSize: number,
  writeHead: (res: HttpResponse) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      state.answered = true;
      source.destroy();
      resolve();
    };
    state.onAbort(() => {
      source.destroy();
      resolve();
    });
    if (totalSize === 0) {
      res.cork(() => {
        writeHead(res);
        res.end();
      });
      return finish();
    }
    res.cork(() => writeHead(res));
    let isWaitingForWritable = false;
    source.on('data', (chunk: Buffer) => {
      if (!state.isOpen) return void source.destroy();
      const startOffset = res.getWriteOffset();
      let ok = false;
      let done = false;
      res.cork(() => {
        [ok, done] = res.tryEnd(chunk, totalSize);
      });
      if (done) return finish();
      if (ok) return;
      // The browser is slower than the file share: wait until uWS has sent this chunk.
      source.pause();
      isWaitingForWritable = true;
      res.onWritable((offset) => {
        const [sent, isDone] = res.tryEnd(chunk.subarray(offset - startOffset), totalSize);
        if (isDone) finish();
        else if (sent) {
          isWaitingForWritable = false;
          source.resume();
        }
        return sent;
      });
    });
    // The file share closed early (it crashed, the file shrank): cut the connection so the
    // browser sees a broken download, not a complete-looking short one.
    const cut = () => {
      if (!state.isOpen) return;
      state.answered = true;
      res.close();
      resolve();
    };
    source.on('end', () => {
      if (!isWaitingForWritable) cut();
    });
    source.on('error', cut);
  });
}
