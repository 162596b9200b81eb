// One AT command on the modem's AT port (serial tty): allowlisted command out, lines in until a final result code.
//
// The `serialport` npm package is loaded with require() inside the call, never at module load
// (esbuild keeps it external: scripts/build.mjs), so qmi4gd runs on routers without it or without
// its native binding; only an AT command then fails, with AtUnavailableError.

import { AbortedError, Clock, systemClock, waitFor } from '../util/wait';
import { AtScan, normalizeAtCommand, scanAtResponse } from './at-lines';

import { AtCommandError, AtPortError, AtRefusedError, AtUnavailableError } from './at-errors';

export { AtCommandError, AtPortError, AtRefusedError, AtUnavailableError } from './at-errors';

/** Default time for one command, ms (open + write + response). */
export const DEFAULT_AT_TIMEOUT_MS = 10_000;
/** Most response bytes kept; more is a runaway port (AtPortError). */
export const MAX_AT_RESPONSE = 64 * 1024;
/** Line speed. cdc-acm and USB serial modem ports ignore it; 115200 8N1 is what modems default to. */
const BAUD_RATE = 115200;

/**
 * The few stream members sendAtCommand uses: a subset of serialport's SerialPort (a Node Duplex),
 * so tests can inject a fake. `close` is preferred when present, else `destroy`.
 */
export interface AtStream {
  write(chunk: string, cb: (err?: Error | null) => void): unknown;
  on(event: 'data', fn: (chunk: Buffer | string) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
  removeAllListeners(event?: string): unknown;
  close?(cb?: (err?: Error | null) => void): void;
  destroy?(): void;
}

/** Opens `path` (exclusively, 115200 8N1) and resolves with the open stream; rejects with AtPortError or AtUnavailableError. */
export type AtPortOpener = (path: string, signal: AbortSignal) => Promise<AtStream>;

/** sendAtCommand options. */
export interface AtCommandOptions {
  /** Limit for the whole exchange, ms. Default 10000. Rejects with WaitTimeoutError. */
  readonly timeoutMs?: number;
  /** Aborting rejects with AbortedError and closes the port. */
  readonly signal?: AbortSignal;
  /** Replaces the serialport-backed opener (tests). */
  readonly open?: AtPortOpener;
  readonly clock?: Clock;
}

/**
 * Sends one allowlisted AT command (see normalizeAtCommand) to the tty at `path`, reads until a
 * final result code and closes the port. Resolves with the information lines (echo, blank lines
 * and the final `OK` removed) joined by `\n`. Rejects with: AtRefusedError (command not allowed,
 * path not absolute — nothing is opened), AtUnavailableError (serialport or its native binding
 * missing), AtPortError (open/write failed, port closed, response over 64 KiB), AtCommandError
 * (the modem answered ERROR / +CME ERROR / +CMS ERROR …), WaitTimeoutError, AbortedError.
 */
export function sendAtCommand(path: string, command: string, opts: AtCommandOptions = {}): Promise<string> {
  const cmd = normalizeAtCommand(command);
  if (cmd === undefined) return Promise.reject(new AtRefusedError(`command not allowed: ${JSON.stringify(command.slice(0, 60))}`));
  if (!path.startsWith('/') || /[\0\r\n]/.test(path)) return Promise.reject(new AtRefusedError(`AT port must be an absolute device path, got ${JSON.stringify(path.slice(0, 60))}`));
  const open = opts.open ?? openSerialPort;
  return waitFor<string>(`AT ${cmd} on ${path}`, (done, fail) => {
    const ac = new AbortController();
    let port: AtStream | undefined;
    let text = '';
    const onData = (chunk: Buffer | string) => {
      text += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
      if (text.length > MAX_AT_RESPONSE) { fail(new AtPortError(path, `response longer than ${MAX_AT_RESPONSE} bytes`)); return; }
      const r: AtScan = scanAtResponse(text, cmd);
      if (r.state === 'ok') done(r.lines.join('\n'));
      else if (r.state === 'error') fail(new AtCommandError(cmd, r.final, r.lines));
    };
    Promise.resolve().then(() => open(path, ac.signal)).then((p) => {
      if (ac.signal.aborted) { closeStream(p); return; }
      port = p;
      p.on('data', onData);
      p.on('error', (e) => fail(new AtPortError(path, e.message)));
      p.on('close', () => fail(new AtPortError(path, 'port closed before the response ended')));
      p.write(`${cmd}\r`, (err) => { if (err) fail(new AtPortError(path, `write failed: ${err.message}`)); });
    }, (e: unknown) => fail(e instanceof Error ? e : new AtPortError(path, String(e))));
    return () => {
      ac.abort();
      if (port) { port.removeAllListeners('data'); port.removeAllListeners('close'); closeStream(port); }
    };
  }, { timeoutMs: opts.timeoutMs ?? DEFAULT_AT_TIMEOUT_MS, signal: opts.signal, clock: opts.clock ?? systemClock });
}

/** Closes a stream, swallowing late errors (a close after the device vanished). */
function closeStream(p: AtStream): void {
  p.removeAllListeners('error');
  p.on('error', () => {});
  try {
    if (p.close) p.close(() => {});
    else p.destroy?.();
  } catch { /* already closed */ }
}

type SerialPortCtor = new (...args: unknown[]) => AtStream & { open(cb: (err?: Error | null) => void): void };

/**
 * Loads serialport now (not at module load). v10+ exports `{ SerialPort }` taking one options
 * object; older versions export the constructor taking (path, options). Any failure to load —
 * package absent, native binding missing or built for another Node — is AtUnavailableError.
 */
export function loadSerialPort(req: (id: string) => unknown = require): (path: string) => AtStream & { open(cb: (err?: Error | null) => void): void } {
  let mod: unknown;
  try {
    mod = req('serialport');
  } catch (e) {
    throw new AtUnavailableError((e as Error)?.message ?? String(e));
  }
  const m = mod as { SerialPort?: SerialPortCtor } & Partial<SerialPortCtor>;
  if (typeof m.SerialPort === 'function') {
    const Ctor = m.SerialPort;
    return (path) => new Ctor({ path, baudRate: BAUD_RATE, autoOpen: false });
  }
  if (typeof mod === 'function') {
    const Ctor = mod as SerialPortCtor;
    return (path) => new Ctor(path, { baudRate: BAUD_RATE, autoOpen: false });
  }
  throw new AtUnavailableError('the serialport module exports no SerialPort');
}

/** The default opener: serialport, loaded lazily. */
async function openSerialPort(path: string, signal: AbortSignal): Promise<AtStream> {
  const make = loadSerialPort();
  const port = make(path);
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(new AtPortError(path, `open failed: ${err.message}`)) : resolve()));
  });
  if (signal.aborted) { closeStream(port); throw new AbortedError(`AT port ${path}`); }
  return port;
}
