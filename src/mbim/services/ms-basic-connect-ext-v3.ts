// MS Basic Connect Extensions (3d01dcc5-…) in the MBIMEx 3.0 layouts the radio picture needs: Base
// Stations Info with the NR serving and neighbour cells. Source: libmbim
// data/mbim-service-ms-basic-connect-extensions-v3.json, mbim-enums.h (MbimDataClassV3, MbimDataSubclass),
// mbimcli-ms-basic-connect-extensions.c (units of the NR measurements).
import { string, u32, u64 } from '../codec';
import { defineCid } from '../cid';
import { msStruct, msStructArray } from '../ms-struct';
import { struct } from '../struct';
import { ServiceUuid } from '../uuid';
import {
  CellInfoCdma, CellInfoNeighboringGsm, CellInfoNeighboringLte, CellInfoNeighboringTdscdma, CellInfoNeighboringUmts,
  CellInfoServingGsm, CellInfoServingLte, CellInfoServingTdscdma, CellInfoServingUmts,
} from './ms-basic-connect-ext';

/** MBIMEx 3.0 (BCD) in MS Basic Connect Extensions Version (libmbim mbim-device.c: 0x03 << 8). */
export const MBIMEX_VERSION_3_0 = 0x0300;

/** MbimDataClassV3 (the SystemType of MBIMEx 3.0 answers): one 5G bit, bit 7 unused; the kind of 5G is in MbimDataSubclass. */
export const MbimDataClassV3 = Object.freeze({ gprs: 0x1, edge: 0x2, umts: 0x4, hsdpa: 0x8, hsupa: 0x10, lte: 0x20, '5g': 0x40 });

/** MbimDataSubclass bits: EN-DC (5G option 3, NSA), NR (option 2, SA), NE-DC, eLTE, NGEN-DC. */
export const MbimDataSubclass = Object.freeze({ '5gEndc': 0x1, '5gNr': 0x2, '5gNedc': 0x4, '5gElte': 0x8, '5gNgendc': 0x10 });

/**
 * MbimCellInfoServingNr: ProviderId = MCC+MNC digits; Nci (36-bit NR cell id) and TimingAdvance
 * (µs) guint64, all-ones unknown; Rsrp/Rsrq/Sinr guint32 indexes, 0xFFFFFFFF unknown (mbimcli
 * prints RSRP = Rsrp − 156 dBm, RSRQ = Rsrq − 43 dB, SINR = Sinr − 23 dB).
 */
export const CellInfoServingNr = struct({
  providerId: string, nci: u64, physicalCellId: u32, nrarfcn: u32, tac: u32, rsrp: u32, rsrq: u32, sinr: u32, timingAdvance: u64,
});

/** MbimCellInfoNeighboringNr: SystemSubType (MbimDataSubclass), ProviderId, CellId as a string, PCI, TAC, and the indexes of CellInfoServingNr. */
export const CellInfoNeighboringNr = struct({
  systemSubType: u32, providerId: string, cellId: string, physicalCellId: u32, tac: u32, rsrp: u32, rsrq: u32, sinr: u32,
});

/**
 * Base Stations Info (CID 11, query) as a function that agreed to MBIMEx 3.0 answers it: the 1.0
 * query plus MaxNrCount; the response has SystemSubType after SystemType and the NR serving cells
 * (one per NR carrier) and NR neighbour cells at the end. SystemType is an MbimDataClassV3 mask.
 */
export const BaseStationsInfoV3 = defineCid({
  service: ServiceUuid.msBasicConnectExtensions, serviceName: 'MS Basic Connect Extensions', cid: 11, name: 'Base Stations Info',
  source: 'libmbim mbim-service-ms-basic-connect-extensions-v3.json: Base Stations Info',
  query: struct({ maxGsmCount: u32, maxUmtsCount: u32, maxTdscdmaCount: u32, maxLteCount: u32, maxCdmaCount: u32, maxNrCount: u32 }),
  response: struct({
    systemType: u32, systemSubType: u32,
    gsmServingCell: msStruct(CellInfoServingGsm), umtsServingCell: msStruct(CellInfoServingUmts),
    tdscdmaServingCell: msStruct(CellInfoServingTdscdma), lteServingCell: msStruct(CellInfoServingLte),
    gsmNeighboringCells: msStructArray(CellInfoNeighboringGsm), umtsNeighboringCells: msStructArray(CellInfoNeighboringUmts),
    tdscdmaNeighboringCells: msStructArray(CellInfoNeighboringTdscdma), lteNeighboringCells: msStructArray(CellInfoNeighboringLte),
    cdmaCells: msStructArray(CellInfoCdma),
    nrServingCells: msStructArray(CellInfoServingNr), nrNeighborCells: msStructArray(CellInfoNeighboringNr),
  }),
});
