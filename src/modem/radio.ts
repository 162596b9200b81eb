// The radio picture a modem reports beside registration and signal: serving cell, NR5G leg,
// neighbour cells, bands and carriers in use, service status and why registration fails, network time.
import type { Rat } from './modem';

/** How data is carried: GSM/UMTS/LTE, 5G non-standalone (EN-DC: LTE anchor + NR leg), 5G standalone, or nothing. */
export type SystemMode = 'gsm' | 'umts' | 'lte' | 'nr5g-nsa' | 'nr5g-sa' | 'none';

/** Service status as QMI names it (QmiNasServiceStatus): `limited` = camped for emergency calls only. */
export type ServiceStatusName = 'none' | 'limited' | 'available' | 'limited-regional' | 'power-save';

/** The serving cell. ids: E-UTRAN cell id (28 bit) / NR cell id (36 bit); channels: EARFCN / NR-ARFCN; band like `B3` / `n78`. */
export interface ServingCell {
  rat: Rat;
  mcc?: string;
  mnc?: string;
  tac?: number;
  lac?: number;
  cellId?: number;
  /** eNodeB id: the upper 20 bits of the 28-bit E-UTRAN cell id (3GPP TS 36.413 §9.2.1.38). */
  enodebId?: number;
  /** gNodeB id, assuming a 24-bit gNB id (the common configuration; TS 38.413 allows 22–32). */
  gnodebId?: number;
  pci?: number;
  earfcn?: number;
  nrarfcn?: number;
  band?: string;
  /** Downlink bandwidth, MHz. */
  bandwidthMhz?: number;
}

/** The NR5G cell: the secondary leg in NSA, the serving cell in SA. RSRP dBm, RSRQ dB, SNR dB. */
export interface Nr5gCell {
  pci?: number;
  arfcn?: number;
  band?: string;
  cellId?: number;
  gnodebId?: number;
  tac?: number;
  rsrp?: number;
  rsrq?: number;
  snr?: number;
}

/** A neighbour cell as measured: RSRP/RSSI dBm, RSRQ dB. */
export interface NeighbourCell {
  rat: 'lte' | 'nr5g';
  earfcn?: number;
  pci: number;
  rsrp?: number;
  rsrq?: number;
  rssi?: number;
  /** On the serving cell's frequency; undefined when the modem does not tell (MBIMEx 3.0 NR neighbours carry no NR-ARFCN). */
  intraFrequency?: boolean;
}

/** One band the modem transmits/receives on now (NAS Get RF Band Information): channel = (E/NR-)ARFCN. */
export interface BandInUse { rat: Rat; band: string; channel: number; bandwidthMhz?: number }

/** One aggregated LTE carrier (NAS Get LTE Cphy CA Info): the primary cell or a secondary cell. */
export interface Carrier {
  role: 'pcell' | 'scell';
  pci: number;
  earfcn: number;
  band?: string;
  bandwidthMhz?: number;
  state?: 'deconfigured' | 'deactivated' | 'activated';
}

/** Why the network refused registration: 3GPP reject cause (TS 24.008 §10.5.3.6 / TS 24.301 §9.9.3.9) and its domain. `at` epoch ms. */
export interface RegistrationReject {
  cause: number;
  /** libqmi's nickname of the cause (QmiNasRejectCause), e.g. `plmn-not-allowed`. */
  causeName: string;
  domain?: 'cs' | 'ps' | 'cs-ps' | 'camped' | 'none';
  rat?: Rat;
  mcc?: string;
  mnc?: string;
  at?: number;
}

/** The SIM as the network judged it (QmiNasSimRejectState). */
export type SimReject = 'sim-unavailable' | 'sim-available' | 'cs-invalid' | 'ps-invalid' | 'cs-ps-invalid';

/** Network time (NITZ): `utc` ISO 8601 with `Z`, offset from UTC in minutes, daylight saving in hours; `at` epoch ms when it was told. */
export interface NetworkTimeInfo { utc: string; utcOffsetMinutes?: number; dstHours?: number; at: number }

/** Everything of the radio picture a modem answered; fields it does not report stay undefined / empty. */
export interface RadioInfo {
  /** Undefined when the modem cannot tell (an MBIM modem without Base Stations Info). */
  systemMode?: SystemMode;
  serviceStatus?: ServiceStatusName;
  serving?: ServingCell;
  nr5g?: Nr5gCell;
  neighbours: NeighbourCell[];
  bands: BandInUse[];
  carriers: Carrier[];
  reject?: RegistrationReject;
  simReject?: SimReject;
  networkTime?: NetworkTimeInfo;
}

/** Most neighbour cells kept (a modem may list dozens; ubus replies and LuCI stay small). */
export const MAX_NEIGHBOURS = 16;
/** Most bands / carriers kept. */
export const MAX_CARRIERS = 8;

/** eNodeB id of a 28-bit E-UTRAN cell id (upper 20 bits). */
export function enodebIdOf(cellId: number): number { return Math.floor(cellId / 256); }

/** gNodeB id of a 36-bit NR cell id, for a 24-bit gNB id (upper 24 bits). */
export function gnodebIdOf(nci: number): number { return Math.floor(nci / 4096); }

/**
 * ASU (Arbitrary Strength Unit): LTE/NR5G RSRP + 140 dBm, 0–97 (the RSRP index of 3GPP TS 27.007
 * +CESQ), GSM/UMTS (RSSI + 113) / 2, 0–31 (+CSQ). Undefined without the measurement it needs.
 */
export function asuOf(rat: Rat, s: { rssi?: number; rsrp?: number }): number | undefined {
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, Math.round(v)));
  if ((rat === 'lte' || rat === 'nr5g') && s.rsrp !== undefined) return clamp(s.rsrp + 140, 97);
  if ((rat === 'gsm' || rat === 'umts') && s.rssi !== undefined) return clamp((s.rssi + 113) / 2, 31);
  return undefined;
}
