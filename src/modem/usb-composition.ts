// USB composition (QMI <-> MBIM mode): read and set it with DMS Swi Get/Set USB Composition (Sierra), or AT on the modem's AT port.
import type { Logger } from '../log';
import type { QmiDevice } from '../qmi/device';
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { dms, dmsVendor } from '../qmi/services';
import { OperatingMode } from '../qmi/services/dms';
import { swiUsbComposition } from '../qmi/services/dms-vendor';
import type { CallOptions } from './modem';

/** The control protocol (or network function) a composition gives the host. */
export type CompositionProtocol = 'qmi' | 'mbim' | 'qmi+mbim' | 'ecm' | 'rndis' | 'ncm' | 'none';

/** One composition the modem offers: its id (Sierra QmiDmsSwiUsbComposition or Quectel usbnet value), name, protocol, whether it is in use. */
export interface UsbComposition { id: number; name: string; protocol: CompositionProtocol; current: boolean }

/**
 * How the composition was read: `qmi` (DMS on the QMI port), `qmi-over-mbim`, `at-sierra`
 * (AT!UDUSBCOMP on `atdevice`), `at-quectel` (AT+QCFG="usbnet").
 */
export type CompositionVia = 'qmi' | 'qmi-over-mbim' | 'at-sierra' | 'at-quectel';

/** What the modem says about its USB compositions. `supportedKnown` false: the modem did not list them (all known ones are offered). */
export interface CompositionReport { via: CompositionVia; current: number; compositions: UsbComposition[]; supportedKnown: boolean }

/** Sends one AT command (src/device/at-port.ts sendAtCommand with allow 'usb-composition'); resolves with the information lines joined by \n. */
export type UsbAtSender = (command: string, o: CallOptions) => Promise<string>;

/** Quectel `AT+QCFG="usbnet"` values (Quectel LTE/5G AT command manuals): 0 RmNet (QMI), 1 ECM, 2 MBIM, 3 RNDIS, 5 NCM. */
const QUECTEL_USBNET: readonly { id: number; name: string; protocol: CompositionProtocol }[] = [
  { id: 0, name: 'RmNet (QMI)', protocol: 'qmi' }, { id: 1, name: 'ECM', protocol: 'ecm' }, { id: 2, name: 'MBIM', protocol: 'mbim' },
  { id: 3, name: 'RNDIS', protocol: 'rndis' }, { id: 5, name: 'NCM', protocol: 'ncm' },
];

function sierraList(ids: number[], current: number): UsbComposition[] {
  const out: UsbComposition[] = [];
  for (const id of ids) {
    const c = swiUsbComposition(id);
    out.push(c ? { id, name: c.name, protocol: c.protocol, current: id === current } : { id, name: `composition ${id}`, protocol: 'none', current: id === current });
  }
  return out;
}

/** Is this QMI error "the modem does not have this message"? */
export function notOffered(e: unknown): boolean {
  return e instanceof QmiProtocolError && (e.code === QmiError.InvalidQmiCommand || e.code === QmiError.NotSupported);
}

/**
 * DMS Swi Get USB Composition on a DMS client allocated on `device` for it (released after).
 * Throws QmiProtocolError (InvalidQmiCommand: not a Sierra modem — see notOffered), transport errors.
 */
export async function readSwiComposition(device: QmiDevice, via: 'qmi' | 'qmi-over-mbim', o: CallOptions): Promise<CompositionReport> {
  const c = await device.client('dms', o);
  try {
    const r = await c.request(dmsVendor.SwiGetUsbComposition, {}, o);
    const current = r.current ?? -1;
    const ids = r.supported && r.supported.length > 0 ? r.supported : [current].filter((x) => x >= 0);
    return { via, current, compositions: sierraList(ids, current), supportedKnown: r.supported !== undefined };
  } finally { await c.release({ timeoutMs: 2000 }).catch(() => undefined); }
}

/**
 * DMS Swi Set USB Composition `id`, then the modem is reset so the new composition takes effect
 * (Set Operating Mode offline, then reset, as qmicli power-cycles): it drops off USB and comes
 * back re-enumerated. Throws QmiProtocolError when the set is refused.
 */
