// Re-sending the latest link state to netifd after a notify_proto failed: one timer per link,
// backoff 1 s doubling to 30 s, until a send (or re-send) succeeds. Only the latest state is
// ever re-sent, so a stalled ubusd costs one request per link, not one per change.

import type { Logger } from '../log';
import type { Clock } from '../util/wait';

/** First and longest wait between re-sends, ms. */
export const REDELIVERY_FIRST_MS = 1000;
export const REDELIVERY_MAX_MS = 30_000;

/** The retry loop of one NetifdLink; `resend` re-sends the latest state and resolves true when netifd took it all. */
export class LinkRedelivery {
  private timer: unknown;
  private delayMs = REDELIVERY_FIRST_MS;
  private running = false;
  private disposed = false;

  constructor(private readonly resend: () => Promise<boolean>, private readonly clock: Clock, private readonly log: Logger) {}

  /** A re-send is scheduled or running. */
  get pending(): boolean { return this.timer !== undefined || this.running; }

  /** A link-state message failed: schedule a re-send of the latest state (once; later failures join it). */
  failed(e: Error): void {
    if (this.disposed || this.pending) return;
    this.log.warn(`notify_proto failed (${e.message}); re-sending the link state in ${this.delayMs / 1000} s`);
    this.arm();
  }

  /** netifd has the latest state: stop re-sending. */
  delivered(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.delayMs = REDELIVERY_FIRST_MS;
  }

  /** Stops for good (daemon exit). */
  dispose(): void { this.disposed = true; this.delivered(); }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.running = true;
      this.resend().then((ok) => ok, () => false).then((ok) => {
        this.running = false;
        if (ok || this.disposed) { this.delayMs = REDELIVERY_FIRST_MS; return; }
        this.delayMs = Math.min(REDELIVERY_MAX_MS, this.delayMs * 2);
        this.arm();
      });
    }, this.delayMs);
  }
}
