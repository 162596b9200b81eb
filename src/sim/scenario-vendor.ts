// Scenario knobs of vendor features: the FCC radio lock of laptop-SKU modems and the Sierra USB composition.
import { ScenarioError } from './scenario';

/** FCC unlock messages a locked modem may want (libqmi qmi-service-dms.json names, see src/qmi/services/dms-vendor.ts). */
export type SimFccMethod = 'sierra' | 'foxconn' | 'foxconn-v2';

/**
 * `fccLock`: the radio boots locked; going online (DMS Set Operating Mode online: InvalidTransition;
 * MBIM Radio State set on: `mbimAnswer`) is refused until the `method` message arrives with the
 * right value (`value` for foxconn, default 0; `magicString`/`magicNumber` for foxconn-v2 —
 * without `magicString` the one ModemManager derives, "salt" + MD5 of the firmware versions and
 * IMEI, number 48). A Foxconn lock answers DMS Foxconn Get Firmware Version with `firmwareMcfg`
 * and `firmwareApps`. The other vendors' messages are unknown to the modem (InvalidQmiCommand);
 * a wrong value is InvalidArgument. `mbimAnswer`: `not-allowed` (default: the set fails with OperationNotAllowed)
 * or `stays-off` (the set succeeds, the software radio state stays off).
 */
export interface FccLockScenario {
  method: SimFccMethod; value?: number; magicString?: string; magicNumber?: number; mbimAnswer?: 'not-allowed' | 'stays-off';
  firmwareMcfg?: string; firmwareApps?: string;
}
/** `fccLock` resolved; `magicString` undefined = the derived one. */
export interface ResolvedFccLock {
  method: SimFccMethod; value: number; magicString: string | undefined; magicNumber: number; mbimAnswer: 'not-allowed' | 'stays-off';
  firmwareMcfg: string; firmwareApps: string;
}

/**
 * `usbComposition`: the modem answers DMS Swi Get/Set USB Composition (Sierra): `current` (default
 * 6: DM, NMEA, AT, QMI) and `supported` (default [6, 8, 9]). A set takes effect at the next reset
 * (DMS Set Operating Mode reset, or AT!RESET / AT+CFUN=1,1 in a test); the model then emits
 * 'reenumerate' and the harness helper (src/sim/reenumerate.ts) swaps the port's protocol.
 * Absent: those messages are unknown (InvalidQmiCommand), as on non-Sierra modems.
 */
export interface UsbCompositionScenario { current?: number; supported?: number[] }
/** `usbComposition` resolved. */
export interface ResolvedUsbComposition { current: number; supported: number[] }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function u8(v: unknown, key: string, dflt: number, max = 255): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new ScenarioError(key, `must be an integer in 0..${max}, got ${JSON.stringify(v)}`);
  return v;
}

function keys(o: Obj, allowed: string[], at: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new ScenarioError(`${at}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}

/** Validates `fccLock` (undefined = the radio is not locked); throws ScenarioError naming the bad key. */
export function resolveFccLock(v: unknown): ResolvedFccLock | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new ScenarioError('fccLock', 'must be an object {method, value?, magicString?, magicNumber?, mbimAnswer?}');
  keys(v, ['method', 'value', 'magicString', 'magicNumber', 'mbimAnswer', 'firmwareMcfg', 'firmwareApps'], 'fccLock');
  for (const k of ['firmwareMcfg', 'firmwareApps'] as const) {
    if (v[k] !== undefined && (typeof v[k] !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(v[k] as string))) throw new ScenarioError(`fccLock.${k}`, 'must be a version string of letters, digits, . _ -');
  }
  const methods: SimFccMethod[] = ['sierra', 'foxconn', 'foxconn-v2'];
  if (!methods.includes(v.method as SimFccMethod)) throw new ScenarioError('fccLock.method', `must be one of ${methods.join(', ')}, got ${JSON.stringify(v.method)}`);
  if (v.magicString !== undefined && (typeof v.magicString !== 'string' || v.magicString.length === 0 || v.magicString.length > 64)) {
    throw new ScenarioError('fccLock.magicString', 'must be a string of 1-64 characters');
  }
  if (v.mbimAnswer !== undefined && v.mbimAnswer !== 'not-allowed' && v.mbimAnswer !== 'stays-off') throw new ScenarioError('fccLock.mbimAnswer', 'must be not-allowed or stays-off');
  return {
    method: v.method as SimFccMethod, value: u8(v.value, 'fccLock.value', 0), magicString: v.magicString as string | undefined,
    magicNumber: u8(v.magicNumber, 'fccLock.magicNumber', v.magicString === undefined ? 48 : 0), mbimAnswer: (v.mbimAnswer as ResolvedFccLock['mbimAnswer'] | undefined) ?? 'not-allowed',
    firmwareMcfg: (v.firmwareMcfg as string | undefined) ?? 'T99W175.F0.1.0.0.9.VF.009.101.1', firmwareApps: (v.firmwareApps as string | undefined) ?? '011',
  };
}

/** Validates `usbComposition` (undefined = no Sierra USB composition messages); throws ScenarioError naming the bad key. */
export function resolveUsbComposition(v: unknown): ResolvedUsbComposition | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new ScenarioError('usbComposition', 'must be an object {current?, supported?}');
  keys(v, ['current', 'supported'], 'usbComposition');
  const supported = v.supported === undefined ? [6, 8, 9] : v.supported;
  if (!Array.isArray(supported) || supported.length === 0 || supported.some((c) => !Number.isInteger(c) || c < 0 || c > 22)) {
    throw new ScenarioError('usbComposition.supported', 'must be a non-empty list of compositions 0-22');
  }
  const current = u8(v.current, 'usbComposition.current', 6, 22);
  if (!supported.includes(current)) throw new ScenarioError('usbComposition.current', `must be one of supported (${supported.join(', ')})`);
  return { current, supported: [...new Set(supported as number[])] };
}
