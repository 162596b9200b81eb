// The QuickJS Platform (the router runtime, qmi4gd): quickjs-libc's `std` and `os` modules plus the
// qmi4g_native C module (native/qmi4g_native.c) behind the Platform interface of ../types.ts.
// Importing it also fills in the globals qmi4g's code may use that QuickJS lacks (globals.ts).
import * as std from 'qjs:std';
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import type { Platform, SignalName } from '../types';
import { installGlobals } from './globals';
import { qjsFs } from './fs';
import { connectUnix, udpQuery } from './net';
import { listenUnix } from './listen';
import { openControlPort, openTty } from './port';
import { run } from './process';
import { sha256 } from './sha256';
import { check } from './sys';
import { clearTimer, setTimer } from './timers';
import { encodeUtf8 as utf8Encode } from '../../util/utf8';

/** Handlers per signal number; the os.signal dispatcher runs them in registration order. */
const signalHandlers = new Map<number, (() => void)[]>();

function onSignal(name: SignalName, handler: () => void): () => void {
  const num = native[name];
  let list = signalHandlers.get(num);
  if (!list) {
    const fresh: (() => void)[] = [];
    list = fresh;
    signalHandlers.set(num, fresh);
    os.signal(num, () => { for (const h of [...fresh]) h(); });
  }
  list.push(handler);
  return () => {
    const l = signalHandlers.get(num);
    if (!l) return;
    const i = l.indexOf(handler);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) {
      signalHandlers.delete(num);
      os.signal(num, null);
    }
  };
}

function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomBytes: bad length ${n}`);
  const out = new Uint8Array(n);
  const fd = check(os.open('/dev/urandom', native.O_RDONLY | native.O_CLOEXEC), 'open', '/dev/urandom');
  try {
    for (let got = 0; got < n;) {
      const r = os.read(fd, out.buffer as ArrayBuffer, got, n - got);
      if (r === -native.EINTR) continue;
      got += check(r, 'read', '/dev/urandom');
    }
  } finally {
    os.close(fd);
  }
  return out;
}

/** The QuickJS implementation of Platform. */
export const platform: Platform = {
  name: 'qjs',
  openControlPort,
  openTty,
  connectUnix,
  listenUnix,
  udpQuery,
  run,
  setTimeout: setTimer,
  clearTimeout: clearTimer,
  defer: (fn) => { setTimer(fn, 0); },
  monotonicMs: os.now,
  sha256: (data) => sha256(typeof data === 'string' ? utf8Encode(data) : data),
  randomBytes,
  fs: qjsFs,
  // scriptArgs: [program, args…] for a qjsc executable (qmi4gd); the qjs test host drops its own name
  argv: (globalThis as unknown as { scriptArgs: string[] }).scriptArgs.slice(1),
  env: (name) => std.getenv(name) ?? undefined,
  pid: os.getpid(),
  heapUsage: (collect) => {
    const [bytes, , objects, strings, stringBytes, atoms, shapes, arrayElements, bufferBytes] = native.memoryUsage(collect === true);
    return { bytes, objects, strings, stringBytes, atoms, shapes, arrayElements, bufferBytes };
  },
  writeStdout: (text) => { std.out.puts(text); std.out.flush(); },
  writeStderr: (text) => { std.err.puts(text); std.err.flush(); },
  isatty: (fd) => os.isatty(fd),
  onSignal,
  exit(code) {
    std.out.flush();
    std.err.flush();
    return std.exit(code);
  },
};

installGlobals(platform);
