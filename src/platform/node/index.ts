// The Node.js Platform (development, tests, the simulator's daemon): node: builtins behind the Platform interface.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { FileKind, Platform, PlatformFs, RunResult, SignalName } from '../types';
import { connectUnix, udpQuery } from './net';
import { listenUnix } from './listen';
import { openControlPort } from './port';
import { openTty } from './tty';

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
  listenUnix,
  udpQuery,

  run(argv, opts) {
    if (argv.length === 0 || argv.some((a) => typeof a !== 'string' || a.includes('\0'))) {
      return Promise.reject(new RangeError(`run: bad argv ${JSON.stringify(argv)}`));
    }
    const max = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
    return new Promise<RunResult>((resolve) => {
      let timedOut = false;
      let aborted = false;
      let spawnFailed = false;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outLen = 0;
      let errLen = 0;
      // stdin is /dev/null ('ignore'), as the Platform contract says; no shell.
      const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
      const onAbort = () => { aborted = true; kill(); };
      if (opts.signal?.aborted) onAbort(); else opts.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => { timedOut = true; kill(); }, opts.timeoutMs);
      child.stdout!.on('data', (d: Buffer) => { if (outLen < max) { out.push(d); outLen += d.length; } });
      child.stderr!.on('data', (d: Buffer) => { if (errLen < max) { err.push(d); errLen += d.length; } });
      child.on('error', () => { spawnFailed = true; });
      child.on('close', (code, sig) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        const text = (parts: Buffer[]) => Buffer.concat(parts).subarray(0, max).toString('utf8');
        resolve({
          exitCode: spawnFailed ? 127 : sig ? null : code,
          signal: spawnFailed ? undefined : sig ?? undefined,
          timedOut: timedOut && !aborted,
          aborted,
          stdout: text(out),
          stderr: text(err),
        });
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
  heapUsage: (collect) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (collect && gc) gc();
    return { bytes: process.memoryUsage().heapUsed };
  },
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