export async function setSwiComposition(device: QmiDevice, id: number, log: Logger, o: CallOptions): Promise<void> {
  const c = await device.client('dms', o);
  try {
    await c.request(dmsVendor.SwiSetUsbComposition, { current: id }, o);
    log.warn(`USB composition ${id} set; resetting the modem, it re-enumerates on USB`);
    const tolerate = (e: unknown) => { if (!(e instanceof QmiProtocolError)) throw e; };
    await c.request(dms.SetOperatingMode, { mode: OperatingMode.offline }, o).catch(tolerate);
    // The reset's answer may never come: the modem leaves the bus. A timeout or a lost port is the expected end.
    await c.request(dms.SetOperatingMode, { mode: OperatingMode.reset }, { ...o, timeoutMs: 3000 }).catch((e) => log.debug(`reset after the composition change: ${(e as Error).message}`));
  } finally { await c.release({ timeoutMs: 1000 }).catch(() => undefined); }
}

/** Parses `!UDUSBCOMP: N` (AT!UDUSBCOMP?); undefined when absent. */
export function parseSierraCurrent(text: string): number | undefined {
  const m = /!UDUSBCOMP:\s*(\d+)/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Parses the `AT!UDUSBCOMP=?` table (`N - FUNCTIONS … SUPPORTED` / `NOT SUPPORTED` lines): the supported ids. */
export function parseSierraSupported(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s*-\s*.*?\b(NOT SUPPORTED|SUPPORTED)\s*$/i.exec(line);
    if (m && m[2].toUpperCase() === 'SUPPORTED') out.push(Number(m[1]));
  }
  return out;
}

/** Parses `+QCFG: "usbnet",N`; undefined when absent. */
export function parseQuectelUsbnet(text: string): number | undefined {
  const m = /\+QCFG:\s*"usbnet",\s*(\d+)/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Reads the composition over AT: Sierra (`AT!ENTERCND="A710"`, `AT!UDUSBCOMP?`, `AT!UDUSBCOMP=?`)
 * unless `vendor` says Quectel, then Quectel (`AT+QCFG="usbnet"`). Throws the AT error of the last try.
 */
export async function readAtComposition(at: UsbAtSender, vendor: 'sierra' | 'quectel' | undefined, o: CallOptions): Promise<CompositionReport> {
  let last: unknown;
  if (vendor !== 'quectel') {
    try {
      await at('AT!ENTERCND="A710"', o).catch(() => undefined);
      const current = parseSierraCurrent(await at('AT!UDUSBCOMP?', o));
      if (current !== undefined) {
        const supported = parseSierraSupported(await at('AT!UDUSBCOMP=?', o).catch(() => ''));
        const known = supported.length > 0;
        const ids = known ? supported : Array.from({ length: 23 }, (_, i) => i);
        return { via: 'at-sierra', current, compositions: sierraList(ids, current), supportedKnown: known };
      }
    } catch (e) { last = e; }
  }
  if (vendor !== 'sierra') {
    try {
      const current = parseQuectelUsbnet(await at('AT+QCFG="usbnet"', o));
      if (current !== undefined) return { via: 'at-quectel', current, compositions: QUECTEL_USBNET.map((c) => ({ ...c, current: c.id === current })), supportedKnown: false };
    } catch (e) { last = e; }
  }
  throw last ?? new Error('the AT port answered neither AT!UDUSBCOMP? nor AT+QCFG="usbnet"');
}

/** Sets the composition over AT the way it was read, then restarts the modem (`AT!RESET` / `AT+CFUN=1,1`; a lost answer is expected). */
export async function setAtComposition(at: UsbAtSender, via: 'at-sierra' | 'at-quectel', id: number, log: Logger, o: CallOptions): Promise<void> {
  if (via === 'at-sierra') {
    await at('AT!ENTERCND="A710"', o).catch(() => undefined);
    await at(`AT!UDUSBCOMP=${id}`, o);
    log.warn(`USB composition ${id} set (AT!UDUSBCOMP); resetting the modem, it re-enumerates on USB`);
    await at('AT!RESET', o).catch((e) => log.debug(`AT!RESET: ${(e as Error).message}`));
  } else {
    await at(`AT+QCFG="usbnet",${id}`, o);
    log.warn(`USB network mode ${id} set (AT+QCFG="usbnet"); resetting the modem, it re-enumerates on USB`);
    await at('AT+CFUN=1,1', o).catch((e) => log.debug(`AT+CFUN=1,1: ${(e as Error).message}`));
  }
}
