// MS Basic Connect Extensions (3d01dcc5-…) commands of the radio picture. Source: libmbim
// data/mbim-service-ms-basic-connect-extensions.json (MBIM 1.0 layouts; the MBIMEx v3 variants are not used).
import { string, u32 } from '../codec';
import { defineCid } from '../cid';
import { msStruct, msStructArray } from '../ms-struct';
import { struct } from '../struct';
import { ServiceUuid } from '../uuid';

const base = { service: ServiceUuid.msBasicConnectExtensions, serviceName: 'MS Basic Connect Extensions' } as const;

/** MbimCellInfoServingGsm. */
export const CellInfoServingGsm = struct({ providerId: string, locationAreaCode: u32, cellId: u32, timingAdvance: u32, arfcn: u32, baseStationId: u32, rxLevel: u32 });
/** MbimCellInfoServingUmts (Rscp/Ecno signed). */
export const CellInfoServingUmts = struct({
  providerId: string, locationAreaCode: u32, cellId: u32, frequencyInfoUl: u32, frequencyInfoDl: u32, frequencyInfoNt: u32, uarfcn: u32,
  primaryScramblingCode: u32, rscp: u32, ecno: u32, pathLoss: u32,
});
/** MbimCellInfoServingTdscdma. */
export const CellInfoServingTdscdma = struct({ providerId: string, locationAreaCode: u32, cellId: u32, uarfcn: u32, cellParameterId: u32, timingAdvance: u32, rscp: u32, pathLoss: u32 });
/** MbimCellInfoServingLte: ProviderId = MCC+MNC digits, RSRP dBm and RSRQ dB as gint32 (0xFFFFFFFF unknown). */
export const CellInfoServingLte = struct({ providerId: string, cellId: u32, earfcn: u32, physicalCellId: u32, tac: u32, rsrp: u32, rsrq: u32, timingAdvance: u32 });
/** MbimCellInfoNeighboringGsm. */
export const CellInfoNeighboringGsm = struct({ providerId: string, locationAreaCode: u32, cellId: u32, arfcn: u32, baseStationId: u32, rxLevel: u32 });
/** MbimCellInfoNeighboringUmts. */
export const CellInfoNeighboringUmts = struct({ providerId: string, locationAreaCode: u32, cellId: u32, uarfcn: u32, primaryScramblingCode: u32, rscp: u32, ecno: u32, pathLoss: u32 });
/** MbimCellInfoNeighboringTdscdma. */
export const CellInfoNeighboringTdscdma = struct({ providerId: string, locationAreaCode: u32, cellId: u32, uarfcn: u32, cellParameterId: u32, timingAdvance: u32, rscp: u32, pathLoss: u32 });
/** MbimCellInfoNeighboringLte. */
export const CellInfoNeighboringLte = struct({ providerId: string, cellId: u32, earfcn: u32, physicalCellId: u32, tac: u32, rsrp: u32, rsrq: u32 });
/** MbimCellInfoCdma. */
export const CellInfoCdma = struct({ servingCellFlag: u32, nid: u32, sid: u32, baseStationId: u32, baseLatitude: u32, baseLongitude: u32, refPn: u32, gpsSeconds: u32, pilotStrength: u32 });

/**
 * Base Stations Info (CID 11, query): the serving and neighbouring cells per RAT. The query sets
 * how many cells of each RAT the host wants (mbimcli asks 15 each). `systemType` is an MbimDataClass mask.
 */
export const BaseStationsInfo = defineCid({
  ...base, cid: 11, name: 'Base Stations Info', source: 'libmbim mbim-service-ms-basic-connect-extensions.json: Base Stations Info',
  query: struct({ maxGsmCount: u32, maxUmtsCount: u32, maxTdscdmaCount: u32, maxLteCount: u32, maxCdmaCount: u32 }),
  response: struct({
    systemType: u32,
    gsmServingCell: msStruct(CellInfoServingGsm), umtsServingCell: msStruct(CellInfoServingUmts),
    tdscdmaServingCell: msStruct(CellInfoServingTdscdma), lteServingCell: msStruct(CellInfoServingLte),
    gsmNeighboringCells: msStructArray(CellInfoNeighboringGsm), umtsNeighboringCells: msStructArray(CellInfoNeighboringUmts),
    tdscdmaNeighboringCells: msStructArray(CellInfoNeighboringTdscdma), lteNeighboringCells: msStructArray(CellInfoNeighboringLte),
    cdmaCells: msStructArray(CellInfoCdma),
  }),
});
