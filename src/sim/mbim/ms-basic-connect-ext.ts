// Simulator handlers for the Microsoft extension services: MS Basic Connect Extensions Base Stations
// Info (MBIM 1.0 layout, or 3.0 once agreed: layouts-v3.ts) and MS Voice Extensions NITZ, from the model's registration and scenario
// `radio` (radio-scenario.ts).
import { MbimDataClass } from '../../mbim/services/basic-connect-enums';
import { BaseStationsInfo } from '../../mbim/services/ms-basic-connect-ext';
import { Nitz } from '../../mbim/services/ms-voice-ext';
import type { ModemModel } from '../model';
import { MbimRoute, mbimRoute } from './context';
import { encodeReply } from '../../mbim/cid';
import { BaseStationsInfoV3 } from '../../mbim/services/ms-basic-connect-ext-v3';
import { agreedV3, baseStationsValuesV3 } from './layouts-v3';

/** A gint32 as the u32 the wire carries (two's complement). */
const s32 = (v: number) => Math.round(v) >>> 0;

/** Base Stations Info values: the LTE serving cell and up to `maxLte` neighbours while registered on LTE/NR5G. */
export function baseStationsValues(model: ModemModel, maxLte: number) {
  const r = model.registration;
  const radio = model.scenario.radio;
  const s = model.signal;
  const empty = { systemType: 0, gsmNeighboringCells: [], umtsNeighboringCells: [], tdscdmaNeighboringCells: [], lteNeighboringCells: [], cdmaCells: [] };
  if (r.state !== 'registered' || !s || (r.rat !== 'lte' && r.rat !== 'nr5g') || radio.nr5g?.mode === 'sa') return empty;
  const provider = `${String(r.mcc).padStart(3, '0')}${String(r.mnc).padStart(r.mncDigits, '0')}`;
  return {
    ...empty,
    systemType: MbimDataClass.lte | (radio.nr5g ? MbimDataClass['5gNsa'] : 0),
    lteServingCell: { providerId: provider, cellId: r.cellId, earfcn: radio.earfcn, physicalCellId: radio.pci, tac: r.tac, rsrp: s32(s.rsrp), rsrq: s32(s.rsrq), timingAdvance: 0xffffffff },
    lteNeighboringCells: radio.neighbours.slice(0, maxLte).map((n) => ({
      providerId: provider, cellId: 0xffffffff, earfcn: n.earfcn, physicalCellId: n.pci, tac: r.tac, rsrp: s32(n.rsrp), rsrq: s32(n.rsrq),
    })),
  };
}

/** NITZ values while registered with scenario `radio.networkTime` (utc or the model clock); undefined otherwise. */
export function nitzValues(model: ModemModel) {
  const t = model.scenario.radio.networkTime;
  if (!t || model.registration.state !== 'registered') return undefined;
  const d = new Date(t.utc ?? model.clock.now());
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    timeZoneOffsetMinutes: s32(t.offsetMinutes), daylightSavingTimeOffsetMinutes: t.dstHours * 60, dataClass: MbimDataClass.lte,
  };
}

/** Microsoft extension routes. Source: libmbim mbim-service-ms-basic-connect-extensions.json, mbim-service-ms-voice-extensions.json. */
export const msBasicConnectExtRoutes: MbimRoute[] = [
  // Once MBIMEx 3.0 was agreed the query carries MaxNrCount and the answer is the 3.0 layout (layouts-v3.ts).
  mbimRoute(BaseStationsInfo, (req, { model, state }) => agreedV3(state)
    ? { status: 0, buffer: encodeReply(BaseStationsInfoV3, 'response', baseStationsValuesV3(model, Math.min(32, Number(req.maxLteCount) || 0), Math.min(32, Number(req.maxNrCount) || 0)) as never) }
    : { status: 0, values: baseStationsValues(model, Math.min(32, Number(req.maxLteCount) || 0)) }),
  // Not registered: no time known yet (MBIM_STATUS_ERROR_FAILURE, 2).
  mbimRoute(Nitz, (_r, { model }) => { const v = nitzValues(model); return v ? { status: 0, values: v } : { status: 2 }; }),
];
