// Simulator knobs and state for the radio picture beyond registration: band preference, network scan, packet error counters.
import type { Rat } from './scenario';

/** One network a simulated scan finds. `status` as the scan reports it for this SIM. */
export interface ScanNetworkScenario { mcc: number; mnc: number; mncDigits?: 2 | 3; operator: string; status: 'current' | 'available' | 'forbidden'; rat: Rat }

/**
 * Scenario key `radio` (all optional):
 * - `bands`: the modem's stored band preference (band numbers; default LTE 1 3 7 8 20 28 38 40 41,
 *   NR n1 n3 n7 n28 n78), `extendedLte` (default true: the modem reports the 256-band LTE mask of
 *   Get System Selection Preference TLV 0x23, else only the 64-bit 0x15), `nr5g` (default true:
 *   it reports NR5G SA/NSA masks, i.e. is a 5G modem).
 * - `scan`: NAS Network Scan / MBIM Visible Providers takes `delayMs` (default 3000) and finds
 *   `networks` (default: the serving network as current, one available, one forbidden);
 *   `dropsCall` (default true) — starting a scan ends every data session, as real modems leave
 *   the data bearer for the manual search; `result` `abort` answers an aborted scan without networks.
 * - `packetErrors`: WDS Get Packet Statistics / MBIM Packet Statistics error, overflow and drop
 *   counters (packets; default 0; MBIM has no overflow counters).
 */
export interface BandsScanScenario {
  bands?: { lte?: number[]; nr5g?: number[]; extendedLte?: boolean; has5g?: boolean };
  scan?: { delayMs?: number; networks?: ScanNetworkScenario[]; dropsCall?: boolean; result?: 'success' | 'abort' };
  packetErrors?: Partial<PacketErrors>;
}

/** Packet error counters of the simulated modem (packets). */
export interface PacketErrors { txErrors: number; rxErrors: number; txOverflows: number; rxOverflows: number; txDropped: number; rxDropped: number }

/** `radio` with every default filled in; `networks` undefined = derived from the registration at scan time. */
export interface ResolvedBandsScan {
  bands: { lte: number[]; nr5g: number[]; extendedLte: boolean; has5g: boolean };
  scan: { delayMs: number; networks: ScanNetworkScenario[] | undefined; dropsCall: boolean; result: 'success' | 'abort' };
  packetErrors: PacketErrors;
}

/** Defaults of `radio`. */
export const DEFAULT_BANDS_SCAN: ResolvedBandsScan = {
  bands: { lte: [1, 3, 7, 8, 20, 28, 38, 40, 41], nr5g: [1, 3, 7, 28, 78], extendedLte: true, has5g: true },
  scan: { delayMs: 3000, networks: undefined, dropsCall: true, result: 'success' },
  packetErrors: { txErrors: 0, rxErrors: 0, txOverflows: 0, rxOverflows: 0, txDropped: 0, rxDropped: 0 },
};

type Fail = (key: string, reason: string) => never;
type Obj = Record<string, unknown>;

