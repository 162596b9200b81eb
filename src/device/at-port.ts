// One AT command on the modem's AT port (serial tty): allowlisted command out, lines in until a final result code.
//
// The tty is opened through Platform.openTty: natively on the router (qjs); on Node through the
// optional `serialport` package, loaded inside the call (src/platform/node/tty.ts), so without it
// only an AT command fails, with AtUnavailableError.

import { platform, type DevicePort, type PlatformError } from '../platform';
import { Emitter } from '../util/emitter';
import { decodeLatin1, encodeLatin1 } from '../util/utf8';
import { AbortedError, Clock, systemClock, waitFor } from '../util/wait';
import { AtScan, normalizeAtCommand, normalizeUsbCompositionCommand, scanAtResponse } from './at-lines';

import { AtCommandError, AtPortError, AtRefusedError, AtUnavailableError } from './at-errors';

export { AtCommandError, AtPortError, AtRefusedError, AtUnavailableError } from './at-errors';

/** Default time for one command, ms (open + write + response). */
export const DEFAULT_AT_TIMEOUT_MS = 10_000;
/** Most response bytes kept; more is a runaway port (AtPortError). */
export const MAX_AT_RESPONSE = 64 * 1024;
/** Line speed. cdc-acm and USB serial modem ports ignore it; 115200 8N1 is what modems default to. */
const BAUD_RATE = 115200;

/**
 * The few stream members sendAtCommand uses (the shape of a serialport SerialPort), so tests can
 * inject a fake. `data` chunks are strings (ISO-8859-1) or bytes. `close` is preferred when
 * present, else `destroy`.
 */
export interface AtStream {
  write(chunk: string, cb: (err?: Error | null) => void): unknown;
  on(event: 'data', fn: (chunk: Uint8Array | string) => void): unknown;
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
  /** Replaces the Platform.openTty opener (tests). */
  readonly open?: AtPortOpener;
  /** `usb-composition`: the daemon's own USB composition commands (normalizeUsbCompositionCommand) instead of the query allowlist. */
  readonly allow?: 'usb-composition';
  readonly clock?: Clock;
}

/**
 * Sends one allowlisted AT command (see normalizeAtCommand) to the tty at `path`, reads until a
 * final result code and closes the port. Resolves with the information lines (echo, blank lines
 * and the final `OK` removed) joined by `\n`. Rejects with: AtRefusedError (command not allowed,
 * path not absolute — nothing is opened), AtUnavailableError (the runtime cannot open ttys: Node
 * without serialport), AtPortError (open/write failed, port closed, response over 64 KiB), AtCommandError
 * (the modem answered ERROR / +CME ERROR / +CMS ERROR …), WaitTimeoutError, AbortedError.
 */
export function sendAtCommand(path: string, command: string, opts: AtCommandOptions = {}): Promise<string> {
  const cmd = opts.allow === 'usb-composition' ? normalizeUsbCompositionCommand(command) : normalizeAtCommand(command);
  if (cmd === undefined) return Promise.reject(new AtRefusedError(`command not allowed: ${JSON.stringify(command.slice(0, 60))}`));
  if (!path.startsWith('/') || /[\0\r\n]/.test(path)) return Promise.reject(new AtRefusedError(`AT port must be an absolute device path, got ${JSON.stringify(path.slice(0, 60))}`));
  const open = opts.open ?? openPlatformTty;
  return waitFor<string>(`AT ${cmd} on ${path}`, (done, fail) => {
    const ac = new AbortController();
    let port: AtStream | undefined;
    let text = '';
    const onData = (chunk: Uint8Array | string) => {
      text += typeof chunk === 'string' ? chunk : decodeLatin1(chunk);
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

/** An AtStream over Platform.openTty (raw, 115200 8N1); bytes are read and written as ISO-8859-1. */
class TtyAtStream extends Emitter implements AtStream {
  port?: DevicePort;
  write(chunk: string, cb: (err?: Error | null) => void): boolean {
    if (!this.port) { cb(new Error('port not open')); return false; }
    this.port.write(encodeLatin1(chunk)).then(() => cb(null), (e: Error) => cb(e));
    return true;
  }
  close(cb?: (err?: Error | null) => void): void { this.port?.close(); cb?.(null); }
}

/**
 * The default opener: Platform.openTty (raw mode, 115200 8N1; on Node through the optional
 * serialport package). Rejects with AtUnavailableError when the runtime cannot open ttys (Node
 * without serialport: code ENOTSUP), AtPortError for any other open failure (ENOENT, EACCES,
 * ENOTCHR/EMEMDEV for a path that is no tty), AbortedError when aborted meanwhile.
 */
async function openPlatformTty(path: string, signal: AbortSignal): Promise<AtStream> {
  const s = new TtyAtStream();
  try {
    s.port = await platform.openTty(path, BAUD_RATE, {
      onData: (chunk) => s.emit('data', decodeLatin1(chunk)),
      onClose: (err) => { if (err) s.emit('error', err); else s.emit('close'); },
    });
  } catch (e) {
    const pe = e as PlatformError;
    if (pe.code === 'ENOTSUP') throw new AtUnavailableError(pe.message);
    throw new AtPortError(path, `open failed: ${pe.message}`);
  }
  if (signal.aborted) { closeStream(s); throw new AbortedError(`AT port ${path}`); }
  return s;
}
