// Pure helpers for the radio side of MBIM: `modes` as MbimDataClass bits, and the roaming/partner gate while connected.
import type { Rat } from './modem';
import { MbimDataClass } from '../mbim/services/basic-connect';

const D = MbimDataClass;

/**
 * MbimDataClass bits of each radio technology `modes` can name: GPRS/EDGE for gsm,
 * UMTS/HSDPA/HSUPA for umts (TD-SCDMA too: MBIM has no class of its own for it), LTE, 5G NSA and
 * SA for nr5g (MBIMEx data classes), 1xRTT/EVDO (Rev 0, A, B) for cdma and evdo
 * (libmbim mbim-enums.h MbimDataClass; ModemManager maps its 2G/3G/4G/5G modes the same way).
 */
const BITS: Record<Rat, number> = {
  gsm: D.gprs | D.edge,
  umts: D.umts | D.hsdpa | D.hsupa,
  tdscdma: D.umts | D.hsdpa | D.hsupa,
  lte: D.lte,
  nr5g: D['5gNsa'] | D['5gSa'],
  cdma: D['1xrtt'] | D['1xevdo'] | D['1xevdoRevA'] | D['1xevdoRevB'],
  evdo: D['1xevdo'] | D['1xevdoRevA'] | D['1xevdoRevB'],
  unknown: 0,
};

/** Every standard class (all of BITS), used for `all` when Device Caps reports no data class. */
const EVERY = Object.values(BITS).reduce((a, b) => a | b, 0);

/**
 * The Register State set DataClass for qmi.sh's `modes`: the union of the modes' classes; `all`
 * = every class the device reports in Device Caps DataClass (ModemManager limits "any" to the
 * device's classes the same way), or every standard class when it reports none. `custom` bits
 * are never sent.
 */
export function dataClassOfModes(modes: Rat[] | 'all', deviceDataClass: number): number {
  if (modes === 'all') return (deviceDataClass & EVERY) || EVERY;
  return modes.reduce((acc, m) => acc | (BITS[m] ?? 0), 0);
}

/** Readable data classes for logs, e.g. "umts, hsdpa, hsupa" (the MbimDataClass names). */
export function describeDataClass(bits: number): string {
  const names = Object.entries(D).filter(([, b]) => (bits & b) !== 0).map(([n]) => n);
  return names.length ? names.join(', ') : 'none';
}
