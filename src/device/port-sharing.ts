// Who else talks on a control port the daemon owns: programs that opened it directly (`qmicli -d`,
// `mbimcli -d`, sms-tool, uqmi) instead of through the daemon's qmi-proxy/mbim-proxy. The QMI and MBIM
// devices note what gives such an opener away — a CTL Sync indication the daemon did not cause (the
// other program's Sync released every client id of the port), a CTL response to a transaction
// nobody here sent, an MBIM OPEN_DONE or CLOSE_DONE the daemon did not ask for — and `qmi4g status`
// reports it per interface as `port_sharing` with the hint to use the proxy.

/** What status shows about one port (absent when nothing was seen). */
export interface PortSharingStatus {
  /** True once a direct opener was seen on this port since the daemon opened it. */
  direct_open_seen: boolean;
  /** What gave it away last (e.g. "CTL Sync indication the daemon did not cause"). */
  last_sign: string;
  /** How many signs were seen. */
  signs: number;
  /** Age of the last sign at the time of the status call, s. */
  seconds_ago: number;
  hint: string;
}

/** The hint status gives: the tools' own proxy options. */
export const PORT_SHARING_HINT = 'another program opened this port directly: run it through the daemon with qmicli -p / mbimcli -p';

/** Quiet time after which a new sign is logged as a warning again, ms. */
const REPEAT_WARNING_MS = 60_000;

interface Seen { signs: number; last: string; atMs: number }

/** Per control port path; a plain registry (the devices write, the daemon's status reads). */
export class PortSharingRegistry {
  private readonly seen = new Map<string, Seen>();

  /**
   * Records one sign of a direct opener on `path` at `nowMs` (the device's clock, ms). Returns true when
   * it is news worth a warning: the first sign, or the first after REPEAT_WARNING_MS of quiet.
   */
  note(path: string, sign: string, nowMs: number): boolean {
    const s = this.seen.get(path);
    if (s) {
      const news = nowMs - s.atMs > REPEAT_WARNING_MS;
      s.signs++; s.last = sign; s.atMs = nowMs;
      return news;
    }
    this.seen.set(path, { signs: 1, last: sign, atMs: nowMs });
    return true;
  }

  /** Forgets `path`. Not called by the daemon: a sign stays reported (with its age) for the daemon's lifetime, across reopens. */
  clear(path: string): void { this.seen.delete(path); }

  /** True when no sign was seen on any port (what `status` checks first: no path lookups then). */
  get empty(): boolean { return this.seen.size === 0; }

  /** The status of `path`, or undefined when no sign was seen. */
  status(path: string, nowMs: number): PortSharingStatus | undefined {
    const s = this.seen.get(path);
    if (!s) return undefined;
    return { direct_open_seen: true, last_sign: s.last, signs: s.signs, seconds_ago: Math.max(0, Math.round((nowMs - s.atMs) / 1000)), hint: PORT_SHARING_HINT };
  }
}

/** The daemon's registry. */
export const portSharing = new PortSharingRegistry();
