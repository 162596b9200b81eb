// Daemon settings from /etc/config/qmi4g (section `qmi4g 'main'`): log level, ubus socket, state and run directories, liveness check timing.
//
// A broken file never stops the daemon (procd would give up after its respawns and every
// cellular WAN would report DAEMON_UNAVAILABLE): a malformed statement drops only its line, a bad
// value falls back to that option's default, and each thing ignored is reported for the log.
import { isLogLevel, LogLevel } from '../log';
import { readUciFileLenient, sectionsOfType, getOption, UciPackage } from '../uci';

/** Where state that must survive restarts (the PIN ledger) lives by default. */
export const DEFAULT_STATE_DIR = '/etc/qmi4g';

/** Where the records a restarted daemon takes its interfaces back from live by default (tmpfs: gone after a reboot, as the modem's calls are). */
export const DEFAULT_RUN_DIR = '/var/run/qmi4g';

/** Settings with their defaults. */
export interface DaemonSettings {
  logLevel: LogLevel; ubusSocket?: string; stateDir: string;
  /** Option run_dir: interface records for adoption after a daemon crash. */
  runDir: string;
  /** `liveness_interval` / `liveness_timeout` (s in the file, ms here): how often a connected modem is asked whether its session is up, and how long it may take; unset = the session defaults (60 s / 10 s). */
  livenessIntervalMs?: number; livenessTimeoutMs?: number;
}

/** A whole number of seconds 1–86400 from option `name`, in ms; undefined when unset, null when invalid. */
function seconds(main: Parameters<typeof getOption>[0], name: string): number | null | undefined {
  const v = getOption(main, name);
  if (v === undefined) return undefined;
  if (Array.isArray(v) || !/^[0-9]{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 86400) return null;
  return Number(v) * 1000;
}

/** Settings plus one sentence per ignored line or option ("line 3: EOF with unterminated ' (ignored)"). */
export interface LoadedSettings { settings: DaemonSettings; ignored: string[] }

/** The defaults: log level info, the system ubus socket, state in /etc/qmi4g, interface records in /var/run/qmi4g. */
export function defaultDaemonSettings(): DaemonSettings { return { logLevel: 'info', stateDir: DEFAULT_STATE_DIR, runDir: DEFAULT_RUN_DIR }; }

/**
 * Settings from the parsed package: each option that is not valid keeps its default and adds a
 * sentence to `ignored`. Pure.
 */
export function settingsFromPackage(pkg: UciPackage, file = '/etc/config/qmi4g'): LoadedSettings {
  const settings = defaultDaemonSettings();
  const ignored: string[] = [];
  const main = sectionsOfType(pkg, 'qmi4g')[0];
  if (!main) return { settings, ignored };
  const level = getOption(main, 'log_level');
  if (level !== undefined) {
    if (isLogLevel(level)) settings.logLevel = level;
    else ignored.push(`${file}: option log_level must be error, warn, info or debug (using ${settings.logLevel})`);
  }
  const socket = getOption(main, 'ubus_socket');
  if (socket !== undefined) {
    if (typeof socket === 'string' && socket.startsWith('/')) settings.ubusSocket = socket;
    else ignored.push(`${file}: option ubus_socket must be one absolute path (using the default socket)`);
  }
  const stateDir = getOption(main, 'state_dir');
  if (stateDir !== undefined) {
    if (typeof stateDir === 'string' && stateDir.startsWith('/')) settings.stateDir = stateDir;
    else ignored.push(`${file}: option state_dir must be one absolute path (using ${DEFAULT_STATE_DIR})`);
  }
  const runDir = getOption(main, 'run_dir');
  if (runDir !== undefined) {
    if (typeof runDir === 'string' && runDir.startsWith('/')) settings.runDir = runDir;
    else ignored.push(`${file}: option run_dir must be one absolute path (using ${DEFAULT_RUN_DIR})`);
  }
  for (const [name, key] of [['liveness_interval', 'livenessIntervalMs'], ['liveness_timeout', 'livenessTimeoutMs']] as const) {
    const ms = seconds(main, name);
    if (ms === null) ignored.push(`${file}: option ${name} must be whole seconds, 1 to 86400 (using the session default)`);
    else if (ms !== undefined) settings[key] = ms;
  }
  return { settings, ignored };
}

/**
 * Reads DIR/qmi4g and never rejects: a missing file gives the defaults silently; an unreadable
 * file gives the defaults with a reason; a malformed statement drops its line (libuci's reason
 * and the line number are reported) and a bad value keeps that option's default.
 */
export async function loadDaemonSettings(configDir = '/etc/config'): Promise<LoadedSettings> {
  const file = `${configDir.replace(/\/+$/, '')}/qmi4g`;
  let read;
  try {
    read = await readUciFileLenient(file);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ENOENT') return { settings: defaultDaemonSettings(), ignored: [] };
    return { settings: defaultDaemonSettings(), ignored: [`${file}: not read (${err.message ?? String(e)}); using defaults`] };
  }
  const ignored = read.skipped.map((s) => `${file}: line ${s.line}: ${s.reason} (line ignored)`);
  const r = settingsFromPackage(read.pkg, file);
  return { settings: r.settings, ignored: [...ignored, ...r.ignored] };
}
