// Child processes on QuickJS: os.exec (fork + execvp, stdin /dev/null, stdout/stderr into pipes read
// on the event loop) and os.waitpid. Exits are noticed on SIGCHLD and, because QuickJS checks signals
// only between select(2) calls (one arriving just before select waits until the next event), also
// when both pipes reached end of file: the child is reaped then, retrying shortly if it has closed
// its output but not yet exited.
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import type { RunOptions, RunResult } from '../types';
import { signalName } from './sys';
import { clearTimer, setTimer } from './timers';
import { decodeUtf8 as utf8Decode } from '../../util/utf8';

/** Default bytes kept of stdout and of stderr each (types.ts). */
const MAX_OUTPUT = 1 << 20;
/** Re-checks of an exit after end of file on its pipes, ms (doubling; SIGCHLD normally comes first). */
const REAP_RETRY_MS = [1, 2, 4, 8, 16, 32, 64, 128];
/** How long output is still read after the process exited (a grandchild may keep the pipes open), ms. */
const PIPE_GRACE_MS = 100;

interface Child {
  pid: number;
  onExit(status: number): void;
}
const children = new Map<number, Child>();
let sigchldInstalled = false;

/** Reaps `c` if it exited; true when it did. */
function reap(c: Child): boolean {
  const [r, status] = os.waitpid(c.pid, os.WNOHANG);
  if (r !== c.pid) return false;
  children.delete(c.pid);
  c.onExit(status);
  return true;
}

function onSigchld(): void {
  for (const c of [...children.values()]) reap(c);
}

/** Collects up to `max` bytes from pipe fd `fd`; calls onEof once at end of file or error. */
function drain(fd: number, max: number, onEof: () => void): { text(): string; stop(): void } {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  const buf = new ArrayBuffer(4096);
  let done = false;
  const stop = (): void => {
    if (done) return;
    done = true;
    os.setReadHandler(fd, null);
    os.close(fd);
  };
  os.setReadHandler(fd, () => {
    const n = os.read(fd, buf, 0, buf.byteLength);
    if (n === -native.EAGAIN || n === -native.EINTR) return;
    if (n > 0) {
      const take = Math.min(n, max - kept);
      if (take > 0) chunks.push(new Uint8Array(buf.slice(0, take)));
      kept += take;
      return;
    }
    stop();
    onEof();
  });
  return {
    stop,
    text(): string {
      const all = new Uint8Array(kept);
      let o = 0;
      for (const c of chunks) { all.set(c, o); o += c.length; }
      return utf8Decode(all);
    },
  };
}

/** Platform.run on QuickJS (see types.ts). */
export function run(argv: readonly string[], opts: RunOptions): Promise<RunResult> {
  if (argv.length === 0) return Promise.reject(new RangeError('run: empty argv'));
  if (argv.some((a) => typeof a !== 'string' || a.includes('\0'))) return Promise.reject(new RangeError('run: arguments must be strings without NUL bytes'));
  if (!sigchldInstalled) {
    os.signal(native.SIGCHLD, onSigchld);
    sigchldInstalled = true;
  }
  return new Promise<RunResult>((resolve) => {
    const max = opts.maxOutput ?? MAX_OUTPUT;
    const out = os.pipe();
    const err = os.pipe();
    const devnull = os.open('/dev/null', os.O_RDONLY);
    if (!out || !err || devnull < 0) throw new Error('run: cannot create pipes');
    let pid: number;
    try {
      pid = os.exec([...argv], { block: false, usePath: true, stdin: devnull, stdout: out[1], stderr: err[1] });
    } finally {
      os.close(devnull);
      os.close(out[1]);
      os.close(err[1]);
    }
    let open = 2;
    let status: number | undefined;
    let timedOut = false;
    let aborted = false;
    let retry = 0;
    let retryTimer: unknown;
    const kill = (): void => { if (status === undefined) os.kill(pid, native.SIGKILL); };
    const onAbort = (): void => { aborted = true; kill(); };
    const timer = setTimer(() => { timedOut = true; kill(); }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    const child: Child = {
      pid,
      onExit: (s) => {
        status = s;
        // a grandchild may hold the pipes open: output after the exit is not waited for long
        if (open > 0) retryTimer = setTimer(() => { stdout.stop(); stderr.stop(); open = 0; settle(); }, PIPE_GRACE_MS);
        settle();
      },
    };
    children.set(pid, child);
    const onEof = (): void => {
      open--;
      if (open > 0) return;
      if (status !== undefined) settle();
      else if (!reap(child)) recheck();
    };
    const recheck = (): void => {
      if (status !== undefined || retry >= REAP_RETRY_MS.length) return;
      retryTimer = setTimer(() => { if (status === undefined && !reap(child)) recheck(); }, REAP_RETRY_MS[retry++]);
    };
    const stdout = drain(out[0], max, onEof);
    const stderr = drain(err[0], max, onEof);
    function settle(): void {
      if (open > 0 || status === undefined) return;
      clearTimer(timer);
      clearTimer(retryTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Linux wait status (the same on every architecture): low 7 bits the signal, else exit code << 8
      const sig = status & 0x7f;
      resolve({
        exitCode: sig === 0 ? (status >> 8) & 0xff : null,
        signal: sig === 0 ? undefined : signalName(sig, os as unknown as Record<string, unknown>),
        timedOut,
        aborted,
        stdout: stdout.text(),
        stderr: stderr.text(),
      });
    }
  });
}
