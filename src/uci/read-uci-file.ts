// Reads and parses one uci config file from disk (the only uci code that does I/O).

import { platform } from '../platform';
import { parseUci } from './parse-uci';
import { parseUciLenient, type UciLenientResult } from './parse-uci-lenient';
import type { UciPackage } from './types';

/**
 * Reads `path` (UTF-8) and parses it with {@link parseUci}. When the file has no `package`
 * statement the package is named after the file, as libuci does when loading /etc/config/NAME.
 * Rejects with the PlatformError (e.g. code ENOENT) or a UciParseError.
 */
export async function readUciFile(path: string): Promise<UciPackage> {
  const text = platform.fs.readText(path);
  const pkg = parseUci(text);
  if (pkg.package !== undefined) return pkg;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return { package: base, sections: pkg.sections };
}

/**
 * Reads `path` like {@link readUciFile}, but a malformed statement only drops its own line
 * ({@link parseUciLenient}); `skipped` lists the dropped lines with libuci's reasons.
 * Rejects only with the PlatformError (e.g. code ENOENT, EACCES).
 */
export async function readUciFileLenient(path: string): Promise<UciLenientResult> {
  const text = platform.fs.readText(path);
  const r = parseUciLenient(text);
  if (r.pkg.package !== undefined) return r;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return { pkg: { package: base, sections: r.pkg.sections }, skipped: r.skipped };
}
