// Reads and parses one uci config file from disk (the only uci code that does I/O).

import { platform } from '../platform';
import { parseUci } from './parse-uci';
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
