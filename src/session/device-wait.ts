// Waiting for a vanished control port to come back: a hotplug notification, or a slow backoff probe of its path.
import { platform } from '../platform';
import { Clock, waitFor } from '../util/wait';

/** Checks whether the device node exists (injectable for tests). */
export type DeviceExists = (path: string) => boolean;

/** The real check: the path exists (a cdc-wdm node or a by-id symlink that resolves). */
export const deviceExists: DeviceExists = (p) => platform.fs.exists(p);

/**
 * Hotplug notifications for one session: `notify()` (the daemon's `hotplug add` for this device)
 * wakes a pending `wait()`. No polling: the probe in `wait` is a slow fallback for a missed event.
 */
export class DeviceWaiter {
  private wake?: () => void;
  private pending = false;

  /** A hotplug `add` for this device arrived (remembered when nobody waits yet). */
  notify(): void { if (this.wake) this.wake(); else this.pending = true; }

  /**
   * Resolves once `path` exists again: at a hotplug notification that finds it (one that came
   * while nobody waited counts too), or at a probe
   * (every `firstProbeMs`, doubling up to 8×, so a missed hotplug costs at most that long).
   * Rejects with AbortedError when `signal` aborts.
   */
  wait(path: string, exists: DeviceExists, firstProbeMs: number, signal: AbortSignal, clock: Clock): Promise<void> {
    return waitFor<void>(`device ${path}`, (done) => {
      let every = firstProbeMs;
      let timer: unknown;
      let over = false;
      const check = () => { if (!over && exists(path)) done(); };
      const probe = () => {
        timer = clock.setTimeout(() => { check(); every = Math.min(every * 2, firstProbeMs * 8); if (!over) probe(); }, every);
      };
      this.wake = check;
      if (this.pending) { this.pending = false; check(); }
      probe();
      return () => { over = true; clock.clearTimeout(timer); this.wake = undefined; };
    }, { signal, clock });
  }
}
