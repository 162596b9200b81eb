// Daemon settings from /etc/config/qmi4g (section `qmi4g 'main'`): log level, ubus socket, state directory.
import { joinPath } from '../util/path';
import { isLogLevel, LogLevel } from '../log';
import { readUciFile, sectionsOfType, getOption, UciParseError } from '../uci';

/** Where state that must survive restarts (the PIN ledger) lives by default. */
export const DEFAULT_STATE_DIR = '/etc/qmi4g';

/** Settings with their defaults. */
export interface DaemonSettings { logLevel: LogLevel; ubusSocket?: string; stateDir: string }

/**
 * Reads DIR/qmi4g; a missing file gives defaults. Throws UciParseError (with line) for a broken
 * file and Error naming the option for a bad value.
 */
export async function readDaemonSettings(configDir = '/etc/config'): Promise<DaemonSettings> {
  let pkg;
  try {
    pkg = await readUciFile(joinPath(configDir, 'qmi4g'));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { logLevel: 'info', stateDir: DEFAULT_STATE_DIR };
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
  return { logLevel: (level as LogLevel | undefined) ?? 'info', ubusSocket: socket || undefined, stateDir: (stateDir as string | undefined) || DEFAULT_STATE_DIR };
}
