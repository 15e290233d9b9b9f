// The Prosody process and its lifetime. Prosody must never outlive the Node process that
// started it, even when that one is killed (a test run's timeout sends SIGTERM, which skips
// 'exit' handlers). So Prosody runs under a small sh watchdog that holds the read end of a
// pipe from Node: when Node is gone, however it ended, the pipe reads EOF and the watchdog
// stops Prosody. The watchdog also forwards SIGTERM/SIGINT/SIGHUP and exits with
// Prosody's status, so to Node it looks like Prosody itself.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

// $1 prosody binary, $2 config file; fd 3 receives Prosody's pid.
// Asynchronous commands get /dev/null as stdin, hence the copy of stdin on fd 4.
const WATCHDOG = `
"$1" -F --config "$2" 3>&- &
prosody=$!
echo "$prosody" >&3
exec 3>&- 4<&0
trap 'kill -TERM "$prosody" 2>/dev/null' TERM INT HUP
(read -r _ <&4; kill -TERM "$prosody" 2>/dev/null) &
watchdog=$!
exec 4<&-
status=0
while kill -0 "$prosody" 2>/dev/null; do wait "$prosody"; status=$?; done
kill "$watchdog" 2>/dev/null
exit "$status"
`;

export interface ProsodyExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ProsodyProcess {
  private output = '';
  private exitInfo: ProsodyExit | undefined;

  private constructor(
    private readonly watchdog: ChildProcess,
    /** Prosody's own pid (not the watchdog's). */
    readonly pid: number,
    readonly exited: Promise<ProsodyExit>,
  ) {
    const keep = (chunk: Buffer): void => { this.output = (this.output + chunk.toString()).slice(-4000); };
    watchdog.stdout?.on('data', keep);
    watchdog.stderr?.on('data', keep);
    void exited.then((exit) => { this.exitInfo = exit; });
  }

  static async spawn(prosody: string, configFile: string, cwd: string): Promise<ProsodyProcess> {
    const watchdog = spawn('sh', ['-c', WATCHDOG, 'foyer-prosody', prosody, configFile], {
      cwd, stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<ProsodyExit>((resolve) => {
      watchdog.once('exit', (code, signal) => resolve({ code, signal }));
      // No sh to run: reported like a shell's "command not found".
      watchdog.once('error', () => resolve({ code: 127, signal: null }));
    });
    const pid = await readPid(watchdog.stdio[3] as Readable, exited);
    liveProcesses.add(pid);
    void exited.then(() => liveProcesses.delete(pid));
    return new ProsodyProcess(watchdog, pid, exited);
  }

  /** Last few KiB of what Prosody printed (startup errors come here, before its log opens). */
  get outputTail(): string { return this.output; }

  get hasExited(): boolean { return this.exitInfo !== undefined; }

  /** SIGTERM, then SIGKILL when Prosody has not exited within `graceMs`. */
  async terminate(graceMs: number): Promise<void> {
    if (this.hasExited) return;
    this.watchdog.kill('SIGTERM');
    const grace = new AbortController();
    const timeout = sleep(graceMs, 'timeout' as const, { signal: grace.signal }).catch(() => 'cancelled' as const);
    const outcome = await Promise.race([this.exited, timeout]);
    grace.abort(); // a pending timer would keep this process alive
    if (outcome === 'timeout') {
      killQuietly(this.pid, 'SIGKILL');
      await this.exited;
    }
  }
}

function readPid(pipe: Readable, exited: Promise<ProsodyExit>): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    pipe.setEncoding('utf8');
    pipe.on('data', (chunk: string) => {
      text += chunk;
      const pid = Number(text.trim());
      if (text.includes('\n') && Number.isInteger(pid) && pid > 0) resolve(pid);
    });
    void exited.then((exit) => reject(new Error(`Prosody watchdog exited before starting Prosody (${exit.code ?? exit.signal})`)));
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

// Also stop Prosody at once on a normal exit, rather than when the watchdog notices.
const liveProcesses = new Set<number>();
process.on('exit', () => {
  for (const pid of liveProcesses) killQuietly(pid, 'SIGTERM');
});
