// The radio picture over MBIM when the function agreed to MBIMEx 3.0: MS Basic Connect Extensions
// Base Stations Info in the 3.0 layout folded into a RadioInfo — the LTE part as in 1.0
// (mbim-radio.ts), the NR serving cell as the NR5G leg (NSA) or the serving cell (SA), NR neighbours.
// Source: libmbim data/mbim-service-ms-basic-connect-extensions-v3.json, mbim-enums.h
// (MbimDataClassV3, MbimDataSubclass), mbimcli-ms-basic-connect-extensions.c (NR units).
import type { ResponseOf } from '../mbim/cid';
import { BaseStationsInfoV3, MbimDataClassV3, MbimDataSubclass } from '../mbim/services/ms-basic-connect-ext-v3';
import { BASE_STATIONS_QUERY, radioOfBaseStations } from './mbim-radio';
import { sanitizeModemString } from './modem-strings';
import { MAX_NEIGHBOURS, NeighbourCell, Nr5gCell, RadioInfo, ServingCell, SystemMode, gnodebIdOf } from './radio';

/** "Unknown" of the guint32 fields; of the guint64 ones (Nci, TimingAdvance) all ones. */
const UNKNOWN = 0xffffffff;
const UNKNOWN_64 = 0xffffffffffffffffn;

/** Cells asked for per RAT in 3.0: LTE and NR up to MAX_NEIGHBOURS (+1 for the serving cells), none of the others. */
export const BASE_STATIONS_QUERY_V3 = { ...BASE_STATIONS_QUERY, maxNrCount: MAX_NEIGHBOURS };

/**
 * An NR measurement index → its value: RSRP index − 156 dBm, RSRQ index − 43 dB, SINR index − 23 dB
 * (as mbimcli prints them). Undefined for 0xFFFFFFFF and for an index past `max` (127: the
 * 7-bit range of the report), which no modem can mean.
 */
export function nrMeasurement(v: number, offset: number, max = 127): number | undefined {
  return v === UNKNOWN || v > max ? undefined : v + offset;
}

/** MbimDataClassV3 SystemType + MbimDataSubclass → SystemMode: 5G with NR (option 2) or without an LTE cell is SA, other 5G NSA. */
export function systemModeOfDataClassV3(mask: number, subclass: number, hasLteCell: boolean): SystemMode {
  if (mask & MbimDataClassV3['5g']) {
    if (subclass & MbimDataSubclass['5gNr']) return 'nr5g-sa';
    if (subclass & (MbimDataSubclass['5gEndc'] | MbimDataSubclass['5gNedc'] | MbimDataSubclass['5gNgendc'])) return 'nr5g-nsa';
    return hasLteCell ? 'nr5g-nsa' : 'nr5g-sa';
  }
  if (mask & MbimDataClassV3.lte) return 'lte';
  if (mask & (MbimDataClassV3.umts | MbimDataClassV3.hsdpa | MbimDataClassV3.hsupa)) return 'umts';
  if (mask & (MbimDataClassV3.gprs | MbimDataClassV3.edge)) return 'gsm';
  return 'none';
}

/** The 36-bit NR cell id of an Nci, undefined when unknown or wider than 36 bits. */
function nciOf(v: bigint): number | undefined {
  return v === UNKNOWN_64 || v >= 1n << 36n ? undefined : Number(v);
}

type NrServing = ResponseOf<typeof BaseStationsInfoV3>['nrServingCells'][number];

/** An MbimCellInfoServingNr → Nr5gCell: PCI, NR-ARFCN, NCI and gNodeB id (24-bit gNB id assumed), TAC, RSRP dBm, RSRQ dB, SINR dB as `snr`. */
export function nr5gOfServingNr(c: NrServing): Nr5gCell {
  const out: Nr5gCell = {};
  if (c.physicalCellId !== UNKNOWN && c.physicalCellId <= 1007) out.pci = c.physicalCellId;
  if (c.nrarfcn !== UNKNOWN && c.nrarfcn <= 3279165) out.arfcn = c.nrarfcn;
  const nci = nciOf(c.nci);
  if (nci !== undefined) { out.cellId = nci; out.gnodebId = gnodebIdOf(nci); }
  if (c.tac !== UNKNOWN && c.tac <= 0xffffff) out.tac = c.tac;
  const rsrp = nrMeasurement(c.rsrp, -156); if (rsrp !== undefined) out.rsrp = rsrp;
  const rsrq = nrMeasurement(c.rsrq, -43); if (rsrq !== undefined) out.rsrq = rsrq;
  const snr = nrMeasurement(c.sinr, -23); if (snr !== undefined) out.snr = snr;
  return out;
}

/** MCC/MNC of a ProviderId (5 or 6 digits); {} for anything else. */
function plmnOf(providerId: string): { mcc?: string; mnc?: string } {
  const p = sanitizeModemString(providerId, 6);
  return p && /^\d{5,6}$/.test(p) ? { mcc: p.slice(0, 3), mnc: p.slice(3) } : {};
}

/**
 * Base Stations Info (MBIMEx 3.0) → RadioInfo. LTE serving cell and neighbours as in 1.0; the
 * first NR serving cell (the primary NR carrier) is `nr5g` and, in SA, also `serving` (rat nr5g,
 * NR-ARFCN, NCI, gNodeB id); NR neighbours (no NR-ARFCN in the message: `intraFrequency` undefined)
 * join the LTE ones, strongest first, at most MAX_NEIGHBOURS. The band is not told (an NR-ARFCN
 * lies in several bands, n77 ⊃ n78): left out.
 */
export function radioOfBaseStationsV3(r: ResponseOf<typeof BaseStationsInfoV3>): RadioInfo {
  const info = radioOfBaseStations(r);
  info.systemMode = systemModeOfDataClassV3(r.systemType, r.systemSubType, r.lteServingCell !== undefined);
  const first = r.nrServingCells[0];
  const nr = first ? nr5gOfServingNr(first) : undefined;
  if (nr && Object.keys(nr).length) {
    info.nr5g = nr;
    if (info.systemMode === 'nr5g-sa' && !r.lteServingCell) {
      const s: ServingCell = { rat: 'nr5g', ...plmnOf(first.providerId) };
      if (nr.cellId !== undefined) { s.cellId = nr.cellId; s.gnodebId = nr.gnodebId; }
      if (nr.pci !== undefined) s.pci = nr.pci;
      if (nr.arfcn !== undefined) s.nrarfcn = nr.arfcn;
      if (nr.tac !== undefined) s.tac = nr.tac;
      info.serving = s;
    }
  }
  const n: NeighbourCell[] = [...info.neighbours];
  for (const x of r.nrNeighborCells) {
    if (x.physicalCellId === UNKNOWN || x.physicalCellId > 1007) continue;
    const cell: NeighbourCell = { rat: 'nr5g', pci: x.physicalCellId };
    const rsrp = nrMeasurement(x.rsrp, -156); if (rsrp !== undefined) cell.rsrp = rsrp;
    const rsrq = nrMeasurement(x.rsrq, -43); if (rsrq !== undefined) cell.rsrq = rsrq;
    n.push(cell);
  }
  info.neighbours = n.sort((a, b) => (b.rsrp ?? -999) - (a.rsrp ?? -999)).slice(0, MAX_NEIGHBOURS);
  return info;
}
