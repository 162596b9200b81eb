// Simulated vendor state of a modem: the FCC radio lock and the Sierra USB composition (scenario-vendor.ts).
import { createHash } from 'node:crypto';
import { swiUsbComposition } from '../qmi/services/dms-vendor';
import type { ResolvedFccLock, ResolvedUsbComposition, SimFccMethod } from './scenario-vendor';

/** What an FCC authentication message carried (the method's values; undefined fields absent). */
export interface FccAttempt { method: SimFccMethod; value?: number; magicString?: string; magicNumber?: number }

/** Result of an FCC authentication message: accepted, unknown to this modem, or the wrong value. */
export type FccAnswer = 'ok' | 'unknown-message' | 'wrong-value';

/** A USB re-enumeration: the port goes away and comes back with composition `composition` speaking `protocol`. */
export interface Reenumeration { composition: number; protocol: 'qmi' | 'mbim' }

/**
 * The FCC lock and USB composition of one simulated modem. `emit` reports 'reenumerate'
 * (Reenumeration) when a reset applies a new composition whose control protocol differs.
 */
export class VendorState {
  /** True while the radio may not go online (scenario `fccLock`, until the right message). */
  fccLocked: boolean;
  /** FCC messages received, in order (test hook). */
  readonly fccAttempts: FccAttempt[] = [];
  /** The composition now and the one a set chose for the next boot (scenario `usbComposition`). */
  usbCurrent: number | undefined;
  usbPending: number | undefined;

  constructor(private readonly lock: ResolvedFccLock | undefined, readonly usb: ResolvedUsbComposition | undefined,
    private readonly emit: (event: 'reenumerate', r: Reenumeration) => void, private readonly imei = '') {
    this.fccLocked = lock !== undefined;
    this.usbCurrent = usb?.current;
  }

  /** How an MBIM Radio State set on is refused while locked (scenario `fccLock.mbimAnswer`). */
  get mbimLockAnswer(): 'not-allowed' | 'stays-off' { return this.lock?.mbimAnswer ?? 'not-allowed'; }

  /** An FCC authentication message arrived: unlocks when it is the modem's method with the right value. */
  fccAuthenticate(a: FccAttempt): FccAnswer {
    this.fccAttempts.push(a);
    const lock = this.lock;
    // A modem without a lock still knows its vendor's message (the default scenario knows them all and accepts).
    if (!lock) return 'ok';
    const v1 = a.method === 'foxconn' || a.method === 'foxconn-v2';
    const lockV1 = lock.method === 'foxconn' || lock.method === 'foxconn-v2';
    // Foxconn v1 and v2 share message id 0x5571: a Foxconn modem recognises both, and judges the values.
    if (a.method !== lock.method && !(v1 && lockV1)) return 'unknown-message';
    if (a.method !== lock.method) return 'wrong-value';
    if (a.method === 'foxconn' && a.value !== lock.value) return 'wrong-value';
    if (a.method === 'foxconn-v2' && (a.magicString !== this.expectedMagic || a.magicNumber !== lock.magicNumber)) return 'wrong-value';
    this.fccLocked = false;
    return 'ok';
  }

  /** The foxconn-v2 magic string this modem accepts: the scenario's, else "salt" + MD5(mcfg without its last two fields, apps, IMEI, "salt", "foxc") (ModemManager data/dispatcher-fcc-unlock/105b). */
  get expectedMagic(): string | undefined {
    const l = this.lock;
    if (!l) return undefined;
    if (l.magicString !== undefined) return l.magicString;
    const mcfg = l.firmwareMcfg.split('.').slice(0, -2).join('.');
    return `salt${createHash('md5').update(`${mcfg}${l.firmwareApps}${this.imei}saltfoxc`).digest('hex')}`;
  }

  /** DMS Foxconn Get Firmware Version: the version of `type` (0 firmware-mcfg, 1 firmware-mcfg-apps, 2 apps) on a Foxconn-locked modem; undefined otherwise. */
  foxconnFirmware(type: number): string | undefined {
    const l = this.lock;
    if (!l || l.method === 'sierra') return undefined;
    return type === 0 ? l.firmwareMcfg : type === 1 ? `${l.firmwareMcfg}.${l.firmwareApps}` : type === 2 ? l.firmwareApps : undefined;
  }

  /** Swi Set USB Composition: false when `id` is not a supported composition. Takes effect at the next reset. */
  setUsbComposition(id: number): boolean {
    if (!this.usb || !this.usb.supported.includes(id)) return false;
    this.usbPending = id;
    return true;
  }

  /** The modem reset (a power cycle): the FCC lock comes back; a pending composition takes effect (maybe re-enumerating). */
  reset(): void {
    if (this.lock) this.fccLocked = true;
    if (this.usbPending === undefined || this.usbCurrent === undefined) return;
    const before = protocolOf(this.usbCurrent);
    this.usbCurrent = this.usbPending;
    this.usbPending = undefined;
    const after = protocolOf(this.usbCurrent);
    if (after !== before) this.emit('reenumerate', { composition: this.usbCurrent, protocol: after });
  }
}

/** The control protocol a composition's port speaks (a dual configuration boots as its QMI half, as a host without MBIM configuration picks). */
export function protocolOf(composition: number): 'qmi' | 'mbim' {
  return swiUsbComposition(composition)?.protocol === 'mbim' ? 'mbim' : 'qmi';
}