function objAt(v: unknown, key: string, fail: Fail, allowed: string[]): Obj | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(key, 'must be an object');
  for (const k of Object.keys(v as Obj)) if (!allowed.includes(k)) fail(`${key}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
  return v as Obj;
}

function intAt(v: unknown, key: string, dflt: number, min: number, max: number, fail: Fail): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(key, `must be an integer ${min}–${max}`);
  return v as number;
}

function boolAt(v: unknown, key: string, dflt: boolean, fail: Fail): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(key, 'must be true or false');
  return v as boolean;
}

function bandsAt(v: unknown, key: string, dflt: number[], max: number, fail: Fail): number[] {
  if (v === undefined) return [...dflt];
  if (!Array.isArray(v) || v.some((b) => !Number.isInteger(b) || b < 1 || b > max)) fail(key, `must be a list of band numbers 1–${max}`);
  return [...new Set(v as number[])].sort((a, b) => a - b);
}

function networkAt(v: unknown, key: string, fail: Fail): ScanNetworkScenario {
  const o = objAt(v, key, fail, ['mcc', 'mnc', 'mncDigits', 'operator', 'status', 'rat']) ?? fail(key, 'must be {mcc, mnc, operator, status, rat}');
  const status = o.status ?? 'available';
  if (status !== 'current' && status !== 'available' && status !== 'forbidden') fail(`${key}.status`, 'must be current, available or forbidden');
  const rat = o.rat ?? 'lte';
  if (!['gsm', 'umts', 'lte', 'nr5g'].includes(rat as string)) fail(`${key}.rat`, 'must be gsm, umts, lte or nr5g');
  if (o.operator !== undefined && typeof o.operator !== 'string') fail(`${key}.operator`, 'must be text');
  const digits = intAt(o.mncDigits, `${key}.mncDigits`, 2, 2, 3, fail) as 2 | 3;
  return { mcc: intAt(o.mcc, `${key}.mcc`, 0, 0, 999, fail), mnc: intAt(o.mnc, `${key}.mnc`, 0, 0, 999, fail), mncDigits: digits, operator: (o.operator as string | undefined) ?? '', status, rat: rat as Rat };
}

/** The keys of scenario `radio` this file reads (the rest are radio-scenario.ts's). */
export const BANDS_SCAN_KEYS = ['bands', 'scan', 'packetErrors'] as const;

/** Validates scenario key `radio` (see BandsScanScenario); `fail` throws the scenario's error for a dotted key. */
export function resolveBandsScan(v: unknown, fail: Fail): ResolvedBandsScan {
  const d = DEFAULT_BANDS_SCAN;
  const r = objAt(v, 'radio', fail, ['bands', 'scan', 'packetErrors']) ?? {};
  const b = objAt(r.bands, 'radio.bands', fail, ['lte', 'nr5g', 'extendedLte', 'has5g']) ?? {};
  const s = objAt(r.scan, 'radio.scan', fail, ['delayMs', 'networks', 'dropsCall', 'result']) ?? {};
  const e = objAt(r.packetErrors, 'radio.packetErrors', fail, Object.keys(d.packetErrors)) ?? {};
  if (s.networks !== undefined && !Array.isArray(s.networks)) fail('radio.scan.networks', 'must be a list');
  const result = s.result ?? 'success';
  if (result !== 'success' && result !== 'abort') fail('radio.scan.result', 'must be success or abort');
  const counters = Object.fromEntries(Object.keys(d.packetErrors).map((k) => [k, intAt(e[k], `radio.packetErrors.${k}`, 0, 0, 0xfffffffe, fail)])) as unknown as PacketErrors;
  return {
    bands: {
      lte: bandsAt(b.lte, 'radio.bands.lte', d.bands.lte, 256, fail), nr5g: bandsAt(b.nr5g, 'radio.bands.nr5g', d.bands.nr5g, 512, fail),
      extendedLte: boolAt(b.extendedLte, 'radio.bands.extendedLte', d.bands.extendedLte, fail), has5g: boolAt(b.has5g, 'radio.bands.has5g', d.bands.has5g, fail),
    },
    scan: {
      delayMs: intAt(s.delayMs, 'radio.scan.delayMs', d.scan.delayMs, 0, 600_000, fail),
      networks: (s.networks as unknown[] | undefined)?.map((n, i) => networkAt(n, `radio.scan.networks[${i}]`, fail)),
      dropsCall: boolAt(s.dropsCall, 'radio.scan.dropsCall', d.scan.dropsCall, fail),
      result: result as 'success' | 'abort',
    },
    packetErrors: counters,
  };
}

/**
 * The simulated modem's radio state the responders share (QMI NAS and MBIM over the same model):
 * the stored band preference (NV: survives reopen), and scan bookkeeping (test hooks).
 */
export class SimRadio {
  /** Stored band preference: band numbers per radio; NR5G SA and NSA kept apart as the modem keeps them. */
  readonly bands: { lte: number[]; nr5gSa: number[]; nr5gNsa: number[] };
  /** Band preference writes accepted (test hook: "written only when different"). */
  bandWrites = 0;
  /** Scans started (test hook). */
  scans = 0;

  constructor(readonly scenario: ResolvedBandsScan) {
    this.bands = { lte: [...scenario.bands.lte], nr5gSa: [...scenario.bands.nr5g], nr5gNsa: [...scenario.bands.nr5g] };
  }
}
