// Leveled, tagged logging to stderr (procd forwards it to syslog): `[wdm0] wds: …`.
import { platform } from './platform';

/** Log levels in increasing verbosity. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** A tagged logger. Callers must never pass secrets (PIN, PUK, password): redact first. */
export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  /** True when `debug` output is emitted (skip building hex traces otherwise). */
  readonly debugEnabled: boolean;
  /** A logger whose lines carry an extra tag, e.g. child('wds') → "[wdm0] wds: …". */
  child(tag: string): Logger;
}

/** Where log lines go; tests capture them to check that secrets never appear. */
export type LogSink = (line: string) => void;

let sink: LogSink = (line) => platform.writeStderr(`${line}\n`);
const envLevel = platform.env('QMI4G_LOG_LEVEL');
let level: LogLevel = isLogLevel(envLevel) ? envLevel : 'info';

/** Sets the process-wide level (from /etc/config/qmi4g `log_level`). */
export function setLogLevel(l: LogLevel): void { level = l; }
/** Replaces the sink (tests); returns the previous one. */
export function setLogSink(s: LogSink): LogSink { const prev = sink; sink = s; return prev; }

/** Is `l` a valid level name? */
export function isLogLevel(l: unknown): l is LogLevel { return typeof l === 'string' && Object.prototype.hasOwnProperty.call(ORDER, l); }

/**
 * A log line as syslog and terminals may show it: C0 controls, DEL and C1 controls (U+0080–U+009F)
 * become `\xNN`, so no message (or trace of modem data) can forge a line or send escape sequences.
 */
export function oneLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Creates a logger; `prefix` like "[wdm0]" or "sim". */
export function createLogger(prefix: string): Logger {
  const emit = (l: LogLevel, msg: string) => { if (ORDER[l] <= ORDER[level]) sink(oneLine(`${l === 'info' ? '' : `${l}: `}${prefix ? `${prefix} ` : ''}${msg}`)); };
  return {
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
    get debugEnabled() { return ORDER[level] >= ORDER.debug; },
    child: (tag) => createLogger(prefix ? `${prefix} ${tag}:` : `${tag}:`),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  error() {}, warn() {}, info() {}, debug() {}, debugEnabled: false, child: () => silentLogger,
};
