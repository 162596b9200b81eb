// Daemon settings from /etc/config/qmi4g (section `qmi4g 'main'`): log level, ubus socket.
import * as path from 'node:path';
import { isLogLevel, LogLevel } from '../log';
import { readUciFile, sectionsOfType, getOption, UciParseError } from '../uci';

/** Settings with their defaults. */
export interface DaemonSettings { logLevel: LogLevel; ubusSocket?: string }

/**
 * Reads DIR/qmi4g; a missing file gives defaults. Throws UciParseError (with line) for a broken
 * file and Error naming the option for a bad value.
 */
export async function readDaemonSettings(configDir = '/etc/config'): Promise<DaemonSettings> {
  let pkg;
  try {
    pkg = await readUciFile(path.join(configDir, 'qmi4g'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { logLevel: 'info' };
    if (e instanceof UciParseError) throw e;
    throw e;
  }
  const main = sectionsOfType(pkg, 'qmi4g')[0];
  const level = main ? getOption(main, 'log_level') : undefined;
  const socket = main ? getOption(main, 'ubus_socket') : undefined;
  if (level !== undefined && !isLogLevel(level)) throw new Error(`/etc/config/qmi4g: option log_level must be error, warn, info or debug`);
  if (Array.isArray(socket)) throw new Error('/etc/config/qmi4g: option ubus_socket must be a single path');
  return { logLevel: (level as LogLevel | undefined) ?? 'info', ubusSocket: socket || undefined };
}
