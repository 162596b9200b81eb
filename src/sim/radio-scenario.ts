// Scenario knobs of the simulated radio picture: serving cell, NR5G leg (NSA) or cell (SA),
// neighbour cells, LTE carrier aggregation, network time (NITZ) and a registration reject.
import { ScenarioError } from './scenario';

/** A neighbour LTE cell: RSRP/RSSI dBm, RSRQ dB (0.1 resolution). `earfcn` defaults to the serving one (intra-frequency). */
export interface SimNeighbour { pci: number; earfcn: number; rsrp: number; rsrq: number; rssi: number }
/** A neighbour NR cell (told over MBIM by a function that agreed to MBIMEx 3.0): PCI, RSRP dBm, RSRQ and SINR dB. */
export interface SimNrNeighbour { pci: number; rsrp: number; rsrq: number; sinr: number }
/** A secondary LTE carrier (CA SCell): band number, bandwidth MHz (1.4/3/5/10/15/20). */
export interface SimCarrier { pci: number; earfcn: number; band: number; bandwidthMhz: number }
/** The NR5G part: `nsa` = EN-DC leg beside the LTE anchor, `sa` = standalone serving cell. RSRP dBm, RSRQ/SNR dB; bandwidth MHz. */
export interface SimNr5g { mode: 'nsa' | 'sa'; pci: number; arfcn: number; band: number; bandwidthMhz: number; cellId: number; tac: number; rsrp: number; rsrq: number; snr: number }

/** The resolved `radio` knobs (defaults filled in). */
export interface ResolvedRadio {
  /** Serving LTE cell: PCI, EARFCN, band number, bandwidth MHz. */
  pci: number; earfcn: number; band: number; bandwidthMhz: number;
  nr5g: SimNr5g | undefined;
  neighbours: SimNeighbour[];
  /** NR neighbour cells (`radio.nrNeighbours`; MBIMEx 3.0 Base Stations Info only). */
  nrNeighbours: SimNrNeighbour[];
  carriers: SimCarrier[];
  /** NITZ sent when registered: `utc` undefined = the model clock's time; offset minutes (multiple of 15), DST hours. false = no network time. */
  networkTime: { utc: string | undefined; offsetMinutes: number; dstHours: number } | false;
  /** The network refuses registration with this 3GPP cause (limited service): Network Reject indication, System Info reject TLVs. */
  reject: { cause: number; domain: 'cs' | 'ps' | 'cs-ps' } | undefined;
  /** System Info SIM reject state (QmiNasSimRejectState), when set. */
  simReject: number | undefined;
}

/** Defaults: Band 3 at EARFCN 1300, PCI 123, 20 MHz; no NR5G, neighbours or CA; NITZ at UTC+1. */
export const DEFAULT_RADIO: ResolvedRadio = Object.freeze({
  pci: 123, earfcn: 1300, band: 3, bandwidthMhz: 20, nr5g: undefined, neighbours: [], nrNeighbours: [], carriers: [],
  networkTime: { utc: undefined, offsetMinutes: 60, dstHours: 0 }, reject: undefined, simReject: undefined,
}) as ResolvedRadio;

const DEFAULT_NR5G: Omit<SimNr5g, 'mode'> = { pci: 501, arfcn: 636666, band: 78, bandwidthMhz: 100, cellId: 0x12345678a, tac: 0x4e21, rsrp: -92, rsrq: -11, snr: 18.5 };
const LTE_BW = [1.4, 3, 5, 10, 15, 20];
const NR_BW = [5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 400];

type Obj = Record<string, unknown>;

function o(v: unknown, key: string, allowed: string[]): Obj {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ScenarioError(key, 'must be an object');
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ScenarioError(`${key}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
  return v as Obj;
}

function n(v: unknown, key: string, dflt: number, min: number, max: number, integer = true): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new ScenarioError(key, `must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function list(v: unknown, key: string, max: number): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > max) throw new ScenarioError(key, `must be a list of at most ${max}`);
  return v;
}

function bw(v: unknown, key: string, dflt: number, allowed: number[]): number {
  const x = n(v, key, dflt, 0, 400, false);
  if (!allowed.includes(x)) throw new ScenarioError(key, `must be one of ${allowed.join(', ')} MHz`);
  return x;
}

/**
 * Validates scenario key `radio` and fills the defaults. `rat` is the registration RAT: `nr5g`
 * without `radio.nr5g` gets an NSA leg with the default NR cell. Throws ScenarioError naming the key.
 */
