// Node.js AT ttys through the optional `serialport` package (raw mode and baud rate need termios,
// which Node has no API for). serialport is loaded with require() inside the call, never at module
// load, and esbuild keeps it external (scripts/build.mjs): qmi4g runs without it, and only an AT
// command then fails (code ENOTSUP).
import * as fs from 'node:fs';
import { platformError } from '../errors';
import type { DevicePort, PlatformError, StreamHandlers } from '../types';
import { openCheckedDevice } from './port';

/** The members of serialport's SerialPort (a Node Duplex) used here. */
interface SerialStream {
  open(cb: (err?: Error | null) => void): void;
  write(chunk: Uint8Array, cb: (err?: Error | null) => void): unknown;
  on(event: 'data', fn: (chunk: Uint8Array) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(cb?: (err?: Error | null) => void): void;
}
type SerialPortCtor = new (...args: unknown[]) => SerialStream;

/**
 * Loads serialport now. v10+ exports `{ SerialPort }` taking one options object; older versions
 * export the constructor taking (path, options). Any failure to load — package absent, native binding
 * missing or built for another Node — throws PlatformError ENOTSUP.
 */
export function loadSerialPort(req: (id: string) => unknown = require): (path: string, baud: number) => SerialStream {
  let mod: unknown;
  try {
    mod = req('serialport');
  } catch (e) {
    throw platformError('ENOTSUP', `the serialport package is not available: ${(e as Error)?.message ?? String(e)}`, 'open');
  }
  const m = mod as { SerialPort?: SerialPortCtor };
  if (typeof m.SerialPort === 'function') {
    const Ctor = m.SerialPort;
    return (path, baudRate) => new Ctor({ path, baudRate, autoOpen: false });
  }
  if (typeof mod === 'function') {
    const Ctor = mod as SerialPortCtor;
    return (path, baudRate) => new Ctor(path, { baudRate, autoOpen: false });
  }
  throw platformError('ENOTSUP', 'the serialport module exports no SerialPort', 'open');
}

/**
 * Platform.openTty for Node: the refusal check on our own O_NONBLOCK fd (closed again), then
 * serialport opens the path raw 8N1 at `baud`.
 */
export async function openTty(path: string, baud: number, handlers: StreamHandlers): Promise<DevicePort> {
  const make = loadSerialPort();
  const { fd, rdev } = openCheckedDevice(path);
  fs.closeSync(fd);
  const sp = make(path, baud);
  await new Promise<void>((resolve, reject) => {
    sp.open((err) => (err ? reject(platformError((err as NodeJS.ErrnoException).code ?? 'EIO', `${path}: open failed: ${err.message}`, 'open', path)) : resolve()));
  });
  let closed = false;
  const finish = (err: PlatformError | undefined) => {
    if (closed) return;
    closed = true;
    sp.removeAllListeners('data');
    sp.removeAllListeners('close');
    sp.removeAllListeners('error');
    sp.on('error', () => {});
    try { sp.close(() => {}); } catch { /* already closed */ }
    handlers.onClose(err);
  };
  sp.on('data', (d) => { if (!closed) handlers.onData(new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice()); });
  sp.on('error', (e) => finish(platformError((e as NodeJS.ErrnoException).code ?? 'EIO', `${path}: ${e.message}`, 'read', path)));
  sp.on('close', () => finish(platformError('EOF', `${path}: port closed`, 'read', path)));
  return {
    path,
    rdev,
    get closed() { return closed; },
    wdmMaxCommand: () => undefined,
    write: (bytes) => new Promise<void>((resolve, reject) => {
      if (closed) { reject(platformError('EBADF', `${path}: port closed`, 'write', path)); return; }
      sp.write(bytes, (err) => (err ? reject(platformError((err as NodeJS.ErrnoException).code ?? 'EIO', `${path}: write failed: ${err.message}`, 'write', path)) : resolve()));
    }),
    close: () => finish(undefined),
  };
}
