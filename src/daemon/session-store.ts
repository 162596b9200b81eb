// Interface records under the daemon's run dir (/var/run/qmi4g): what a restarted daemon needs to take its interfaces back. The one module that touches those files.
import { platform } from '../platform';
import { joinPath } from '../util/path';
import type { SavedSession } from '../session/adopt';

/**
 * One interface as the daemon persists it: the `up` arguments netifd gave (protocol and the
 * config table, as received — it holds the PIN and password, so files are mode 0600 in a 0700
 * directory on tmpfs, like /etc/config/network's own copy) and, once connected, the saved
 * session (modem handoff + data sessions). `savedAt` is epoch ms.
 */
export interface InterfaceRecord {
  version: 1;
  interface: string;
  protocol: 'qmi' | 'mbim';
  config: Record<string, unknown>;
  saved?: SavedSession;
  savedAt: number;
}

const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const PREFIX = 'iface-';

/** Is `v` an InterfaceRecord as this version writes it (shape only; the config is validated again by the daemon)? */
export function isInterfaceRecord(v: unknown): v is InterfaceRecord {
  const r = v as InterfaceRecord | null;
  return !!r && r.version === 1 && typeof r.interface === 'string' && NAME_RE.test(r.interface)
    && (r.protocol === 'qmi' || r.protocol === 'mbim') && !!r.config && typeof r.config === 'object' && !Array.isArray(r.config)
    && typeof r.savedAt === 'number' && (r.saved === undefined || (typeof r.saved === 'object' && r.saved !== null));
}

/**
 * Reads and writes `DIR/iface-NAME.json`, one file per interface, written atomically (temp file +
 * rename). Without a directory it keeps nothing. Write errors are thrown (the caller logs them).
 */
export class InterfaceStore {
  constructor(readonly dir: string | undefined) {}

  private file(iface: string): string {
    if (!NAME_RE.test(iface)) throw new RangeError(`not an interface name: ${iface}`);
    return joinPath(this.dir!, `${PREFIX}${iface}.json`);
  }

  /** Writes (replaces) the record of `r.interface`. */
  save(r: InterfaceRecord): void {
    if (!this.dir) return;
    platform.fs.mkdirp(this.dir, 0o700);
    platform.fs.writeFileAtomic(this.file(r.interface), `${JSON.stringify(r)}\n`, 0o600);
  }

  /** Removes the record of `iface` (no error when there is none). */
  remove(iface: string): void {
    if (!this.dir) return;
    removeQuietly(this.file(iface));
  }

  /**
   * Every record in the directory. Files that cannot be read or are not records are reported in
   * `bad` (name: reason) and removed, so a broken file never blocks a start.
   */
  loadAll(): { records: InterfaceRecord[]; bad: string[] } {
    const records: InterfaceRecord[] = [];
    const bad: string[] = [];
    if (!this.dir) return { records, bad };
    let names: string[];
    try { names = platform.fs.readdir(this.dir); } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') bad.push(`${this.dir}: ${(e as Error).message}`);
      return { records, bad };
    }
    for (const n of names.filter((x) => x.startsWith(PREFIX) && x.endsWith('.json')).sort()) {
      const f = joinPath(this.dir, n);
      try {
        const v: unknown = JSON.parse(platform.fs.readText(f));
        if (!isInterfaceRecord(v) || `${PREFIX}${v.interface}.json` !== n) throw new Error('not an interface record');
        records.push(v);
      } catch (e) {
        bad.push(`${n}: ${(e as Error).message}`);
        removeQuietly(f);
      }
    }
    return { records, bad };
  }
}

/** unlink(2) that is fine when the file is already gone (ENOENT); other errors are thrown. */
function removeQuietly(file: string): void {
  try { platform.fs.unlink(file); } catch (e) { if ((e as { code?: string }).code !== 'ENOENT') throw e; }
}
