// ubus `qmi4g usb_composition {interface|device, set?}`: list the modem's USB compositions with names, or set one (explicitly; the modem re-enumerates).
import { openControlPort, PortError } from '../device/control-port';
import type { Logger } from '../log';
import { MbimModem } from '../modem/mbim-modem';
import type { Modem } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import { awaitQmi } from '../modem/qmi-open';
import { QmiModem } from '../modem/qmi-modem';
import {
  CompositionReport, CompositionVia, UsbAtSender, notOffered, readAtComposition, readSwiComposition, setAtComposition, setSwiComposition,
} from '../modem/usb-composition';
import { QmiDevice } from '../qmi/device';
import type { AtSender } from './recovery-deps';

/** Thrown for a bad or impossible request; `ubusStatus` names the ubus status (the daemon's MethodError has the same shape). */
export class UsbCompositionError extends Error {
  override readonly name = 'UsbCompositionError';
  constructor(readonly ubusStatus: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'NOT_SUPPORTED' | 'UNKNOWN_ERROR', message: string) { super(message); }
}

/** The validated arguments: exactly one of `interface` and `device`; `set` an integer 0-255 when given. */
export interface UsbCompositionArgs { interface?: string; device?: string; set?: number }

const IFACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const DEVICE_RE = /^\/[A-Za-z0-9_.:+@\/-]{1,254}$/;

/** Validates the ubus arguments; throws UsbCompositionError INVALID_ARGUMENT with what is wrong. */
export function parseUsbCompositionArgs(a: Record<string, unknown>): UsbCompositionArgs {
  const { interface: iface, device, set } = a;
  if ((iface === undefined) === (device === undefined)) throw new UsbCompositionError('INVALID_ARGUMENT', 'give exactly one of interface and device');
  if (iface !== undefined && (typeof iface !== 'string' || !IFACE_RE.test(iface))) throw new UsbCompositionError('INVALID_ARGUMENT', 'interface must be a netifd interface name ([A-Za-z0-9_.-], 1–64 characters)');
  if (device !== undefined && (typeof device !== 'string' || !DEVICE_RE.test(device) || device.includes('..'))) throw new UsbCompositionError('INVALID_ARGUMENT', 'device must be an absolute control port path');
  if (set !== undefined && (typeof set !== 'number' || !Number.isInteger(set) || set < 0 || set > 255)) throw new UsbCompositionError('INVALID_ARGUMENT', 'set must be a composition number (0-255)');
  return { interface: iface as string | undefined, device: device as string | undefined, set: set as number | undefined };
}

/** What the call works on: the control port, the interface's running modem (if any), its AT port and what the modem said it is. */
export interface UsbCompositionTarget {
  device: string;
  protocol?: 'qmi' | 'mbim';
  modem?: Modem;
  atdevice?: string;
  manufacturer?: string;
}

/** Where requests go, with a release for a port opened only for this call. */
interface Access { qmi?: QmiDevice; via: 'qmi' | 'qmi-over-mbim'; close(): Promise<void> }

/** The running modem's QMI device (MBIM: its QMI over MBIM), or the port opened for this call (QMI first, then MBIM with QMI over MBIM). */
async function access(t: UsbCompositionTarget, log: Logger, signal: AbortSignal): Promise<Access> {
  const m = t.modem;
  if (m instanceof QmiModem) return { qmi: m.device, via: 'qmi', close: async () => undefined };
  if (m instanceof MbimModem) return { qmi: m.qmiOverMbim(), via: 'qmi-over-mbim', close: async () => undefined };
  const tryQmi = async (): Promise<Access | undefined> => {
    let port;
    try { port = openControlPort(t.device); } catch (e) { throw new ModemError('NO_DEVICE', `cannot open ${t.device}: ${(e as PortError).message}`); }
    const dev = new QmiDevice(port, { log: log.child('qmi'), timeoutMs: 5000 });
    try {
      await awaitQmi(t.device, dev, { signal, totalMs: 3000 });
      return { qmi: dev, via: 'qmi', close: async () => dev.close() };
    } catch { dev.close(); return undefined; }
  };
  const q = t.protocol === 'mbim' ? undefined : await tryQmi();
  if (q) return q;
  const mb = await MbimModem.open(t.device, { log, signal, openTimeoutMs: 5000, timeoutMs: 5000 });
  return { qmi: mb.qmiOverMbim(), via: 'qmi-over-mbim', close: () => mb.close() };
}

/** The reply's composition list and the protocol the port will speak after `set`. */
function reply(r: CompositionReport, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    via: r.via, current: r.current, supported_known: r.supportedKnown,
    compositions: r.compositions.map((c) => ({ id: c.id, name: c.name, protocol: c.protocol, current: c.current })),
    ...extra,
  };
}

