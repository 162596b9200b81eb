// The Node.js Platform (development, tests, the simulator's daemon): node: builtins behind the Platform interface.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { FileKind, Platform, PlatformFs, RunResult, SignalName } from '../types';
import { connectUnix, udpQuery } from './net';
import { openControlPort } from './port';
import { openTty } from './tty';

// Each open control port holds a threadpool thread in a blocking read (port.ts). libuv reads the
// size when the pool is first used, so this must run before any asynchronous fs/dns call; 4 (the
// default) would leave no thread for writes and file I/O with two modems open.
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = '32';

/** Bytes of a Buffer as a plain Uint8Array view (Buffer is a Uint8Array subclass; callers must not rely on Buffer methods). */
function bytes(b: Buffer): Uint8Array { return new Uint8Array(b.buffer, b.byteOffset, b.byteLength); }

function kindOf(st: fs.Stats): FileKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

const nodeFs: PlatformFs = {
  readBytes: (p) => bytes(fs.readFileSync(p)),
  readText: (p) => fs.readFileSync(p, 'utf8'),
  writeFile: (p, data, mode = 0o644) => fs.writeFileSync(p, data, { mode }),
  writeFileAtomic: (p, data, mode = 0o644) => {
    const tmp = `${p}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, data, { mode });
      fs.renameSync(tmp, p);
    } catch (e) {
      try { fs.unlinkSync(tmp); } catch { /* never created */ }
      throw e;
    }
  },
  exists: (p) => { try { return fs.existsSync(p); } catch { return false; } },
  readdir: (p) => fs.readdirSync(p),
  realpath: (p) => fs.realpathSync(p),
  readlink: (p) => fs.readlinkSync(p),
  stat: (p, follow = true) => {
    const st = follow ? fs.statSync(p) : fs.lstatSync(p);
    return { kind: kindOf(st), size: st.size, mtimeMs: st.mtimeMs };
  },
  mkdirp: (p, mode = 0o755) => { fs.mkdirSync(p, { recursive: true, mode }); },
  unlink: (p) => fs.unlinkSync(p),
};

const SIGNALS: readonly SignalName[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
const DEFAULT_MAX_OUTPUT = 1024 * 1024;

/** The Node.js implementation of Platform. */
export const platform: Platform = {
  name: 'node',
  openControlPort,
  openTty,
  connectUnix,
  udpQuery,

  run(argv, opts) {
    if (argv.length === 0 || argv.some((a) => typeof a !== 'string' || a.includes('\0'))) {
      return Promise.reject(new RangeError(`run: bad argv ${JSON.stringify(argv)}`));
    }
    const max = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
    return new Promise<RunResult>((resolve) => {
      let timedOut = false;
      const ac = new AbortController();
      const onAbort = () => ac.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => { timedOut = true; ac.abort(); }, opts.timeoutMs);
      execFile(argv[0], argv.slice(1), { signal: ac.signal, killSignal: 'SIGKILL', maxBuffer: Number.MAX_SAFE_INTEGER, encoding: 'buffer', windowsHide: true }, (err, out, errOut) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        const e = err as (NodeJS.ErrnoException & { code?: string | number; signal?: string }) | null;
        let exitCode: number | null = 0;
        let signal: string | undefined;
        if (e) {
          if (typeof e.code === 'number') exitCode = e.code;
          else if (e.code === 'ENOENT' || e.code === 'EACCES') exitCode = 127;
          else exitCode = null;
          if (e.signal) { signal = e.signal; exitCode = null; } else if (e.code === 'ABORT_ERR') { signal = 'SIGKILL'; exitCode = null; }
        }
        const text = (b: Buffer | string) => (typeof b === 'string' ? b : b.subarray(0, max).toString('utf8'));
        resolve({ exitCode, signal, timedOut, aborted: !timedOut && opts.signal?.aborted === true, stdout: text(out), stderr: text(errOut) });
      });
    });
  },

  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  defer: (fn) => { setImmediate(fn); },
  monotonicMs: () => performance.now(),

  sha256: (data) => bytes(createHash('sha256').update(data).digest()),
  randomBytes: (n) => bytes(randomBytes(n)),

  fs: nodeFs,

  argv: process.argv.slice(2),
  env: (name) => process.env[name],
  pid: process.pid,
  writeStdout: (text) => { writeAll(1, text); },
  writeStderr: (text) => { writeAll(2, text); },
  isatty: (fd) => (fd === 1 ? process.stdout.isTTY : process.stderr.isTTY) === true,
  onSignal(signal, handler) {
    if (!SIGNALS.includes(signal)) throw new RangeError(`onSignal: unsupported signal ${signal}`);
    process.on(signal, handler);
    return () => { process.off(signal, handler); };
  },
  exit(code) { process.exit(code); },
};

/**
 * Writes through process.stdout/stderr (synchronous for files, pipes and ttys on Linux: Node docs,
 * "A note on process I/O"), so test harnesses that capture the streams see the text too.
 */
function writeAll(fd: 1 | 2, text: string): void {
  (fd === 1 ? process.stdout : process.stderr).write(text);
}
