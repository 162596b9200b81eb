// The simulated function's MBIMEx 3.0 layouts: once the host agreed to 3.0 (MS Basic Connect
// Extensions Version), Subscriber Ready Status, Packet Service, Connect and Base Stations Info are
// read and answered in their 3.0 layouts, with the fields 3.0 adds filled from the model and the
// scenario. Source: libmbim data/mbim-service-ms-basic-connect-v3.json,
// data/mbim-service-ms-basic-connect-extensions-v3.json, mbim-enums.h.
import { CidDef, encodeReply } from '../../mbim/cid';
import { Connect, PacketService, SubscriberReadyStatus } from '../../mbim/services/basic-connect';
import { BaseStationsInfo } from '../../mbim/services/ms-basic-connect-ext';
import { BaseStationsInfoV3, MBIMEX_VERSION_3_0, MbimDataClassV3, MbimDataSubclass } from '../../mbim/services/ms-basic-connect-ext-v3';
import { ConnectV3, MbimSubscriberReadyStatusFlag, PacketServiceV3, SubscriberReadyStatusV3 } from '../../mbim/services/ms-basic-connect-v3';
import type { ModemModel } from '../model';
import { baseStationsValues } from './ms-basic-connect-ext';
import type { MbimState } from './context';

const V3: ReadonlyMap<CidDef, CidDef> = new Map<CidDef, CidDef>([
  [SubscriberReadyStatus, SubscriberReadyStatusV3], [PacketService, PacketServiceV3], [Connect, ConnectV3], [BaseStationsInfo, BaseStationsInfoV3],
]);

/** True once the host agreed to MBIMEx 3.0 on this OPEN. */
export function agreedV3(state: MbimState): boolean { return state.mbimex >= MBIMEX_VERSION_3_0; }

/** The definition a command or indication of `def` uses now: its 3.0 one once 3.0 was agreed (for the CIDs that have one), else `def`. */
export function layoutFor(def: CidDef, state: MbimState): CidDef {
  return agreedV3(state) ? V3.get(def) ?? def : def;
}

/** `v` as `digits` BCD digits, the last digit in the low 4 bits (MbimTai's PLMN encoding). */
function bcd(v: number, digits: number): number {
  let out = 0;
  for (let i = 0, x = v; i < digits; i++, x = Math.floor(x / 10)) out |= (x % 10) << (4 * i);
  return out;
}

/** MbimFrequencyRange: FR1 (1) for the simulated NR cell, unknown (0) otherwise. */
const FREQUENCY_RANGE_FR1 = 1;

/** The 1.0 values of `def` completed with what its 3.0 layout adds (SIM flags, Packet Service 5G kind and TAI, the session's APN). */
function completeV3(def: CidDef, values: Record<string, unknown>, model: ModemModel, state: MbimState): Record<string, unknown> {
  if (def === SubscriberReadyStatus) return { ...values, flags: MbimSubscriberReadyStatusFlag.simRemovabilityKnown | MbimSubscriberReadyStatusFlag.simRemovable };
  if (def === Connect) return { ...values, mediaPreference: 0, accessString: state.sessions.get(values.sessionId as number)?.apn ?? '' };
  if (def === PacketService) {
    const r = model.registration;
    const nr = model.scenario.radio.nr5g;
    const on5g = values.packetServiceState !== 0 && r.state === 'registered' && nr !== undefined;
    const klass = values.highestAvailableDataClass as number;
    return {
      ...values,
      // MbimDataClassV3 has one 5G bit (0x40); the 1.0 5G SA bit (0x80) does not exist in 3.0.
      highestAvailableDataClass: klass & 0x80 ? (klass & ~0x80) | MbimDataClassV3['5g'] : klass,
      frequencyRange: on5g ? FREQUENCY_RANGE_FR1 : 0,
      dataSubclass: on5g ? (nr.mode === 'sa' ? MbimDataSubclass['5gNr'] : MbimDataSubclass['5gEndc']) : 0,
      tai: r.state === 'registered' ? { plmnMcc: bcd(r.mcc, 3), plmnMnc: r.mncDigits === 2 ? 0x8000 | bcd(r.mnc, 2) : bcd(r.mnc, 3), tac: r.tac } : { plmnMcc: 0, plmnMnc: 0, tac: 0 },
    };
  }
  return values;
}

/** Encodes a response or notification of `def` in the layout agreed on this OPEN (1.0 values are completed for 3.0). */
export function encodeAgreed(def: CidDef, kind: 'response' | 'notification', values: Record<string, unknown>, model: ModemModel, state: MbimState): Uint8Array {
  if (!agreedV3(state) || !V3.has(def)) return encodeReply(def, kind, values as never);
  return encodeReply(V3.get(def) as CidDef, kind, completeV3(def, values, model, state) as never);
}

/** A gint32 / index as the u32 the wire carries. */
const u32of = (v: number) => Math.round(v) >>> 0;

/**
 * Base Stations Info values in the 3.0 layout: the 1.0 LTE part (none in SA), SystemType as an
 * MbimDataClassV3 mask with SystemSubType EN-DC (NSA) or NR (SA), the scenario's NR cell as the
 * one NR serving cell (RSRP + 156, RSRQ + 43, SINR + 23 as indexes, mbimcli's offsets) and up to
 * `maxNr` of `radio.nrNeighbours`, while registered on LTE/NR5G.
 */
export function baseStationsValuesV3(model: ModemModel, maxLte: number, maxNr: number) {
  const v1 = baseStationsValues(model, maxLte);
  const r = model.registration;
  const nr = model.scenario.radio.nr5g;
  const out = { ...v1, systemType: v1.systemType & MbimDataClassV3.lte, systemSubType: 0, nrServingCells: [] as Record<string, unknown>[], nrNeighborCells: [] as Record<string, unknown>[] };
  if (r.state !== 'registered' || !model.signal || (r.rat !== 'lte' && r.rat !== 'nr5g') || !nr) return out;
  const provider = `${String(r.mcc).padStart(3, '0')}${String(r.mnc).padStart(r.mncDigits, '0')}`;
  out.systemType |= MbimDataClassV3['5g'];
  out.systemSubType = nr.mode === 'sa' ? MbimDataSubclass['5gNr'] : MbimDataSubclass['5gEndc'];
  out.nrServingCells = [{
    providerId: provider, nci: BigInt(nr.cellId), physicalCellId: nr.pci, nrarfcn: nr.arfcn, tac: nr.tac,
    rsrp: u32of(nr.rsrp + 156), rsrq: u32of(nr.rsrq + 43), sinr: u32of(nr.snr + 23), timingAdvance: 0xffffffffffffffffn,
  }];
  out.nrNeighborCells = model.scenario.radio.nrNeighbours.slice(0, maxNr).map((x) => ({
    systemSubType: out.systemSubType, providerId: provider, cellId: '', physicalCellId: x.pci, tac: nr.tac,
    rsrp: u32of(x.rsrp + 156), rsrq: u32of(x.rsrq + 43), sinr: u32of(x.sinr + 23),
  }));
  return out;
}
