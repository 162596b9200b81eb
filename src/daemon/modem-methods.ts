// The daemon's ubus methods that put a question to an interface's modem beside its session:
// `scan` / `scan_result` (scan.ts: one network scan per interface) and `usb_composition`
// (usb-composition.ts: read or change the USB composition, serialized per control port).
import type { Logger } from '../log';
import { delay } from '../util/wait';
import { Entry, MethodError, ifaceArg } from './daemon-api';
import { canonicalPort, portUser } from './port-users';
import type { AtSender } from './recovery-deps';
import { SCAN_REPLY_WAIT_MS, ScanJobs, scanReply } from './scan';
import type { KeyedSerializer } from './serial';
import { parseUsbCompositionArgs, usbCompositionReply } from './usb-composition';

/** What the modem methods need of the daemon; `entries` is its map of running interfaces, read live. */
export interface ModemMethodsContext {
  entries: ReadonlyMap<string, Entry>;
  log: Logger;
  /** The daemon's per-key serializer (up/down and usb_composition of one port one at a time). */
  serial: KeyedSerializer;
  /** AT sender for compositions read or set over `atdevice`. */
  sendAt: AtSender;
  /** How long `scan` holds its reply for the result, ms (default SCAN_REPLY_WAIT_MS). */
  scanReplyWaitMs?: number;
}

/** `scan`, `scan_result` and `usb_composition`; errors are MethodError (INVALID_ARGUMENT, NOT_FOUND) or the reply's `{ok: false, error}`. */
export class ModemMethods {
  /** Network scans, one at a time per interface (scan.ts). */
  private readonly scans: ScanJobs;

  constructor(private readonly x: ModemMethodsContext) { this.scans = new ScanJobs(x.log); }

  /** Aborts the interface's running scan, if any (the interface goes down). */
  cancelScan(iface: string): void { this.scans.cancel(iface); }

  /**
   * `usb_composition {interface|device, set?}` (usb-composition.ts): the modem's USB compositions
   * with names; `set` changes it (explicit only) and the modem re-enumerates. An interface's
   * running modem is used as it is; a port no session has open is opened for the call.
   */
  async usbComposition(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const a = parseUsbCompositionArgs(args);
    let iface = a.interface;
    if (iface !== undefined && !this.x.entries.has(iface)) throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    if (iface === undefined) iface = portUser(this.x.entries, '', a.device!);
    const e = iface === undefined ? undefined : this.x.entries.get(iface);
    const device = e?.config.wdmif ?? a.device!;
    const target = {
      device, modem: e?.session.currentModem, atdevice: e?.config.atdevice, manufacturer: e?.session.snapshot().modem?.manufacturer,
      protocol: e ? (e.record.protocol === 'mbim' ? 'mbim' as const : 'qmi' as const) : undefined,
    };
    const log = this.x.log.child(iface ? `[${iface}]` : device);
    return this.x.serial.run([`usb:${canonicalPort(device)}`], () => usbCompositionReply(target, a.set, this.x.sendAt, log, AbortSignal.timeout(30_000)));
  }

  /**
   * `scan {interface, force?}`: NAS Network Scan / MBIM Visible Providers on the interface's modem
   * (scan.ts). Refused with `{ok: false, error: {code: 'BUSY'}}` while a call is connected unless
   * `force`. Answers with the networks when the scan ends within the reply wait, else with
   * `state: 'running'` (the result then comes from `scan_result`). Unknown interface → NOT_FOUND.
   */
  async scan(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    const e = this.x.entries.get(iface);
    if (!e) throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    if (args.force !== undefined && typeof args.force !== 'boolean') throw new MethodError('INVALID_ARGUMENT', 'force must be a boolean');
    const job = this.scans.start(iface, { modem: e.session.currentModem, state: e.session.currentState }, args.force === true);
    if ('ok' in job) return { ...job, interface: iface };
    await this.untilDoneOrReplyWait(job.done);
    return scanReply(iface, job);
  }

  /**
   * `scan_result {interface, wait?}`: the last scan of the interface (running, done or failed);
   * with `wait` a running scan is waited for up to the reply wait, as `scan` does (a caller
   * follows a long scan without polling). NOT_FOUND when none was started.
   */
  async scanResult(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    const job = this.scans.get(iface);
    if (!job) throw new MethodError('NOT_FOUND', `no network scan of ${iface}; start one with ubus call qmi4g scan`);
    if (args.wait === true && job.state === 'running') await this.untilDoneOrReplyWait(job.done);
    return scanReply(iface, job);
  }

  /** Waits for `done` at most the scan reply wait. Never rejects. */
  private async untilDoneOrReplyWait(done: Promise<void>): Promise<void> {
    const wait = new AbortController();
    await Promise.race([done, delay(this.x.scanReplyWaitMs ?? SCAN_REPLY_WAIT_MS, wait.signal).catch(() => undefined)]);
    wait.abort();
  }
}
