// NAS (0x03) messages of the radio picture: System Info, Cell Location Info, RF Band Information,
// LTE Cphy CA Info, Network Time and Network Reject. Source: libqmi data/qmi-service-nas.json
// (TLV ids and layouts) and src/libqmi-glib/qmi-enums-nas.h (the enum values named here).
import { array8, bool8, fixedArray, fixedString, i16, i8, struct, u16, u32, u64, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** QmiNasServiceStatus. */
export const ServiceStatus = Object.freeze({ none: 0, limited: 1, available: 2, limitedRegional: 3, powerSave: 4 });

/** QmiNasNetworkServiceDomain. */
export const ServiceDomain = Object.freeze({ none: 0, cs: 1, ps: 2, csPs: 3, camped: 4 });

/** QmiNasSimRejectState (System Info TLV 0x27 / indication 0x28). */
export const SimRejectState = Object.freeze({ simUnavailable: 0, simAvailable: 1, csInvalid: 2, psInvalid: 3, csPsInvalid: 4 });

/** QmiNasScellState (LTE Cphy CA Info). */
export const ScellState = Object.freeze({ deconfigured: 0, deactivated: 1, activated: 2 });

const serviceStatus = struct({ serviceStatus: u8, trueServiceStatus: u8, preferredDataPath: bool8 });

/** The "System Info v2" layout libqmi gives LTE (0x19) and NR5G (0x4B) alike. */
const systemInfo3gpp = struct({
  domainValid: bool8, domain: u8, serviceCapabilityValid: bool8, serviceCapability: u8,
  roamingStatusValid: bool8, roamingStatus: u8, forbiddenValid: bool8, forbidden: bool8,
  lacValid: bool8, lac: u16, cidValid: bool8, cid: u32,
  registrationRejectInfoValid: bool8, registrationRejectDomain: u8, registrationRejectCause: u8,
  networkIdValid: bool8, mcc: fixedString(3), mnc: fixedString(3),
  tacValid: bool8, tac: u16,
});

/** Value of one 3GPP System Info TLV (LTE or NR5G): validity flags beside each field. */
export type SystemInfo3gpp = ReturnType<typeof systemInfo3gpp.decode>;

const systemInfoTlvs = {
  lteServiceStatus: tlv(0x14, serviceStatus),
  lteSystemInfo: tlv(0x19, systemInfo3gpp),
};

/**
 * NAS Get System Info (0x004D): service status and system info per RAT, the registration reject
 * cause (in the System Info TLVs), SIM reject state, NR5G (SA) status and the EN-DC availability flag.
 * TLV ids of the response; the System Info indication (0x004E) moves several of them (see below).
 */
export const GetSystemInfo = defineMessage({
  service: 'nas', id: 0x004d, name: 'Get System Info', source: 'qmi-service-nas.json: Get System Info',
  request: {},
  response: {
    gsmServiceStatus: tlv(0x12, serviceStatus),
    wcdmaServiceStatus: tlv(0x13, serviceStatus),
    ...systemInfoTlvs,
    simRejectInfo: tlv(0x27, u32),
    nr5gServiceStatus: tlv(0x4a, serviceStatus),
    nr5gSystemInfo: tlv(0x4b, systemInfo3gpp),
    eutraWithNr5gAvailability: tlv(0x4e, bool8),
    nr5gTrackingAreaCode: tlv(0x50, fixedArray(3, u8)),
  },
  indication: {
    gsmServiceStatus: tlv(0x12, serviceStatus),
    wcdmaServiceStatus: tlv(0x13, serviceStatus),
    ...systemInfoTlvs,
    simRejectInfo: tlv(0x28, u32),
    nr5gServiceStatus: tlv(0x4c, serviceStatus),
    nr5gSystemInfo: tlv(0x4d, systemInfo3gpp),
    eutraWithNr5gAvailability: tlv(0x50, bool8),
    nr5gTrackingAreaCode: tlv(0x52, fixedArray(3, u8)),
  },
});

const lteCell = struct({ physicalCellId: u16, rsrq: i16, rsrp: i16, rssi: i16, cellSelectionRxLevel: i16 });
/** PLMN as 3 BCD bytes (3GPP TS 24.008 §10.5.1.13). */
const bcdPlmn = fixedArray(3, u8);

/**
 * NAS Get Cell Location Info (0x0043): the serving LTE cell with its intra-frequency neighbours
 * (0x13; RSRQ/RSRP/RSSI in 0.1 dB/dBm), inter-frequency neighbours (0x14), and the NR5G cell (0x2F;
 * RSRQ/RSRP/SNR in 0.1 units) with its ARFCN (0x2E).
 */
export const GetCellLocationInfo = defineMessage({
  service: 'nas', id: 0x0043, name: 'Get Cell Location Info', source: 'qmi-service-nas.json: Get Cell Location Info',
  request: {},
  response: {
    intrafrequencyLteInfo: tlv(0x13, struct({
      ueInIdle: bool8, plmn: bcdPlmn, trackingAreaCode: u16, globalCellId: u32, earfcn: u16, servingCellId: u16,
      cellReselectionPriority: u8, sNonIntraSearchThreshold: u8, servingCellLowThreshold: u8, sIntraSearchThreshold: u8,
      cells: array8(lteCell),
    })),
    interfrequencyLteInfo: tlv(0x14, struct({
      ueInIdle: bool8,
      frequencies: array8(struct({ earfcn: u16, cellSelectionRxLevelLowThreshold: u8, cellSelectionRxLevelHighThreshold: u8, cellReselectionPriority: u8, cells: array8(lteCell) })),
    })),
    lteTimingAdvance: tlv(0x1e, u32),
    nr5gArfcn: tlv(0x2e, u32),
    nr5gCellInformation: tlv(0x2f, struct({ plmn: bcdPlmn, trackingAreaCode: fixedArray(3, u8), globalCellId: u64, physicalCellId: u16, rsrq: i16, rsrp: i16, snr: i16 })),
  },
});

/**
 * NAS Get RF Band Information (0x0031): per radio interface the active band (QmiNasActiveBand)
 * and channel; 0x11 the same with 32-bit channels (NR-ARFCN), 0x12 the bandwidth (QmiNasDLBandwidth).
 */
export const GetRfBandInformation = defineMessage({
  service: 'nas', id: 0x0031, name: 'Get RF Band Information', source: 'qmi-service-nas.json: Get RF Band Information',
  request: {},
  response: {
    list: tlv(0x01, array8(struct({ radioInterface: i8, activeBandClass: u16, activeChannel: u16 })), { required: true }),
    extendedList: tlv(0x11, array8(struct({ radioInterface: i8, activeBandClass: u16, activeChannel: u32 }))),
    bandwidthList: tlv(0x12, array8(struct({ radioInterface: i8, bandwidth: u32 }))),
  },
});

const caCell = { physicalCellId: u16, rxChannel: u16, dlBandwidth: u32, lteBand: u16 };

/** NAS Get LTE Cphy CA Info (0x00AC): LTE carrier aggregation — the primary cell and the secondary cells. */
export const GetLteCphyCaInfo = defineMessage({
  service: 'nas', id: 0x00ac, name: 'Get LTE Cphy CA Info', source: 'qmi-service-nas.json: Get LTE Cphy CA Info',
  request: {},
  response: {
    dlBandwidth: tlv(0x11, u32),
    scellInfo: tlv(0x12, struct({ ...caCell, state: u32 })),
    pcellInfo: tlv(0x13, struct(caCell)),
    scellIndex: tlv(0x14, u8),
    secondaryCells: tlv(0x15, array8(struct({ ...caCell, state: u32, cellIndex: u8 }))),
  },
});

const universalTime = struct({ year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8, dayOfWeek: u8 });
const timeSet = struct({ universalTime, timezoneOffset: i8, daylightSavingsAdjustment: u8, radioInterface: i8 });

/**
 * NAS Network Time indication (0x004C; Register Indications TLV 0x17): UTC from the network (NITZ),
 * time zone offset in 15-minute units, daylight saving adjustment in hours.
 */
export const NetworkTime = defineMessage({
  service: 'nas', id: 0x004c, name: 'Network Time', source: 'qmi-service-nas.json: Network Time (indication)',
  request: {}, response: {},
  indication: {
    universalTime: tlv(0x01, universalTime, { required: true }),
    timezoneOffset: tlv(0x10, i8),
    daylightSavingsAdjustment: tlv(0x11, u8),
    radioInterface: tlv(0x12, i8),
  },
});

/** NAS Get Network Time (0x007D): the last network time per family (0x11: 3GPP). */
export const GetNetworkTime = defineMessage({
  service: 'nas', id: 0x007d, name: 'Get Network Time', source: 'qmi-service-nas.json: Get Network Time',
  request: {},
  response: { time3gpp2: tlv(0x10, timeSet), time3gpp: tlv(0x11, timeSet) },
});

/**
 * NAS Network Reject indication (0x0068; enabled with Register Indications TLV 0x21): the radio
 * interface, service domain and 3GPP reject cause (QmiNasRejectCause, TS 24.008/24.301) of a
 * registration the network refused, and the PLMN that refused it.
 */
export const NetworkReject = defineMessage({
  service: 'nas', id: 0x0068, name: 'Network Reject', source: 'qmi-service-nas.json: Network Reject (indication)',
  request: {}, response: {},
  indication: {
    radioInterface: tlv(0x01, u8, { required: true }),
    serviceDomain: tlv(0x02, u8, { required: true }),
    rejectCause: tlv(0x03, u8, { required: true }),
    plmn: tlv(0x10, struct({ mcc: u16, mnc: u16, includesPcsDigit: bool8 })),
    closedSubscriberGroup: tlv(0x11, u32),
  },
});