export function resolveRadio(input: unknown, rat: string): ResolvedRadio {
  const d = DEFAULT_RADIO;
  const r = o(input, 'radio', ['pci', 'earfcn', 'band', 'bandwidthMhz', 'nr5g', 'neighbours', 'nrNeighbours', 'carriers', 'networkTime', 'reject', 'simReject']);
  const earfcn = n(r.earfcn, 'radio.earfcn', d.earfcn, 0, 65535);
  let nr5g: SimNr5g | undefined;
  if (r.nr5g !== undefined || rat === 'nr5g') {
    const x = o(r.nr5g, 'radio.nr5g', ['mode', 'pci', 'arfcn', 'band', 'bandwidthMhz', 'cellId', 'tac', 'rsrp', 'rsrq', 'snr']);
    if (x.mode !== undefined && x.mode !== 'nsa' && x.mode !== 'sa') throw new ScenarioError('radio.nr5g.mode', 'must be nsa or sa');
    const dn = DEFAULT_NR5G;
    nr5g = {
      mode: (x.mode as 'nsa' | 'sa' | undefined) ?? 'nsa',
      pci: n(x.pci, 'radio.nr5g.pci', dn.pci, 0, 1007), arfcn: n(x.arfcn, 'radio.nr5g.arfcn', dn.arfcn, 0, 3279165),
      band: n(x.band, 'radio.nr5g.band', dn.band, 1, 512), bandwidthMhz: bw(x.bandwidthMhz, 'radio.nr5g.bandwidthMhz', dn.bandwidthMhz, NR_BW),
      cellId: n(x.cellId, 'radio.nr5g.cellId', dn.cellId, 0, 2 ** 36 - 1), tac: n(x.tac, 'radio.nr5g.tac', dn.tac, 0, 0xfffffe),
      rsrp: n(x.rsrp, 'radio.nr5g.rsrp', dn.rsrp, -156, -31), rsrq: n(x.rsrq, 'radio.nr5g.rsrq', dn.rsrq, -43, 20), snr: n(x.snr, 'radio.nr5g.snr', dn.snr, -23, 40, false),
    };
  }
  const neighbours = list(r.neighbours, 'radio.neighbours', 32).map((v, i) => {
    const k = `radio.neighbours[${i}]`;
    const x = o(v, k, ['pci', 'earfcn', 'rsrp', 'rsrq', 'rssi']);
    return {
      pci: n(x.pci, `${k}.pci`, 0, 0, 503), earfcn: n(x.earfcn, `${k}.earfcn`, earfcn, 0, 65535),
      rsrp: n(x.rsrp, `${k}.rsrp`, -105, -144, -44, false), rsrq: n(x.rsrq, `${k}.rsrq`, -12, -20, -3, false), rssi: n(x.rssi, `${k}.rssi`, -75, -120, 0, false),
    };
  });
  const nrNeighbours = list(r.nrNeighbours, 'radio.nrNeighbours', 32).map((v, i) => {
    const k = `radio.nrNeighbours[${i}]`;
    const x = o(v, k, ['pci', 'rsrp', 'rsrq', 'sinr']);
    return { pci: n(x.pci, `${k}.pci`, 0, 0, 1007), rsrp: n(x.rsrp, `${k}.rsrp`, -100, -156, -31), rsrq: n(x.rsrq, `${k}.rsrq`, -12, -43, 20), sinr: n(x.sinr, `${k}.sinr`, 10, -23, 40) };
  });
  const carriers = list(r.carriers, 'radio.carriers', 4).map((v, i) => {
    const k = `radio.carriers[${i}]`;
    const x = o(v, k, ['pci', 'earfcn', 'band', 'bandwidthMhz']);
    return { pci: n(x.pci, `${k}.pci`, 0, 0, 503), earfcn: n(x.earfcn, `${k}.earfcn`, 6300, 0, 65535), band: n(x.band, `${k}.band`, 20, 1, 255), bandwidthMhz: bw(x.bandwidthMhz, `${k}.bandwidthMhz`, 10, LTE_BW) };
  });
  let networkTime: ResolvedRadio['networkTime'] = d.networkTime;
  if (r.networkTime === false) networkTime = false;
  else if (r.networkTime !== undefined) {
    const x = o(r.networkTime, 'radio.networkTime', ['utc', 'offsetMinutes', 'dstHours']);
    if (x.utc !== undefined && (typeof x.utc !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(x.utc) || !Number.isFinite(Date.parse(x.utc)))) {
      throw new ScenarioError('radio.networkTime.utc', 'must be YYYY-MM-DDThh:mm:ssZ');
    }
    const off = n(x.offsetMinutes, 'radio.networkTime.offsetMinutes', 60, -720, 840);
    if (off % 15 !== 0) throw new ScenarioError('radio.networkTime.offsetMinutes', 'must be a multiple of 15');
    networkTime = { utc: x.utc as string | undefined, offsetMinutes: off, dstHours: n(x.dstHours, 'radio.networkTime.dstHours', 0, 0, 2) };
  }
  let reject: ResolvedRadio['reject'];
  if (r.reject !== undefined) {
    const x = o(r.reject, 'radio.reject', ['cause', 'domain']);
    if (x.domain !== undefined && !['cs', 'ps', 'cs-ps'].includes(x.domain as string)) throw new ScenarioError('radio.reject.domain', 'must be cs, ps or cs-ps');
    reject = { cause: n(x.cause, 'radio.reject.cause', 11, 1, 255), domain: (x.domain as 'cs' | 'ps' | 'cs-ps' | undefined) ?? 'cs-ps' };
  }
  return {
    pci: n(r.pci, 'radio.pci', d.pci, 0, 503), earfcn, band: n(r.band, 'radio.band', d.band, 1, 255),
    bandwidthMhz: bw(r.bandwidthMhz, 'radio.bandwidthMhz', d.bandwidthMhz, LTE_BW),
    nr5g, neighbours, nrNeighbours, carriers, networkTime, reject, simReject: r.simReject === undefined ? undefined : n(r.simReject, 'radio.simReject', 0, 0, 4),
  };
}
