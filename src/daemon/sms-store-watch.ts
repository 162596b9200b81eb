// How full an interface's SMS store is, for `qmi4g status` (`sms`): read off the connect path, kept between
// reads, refreshed when the modem reports a new part or the store full and after sms_delete; one warning when
// the store becomes full (a full store loses what the network delivers).
import type { Logger } from '../log';
import type { ModemSms, SmsStoreEvent, SmsStoreStatus } from '../modem/sms';
import { withTimeout } from '../util/wait';

/** Bound of one read of the store (several round trips), ms. */
const READ_TIMEOUT_MS = 10_000;

/**
 * The store status of one interface across its modem's reopenings. `follow(sms)` with each newly opened modem's
 * SMS side (its store events then trigger reads); `connected()` once its data session is up makes the first read
 * of that modem (never during the connect); `refresh()` reads again. Reads never overlap: one asked for while
 * another runs follows it once. Never throws; a failed read keeps the last status and is logged at debug level.
 */
export class SmsStoreWatch {
  private sms?: ModemSms;
  private off?: () => void;
  private current?: SmsStoreStatus;
  /** Whether the last status said full: the warning is given on the change only, also across reopens. */
  private wasFull = false;
  private read?: Promise<void>;
  private again = false;
  private readFor?: ModemSms;
  /** connected() was called for the current modem: reads may run (none during the connect). */
  private live = false;
  private stopped = false;

  constructor(private readonly log: Logger, private readonly timeoutMs = READ_TIMEOUT_MS) {}

  /** The last status read, or undefined while none was (or the modem cannot tell). */
  get status(): SmsStoreStatus | undefined { return this.current; }

  /** A newly opened modem's SMS side: its store events trigger reads; the first read waits for connected(). */
  follow(sms: ModemSms): void {
    if (this.stopped || sms === this.sms) return;
    this.off?.();
    this.sms = sms;
    this.live = false;
    this.off = sms.onStoreEvent?.((e: SmsStoreEvent) => this.onEvent(e));
  }

  /** The interface's data session is up: reads the store of the current modem unless it was read already. */
  connected(): void {
    this.live = true;
    if (this.sms && this.readFor !== this.sms) this.refresh();
  }

  /** Reads the store again (after sms_delete, a new part, a full store); before connected() nothing. Returns at once. */
  refresh(): void {
    const sms = this.sms;
    if (this.stopped || !this.live || !sms?.storeStatus) return;
    this.readFor = sms;
    if (this.read) { this.again = true; return; }
    this.read = this.readOnce(sms).finally(() => {
      this.read = undefined;
      if (this.again) { this.again = false; this.refresh(); }
    });
  }

  /** Stops following (the interface went down); the status is forgotten. */
  stop(): void {
    this.stopped = true;
    this.off?.();
    this.off = undefined;
    this.sms = undefined;
    this.current = undefined;
  }

  private onEvent(e: SmsStoreEvent): void {
    // The modem's own word that the store is full counts at once, before the read confirms it.
    if (e === 'full' && this.current && !this.current.full) this.update({ ...this.current, full: true });
    this.refresh();
  }

  private async readOnce(sms: ModemSms): Promise<void> {
    try {
      const st = await withTimeout(this.timeoutMs, (signal) => sms.storeStatus!({ signal }));
      if (!this.stopped && sms === this.sms) this.update(st);
    } catch (e) {
      this.log.debug(`sms store: ${(e as Error).message}`);
    }
  }

  private update(st: SmsStoreStatus): void {
    this.current = st;
    if (st.full === this.wasFull) return;
    this.wasFull = st.full;
    const fill = st.used !== undefined ? `${st.used} of ${st.max}` : `${st.max} messages`;
    if (st.full) this.log.warn(`SMS store ${st.store} is full (${fill}): the network's new messages are lost until some are deleted (ubus call qmi4g sms_delete)`);
    else this.log.info(`SMS store ${st.store} has room again (${fill})`);
  }
}

/** The `sms` object of `qmi4g status`: {store, used (absent on MBIM), max, full}. */
export function smsStoreReply(st: SmsStoreStatus | undefined): Record<string, unknown> | undefined {
  if (!st) return undefined;
  return st.used === undefined ? { store: st.store, max: st.max, full: st.full } : { store: st.store, used: st.used, max: st.max, full: st.full };
}