function hintFor(protocol: string): string {
  if (protocol === 'mbim') return "the control port will speak MBIM: an interface with proto 'mbim' on it takes over; 'qmi4g' interfaces report DEVICE_NOT_SUPPORTED";
  if (protocol === 'qmi') return "the control port will speak QMI: an interface with proto 'qmi4g' on it takes over; 'mbim' interfaces report DEVICE_NOT_SUPPORTED";
  if (protocol === 'qmi+mbim') return 'a dual configuration: the host picks QMI or MBIM (the kernel driver decides)';
  return 'the modem will have no QMI or MBIM control port';
}

/**
 * Reads the compositions (DMS Swi Get USB Composition on the QMI port or QMI over MBIM; when
 * the modem lacks it, `AT!UDUSBCOMP?` / `AT+QCFG="usbnet"` on `atdevice`) and, with `set`,
 * sets that one and resets the modem so it re-enumerates — never done without `set`.
 * Throws UsbCompositionError (INVALID_ARGUMENT: `set` not supported; NOT_SUPPORTED: neither
 * QMI nor AT can do it) or ModemError (NO_DEVICE, MODEM_UNRESPONSIVE…).
 */
export async function usbComposition(t: UsbCompositionTarget, set: number | undefined, sendAt: AtSender, log: Logger, signal: AbortSignal): Promise<Record<string, unknown>> {
  const o = { signal };
  const a = await access(t, log, signal);
  try {
    let report: CompositionReport | undefined;
    let qmiWhy = 'the modem does not tunnel QMI';
    if (a.qmi) {
      try { report = await readSwiComposition(a.qmi, a.via, o); } catch (e) {
        if (!notOffered(e)) throw e;
        qmiWhy = `DMS Swi Get USB Composition: ${(e as Error).message}`;
      }
    }
    const at: UsbAtSender | undefined = t.atdevice ? (cmd, x) => sendAt(t.atdevice!, cmd, { timeoutMs: 5000, signal: x.signal, allow: 'usb-composition' }) : undefined;
    if (!report) {
      if (!at) throw new UsbCompositionError('NOT_SUPPORTED', `${qmiWhy}; set option atdevice for the AT fallback (AT!UDUSBCOMP, AT+QCFG="usbnet")`);
      const vendor = /quectel/i.test(t.manufacturer ?? '') ? 'quectel' : /sierra/i.test(t.manufacturer ?? '') ? 'sierra' : undefined;
      report = await readAtComposition(at, vendor, o).catch((e) => { throw new UsbCompositionError('NOT_SUPPORTED', `${qmiWhy}; AT on ${t.atdevice}: ${(e as Error).message}`); });
    }
    if (set === undefined) return reply(report);
    const target = report.compositions.find((c) => c.id === set);
    if (!target) throw new UsbCompositionError('INVALID_ARGUMENT', `composition ${set} is not one the modem supports (${report.compositions.map((c) => c.id).join(', ')})`);
    if (set === report.current) return reply(report, { changed: false, message: `composition ${set} is already in use` });
    const via: CompositionVia = report.via;
    if (via === 'at-sierra' || via === 'at-quectel') await setAtComposition(at!, via, set, log, o);
    else await setSwiComposition(a.qmi!, set, log, o);
    const after: CompositionReport = { ...report, current: set, compositions: report.compositions.map((c) => ({ ...c, current: c.id === set })) };
    return reply(after, {
      changed: true, previous: report.current, protocol: target.protocol, reenumerate: true,
      message: `composition ${set} (${target.name}) set; the modem resets and re-enumerates on USB: ${hintFor(target.protocol)}`,
    });
  } finally { await a.close(); }
}

/**
 * The ubus reply of `usb_composition`: `{ok: true, …}` with usbComposition's answer, or `{ok:
 * false, error: {code, message}}` for anything but an argument error (ubus errors carry no text:
 * NOT_SUPPORTED, a ModemError code, INTERNAL_ERROR). Throws UsbCompositionError INVALID_ARGUMENT
 * (the caller's mistake: ubus INVALID_ARGUMENT).
 */
export async function usbCompositionReply(t: UsbCompositionTarget, set: number | undefined, sendAt: AtSender, log: Logger, signal: AbortSignal): Promise<Record<string, unknown>> {
  try { return { ok: true, ...await usbComposition(t, set, sendAt, log, signal) }; } catch (err) {
    if (err instanceof UsbCompositionError && err.ubusStatus === 'INVALID_ARGUMENT') throw err;
    const code = err instanceof UsbCompositionError ? err.ubusStatus : err instanceof ModemError ? err.code : 'INTERNAL_ERROR';
    log.warn(`usb_composition: ${code}: ${(err as Error).message}`);
    return { ok: false, error: { code, message: (err as Error).message } };
  }
}
