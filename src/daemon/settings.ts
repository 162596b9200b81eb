// Daemon settings from /etc/config/qmi4g (section `qmi4g 'main'`): log level, ubus socket, state directory, liveness check timing.
import { joinPath } from '../util/path';
import { isLogLevel, LogLevel } from '../log';
import { readUciFile, sectionsOfType, getOption, UciParseError } from '../uci';

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

/** A whole number of seconds 1–86400 from option `name`, in ms; undefined when unset. Throws naming the option. */
function seconds(main: Parameters<typeof getOption>[0] | undefined, name: string): number | undefined {
  const v = main ? getOption(main, name) : undefined;
  if (v === undefined) return undefined;
  if (Array.isArray(v) || !/^[0-9]{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 86400) throw new Error(`/etc/config/qmi4g: option ${name} must be whole seconds, 1 to 86400`);
  return Number(v) * 1000;
}

/**
 * Reads DIR/qmi4g; a missing file gives defaults. Throws UciParseError (with line) for a broken
 * file and Error naming the option for a bad value.
 */
export async function readDaemonSettings(configDir = '/etc/config'): Promise<DaemonSettings> {
  let pkg;
  try {
    pkg = await readUciFile(joinPath(configDir, 'qmi4g'));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { logLevel: 'info', stateDir: DEFAULT_STATE_DIR, runDir: DEFAULT_RUN_DIR };
    if (e instanceof UciParseError) throw e;
    throw e;
  }
  const main = sectionsOfType(pkg, 'qmi4g')[0];
  const level = main ? getOption(main, 'log_level') : undefined;
  const socket = main ? getOption(main, 'ubus_socket') : undefined;
  if (level !== undefined && !isLogLevel(level)) throw new Error(`/etc/config/qmi4g: option log_level must be error, warn, info or debug`);
  const stateDir = main ? getOption(main, 'state_dir') : undefined;
  if (Array.isArray(socket)) throw new Error('/etc/config/qmi4g: option ubus_socket must be a single path');
  if (stateDir !== undefined && (Array.isArray(stateDir) || !stateDir.startsWith('/'))) throw new Error('/etc/config/qmi4g: option state_dir must be one absolute path');
  const runDir = main ? getOption(main, 'run_dir') : undefined;
  if (runDir !== undefined && (Array.isArray(runDir) || !runDir.startsWith('/'))) throw new Error('/etc/config/qmi4g: option run_dir must be one absolute path');
  return { logLevel: (level as LogLevel | undefined) ?? 'info', ubusSocket: socket || undefined, stateDir: (stateDir as string | undefined) || DEFAULT_STATE_DIR,
    runDir: (runDir as string | undefined) || DEFAULT_RUN_DIR, livenessIntervalMs: seconds(main, 'liveness_interval'), livenessTimeoutMs: seconds(main, 'liveness_timeout') };
}
