// Scratch directories for tests through src/platform (Node or QuickJS), so file fixtures work on both runtimes.
import { platform } from '../../src/platform';
import { toHex } from '../../src/util/bytes';

/**
 * Creates and returns a new directory `<TMPDIR or /tmp>/<prefix><16 random hex digits>`.
 * Throws the platform's PlatformError when it cannot be made.
 */
export function makeTempDir(prefix: string): string {
  const dir = `${platform.env('TMPDIR') || '/tmp'}/${prefix}${toHex(platform.randomBytes(8))}`;
  platform.fs.mkdirp(dir);
  return dir;
}
