// Interface records under the daemon's run dir (/var/run/qmi4g): what a restarted daemon needs to take its interfaces back. The one module that touches those files.
import * as fs from 'node:fs';
import * as path from 'node:path';
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
    return path.join(this.dir!, `${PREFIX}${iface}.json`);
  }

  /** Writes (replaces) the record of `r.interface`. */
  save(r: InterfaceRecord): void {
    if (!this.dir) return;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(r.interface);
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(r)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }

  /** Removes the record of `iface` (no error when there is none). */
  remove(iface: string): void {
    if (!this.dir) return;
    fs.rmSync(this.file(iface), { force: true });
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
    try { names = fs.readdirSync(this.dir); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') bad.push(`${this.dir}: ${(e as Error).message}`);
      return { records, bad };
    }
    for (const n of names.filter((x) => x.startsWith(PREFIX) && x.endsWith('.json')).sort()) {
      const f = path.join(this.dir, n);
      try {
        const v: unknown = JSON.parse(fs.readFileSync(f, 'utf8'));
        if (!isInterfaceRecord(v) || `${PREFIX}${v.interface}.json` !== n) throw new Error('not an interface record');
        records.push(v);
      } catch (e) {
        bad.push(`${n}: ${(e as Error).message}`);
        fs.rmSync(f, { force: true });
      }
    }
    return { records, bad };
  }
}
