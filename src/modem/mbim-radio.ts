// The radio picture over MBIM: MS Basic Connect Extensions Base Stations Info (MBIM 1.0 layout)
// folded into a RadioInfo: system mode from SystemType, the LTE serving cell and neighbours.
// Source: libmbim data/mbim-service-ms-basic-connect-extensions.json, mbim-enums.h MbimDataClass.
import type { ResponseOf } from '../mbim/cid';
import { MbimDataClass } from '../mbim/services/basic-connect-enums';
import { BaseStationsInfo } from '../mbim/services/ms-basic-connect-ext';
import { Nitz } from '../mbim/services/ms-voice-ext';
import { sanitizeModemString } from './modem-strings';
import { MAX_NEIGHBOURS, NeighbourCell, NetworkTimeInfo, RadioInfo, ServingCell, SystemMode, enodebIdOf } from './radio';

/** "Unknown" in every u32 field of the cell info structs. */
const UNKNOWN = 0xffffffff;
/** Cells asked for per RAT (the query's Max*Count), as mbimcli asks. */
export const BASE_STATIONS_QUERY = { maxGsmCount: 0, maxUmtsCount: 0, maxTdscdmaCount: 0, maxLteCount: MAX_NEIGHBOURS, maxCdmaCount: 0 };

const known = (v: number) => (v === UNKNOWN ? undefined : v);
const signed = (v: number) => (v === UNKNOWN ? undefined : v | 0);

/** MBIM SystemType (MbimDataClass mask) → SystemMode: 5G SA, 5G NSA, LTE, UMTS family, GSM family. */
export function systemModeOfDataClass(mask: number): SystemMode {
  if (mask & MbimDataClass['5gSa']) return 'nr5g-sa';
  if (mask & MbimDataClass['5gNsa']) return 'nr5g-nsa';
  if (mask & MbimDataClass.lte) return 'lte';
  if (mask & (MbimDataClass.umts | MbimDataClass.hsdpa | MbimDataClass.hsupa)) return 'umts';
  if (mask & (MbimDataClass.gprs | MbimDataClass.edge)) return 'gsm';
  return 'none';
}

/** MCC/MNC of a ProviderId (5 or 6 digits); undefined for anything else. */
function plmnOf(providerId: string): { mcc?: string; mnc?: string } {
  const p = sanitizeModemString(providerId, 6);
  return p && /^\d{5,6}$/.test(p) ? { mcc: p.slice(0, 3), mnc: p.slice(3) } : {};
}

/**
 * Base Stations Info response → RadioInfo: serving LTE cell (MCC/MNC from ProviderId, cell id,
 * eNodeB id, EARFCN, PCI, TAC), LTE neighbours with RSRP dBm / RSRQ dB (strongest first, at most
 * MAX_NEIGHBOURS). Bands, carriers and the NR leg are not in this message: left empty.
 */
export function radioOfBaseStations(r: ResponseOf<typeof BaseStationsInfo>): RadioInfo {
  const info: RadioInfo = { systemMode: systemModeOfDataClass(r.systemType), neighbours: [], bands: [], carriers: [] };
  const s = r.lteServingCell;
  if (s) {
    const c: ServingCell = { rat: 'lte', ...plmnOf(s.providerId) };
    const cellId = known(s.cellId);
    if (cellId !== undefined) { c.cellId = cellId; c.enodebId = enodebIdOf(cellId); }
    const earfcn = known(s.earfcn); if (earfcn !== undefined) c.earfcn = earfcn;
    const pci = known(s.physicalCellId); if (pci !== undefined) c.pci = pci;
    const tac = known(s.tac); if (tac !== undefined) c.tac = tac;
    info.serving = c;
  }
  const n: NeighbourCell[] = [];
  for (const x of r.lteNeighboringCells) {
    const pci = known(x.physicalCellId);
    if (pci === undefined) continue;
    const cell: NeighbourCell = { rat: 'lte', pci, intraFrequency: s !== undefined && x.earfcn === s.earfcn };
    const earfcn = known(x.earfcn); if (earfcn !== undefined) cell.earfcn = earfcn;
    const rsrp = signed(x.rsrp); if (rsrp !== undefined) cell.rsrp = rsrp;
    const rsrq = signed(x.rsrq); if (rsrq !== undefined) cell.rsrq = rsrq;
    n.push(cell);
  }
  info.neighbours = n.sort((a, b) => (b.rsrp ?? -999) - (a.rsrp ?? -999)).slice(0, MAX_NEIGHBOURS);
  return info;
}

/**
 * MS Voice Extensions NITZ → NetworkTimeInfo (`at` = now, epoch ms): UTC as ISO 8601, the time zone
 * offset in minutes (a gint32 on the wire), DST in hours; undefined for an impossible date.
 */
export function networkTimeOfNitz(v: ResponseOf<typeof Nitz>, now: number): NetworkTimeInfo | undefined {
  if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31 || v.hour > 23 || v.minute > 59 || v.second > 60 || v.year < 1970 || v.year > 9999) return undefined;
  const ms = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
  if (!Number.isFinite(ms)) return undefined;
  const out: NetworkTimeInfo = { utc: new Date(ms).toISOString().replace('.000Z', 'Z'), at: now };
  const off = v.timeZoneOffsetMinutes | 0;
  if (v.timeZoneOffsetMinutes !== UNKNOWN && off >= -720 && off <= 840) out.utcOffsetMinutes = off;
  const dst = v.daylightSavingTimeOffsetMinutes | 0;
  if (v.daylightSavingTimeOffsetMinutes !== UNKNOWN && dst >= 0 && dst <= 120) out.dstHours = dst / 60;
  return out;
}
