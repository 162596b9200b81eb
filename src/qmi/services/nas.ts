// NAS service (0x03) messages: registration, operator, signal, system selection. Source: libqmi qmi-service-nas.json; libqmi qmi-service-nas.json.
import { array16, array8, bool8, fixedArray, i16, i8, str8, struct, u16, u32, u64, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** NAS registration state (QmiNasRegistrationState). */
export const RegistrationState = Object.freeze({ notRegistered: 0, registered: 1, searching: 2, denied: 3, unknown: 4 });

/** NAS radio interface (QmiNasRadioInterface, i8). */
export const RadioInterface = Object.freeze({ unknown: -1, none: 0, cdma1x: 1, cdma1xevdo: 2, amps: 3, gsm: 4, umts: 5, lte: 8, tdscdma: 9, nr5g: 12 });

/** Mode preference bits for Set System Selection Preference TLV 0x11 (QmiNasRatModePreference). */
export const RatModePreference = Object.freeze({ cdma1x: 0x01, cdma1xevdo: 0x02, gsm: 0x04, umts: 0x08, lte: 0x10, tdscdma: 0x20, nr5g: 0x40 });

/** Roaming preference values for TLV 0x14 (QmiNasRoamingPreference). */
export const RoamingPreference = Object.freeze({ off: 0x01, notOff: 0x02, notFlashing: 0x03, any: 0xff });

const servingSystem = struct({ registrationState: u8, csAttachState: u8, psAttachState: u8, selectedNetwork: u8, radioInterfaces: array8(i8) });
const plmn = struct({ mcc: u16, mnc: u16, description: str8 });
const mncPcs = struct({ mcc: u16, mnc: u16, includesPcsDigit: bool8 });

/** NAS Register Indications (0x0003): turn serving system / signal info / system info indications on. */
export const RegisterIndications = defineMessage({
  service: 'nas', id: 0x0003, name: 'Register Indications', source: 'qmi-service-nas.json: Register Indications',
  request: {
    systemSelectionPreference: tlv(0x10, bool8), servingSystemEvents: tlv(0x13, bool8), networkTime: tlv(0x17, bool8),
    systemInfo: tlv(0x18, bool8), signalInfo: tlv(0x19, bool8),
    networkReject: tlv(0x21, struct({ enable: bool8, suppressSystemInfo: bool8 })),
  },
  response: {},
});

/** NAS Get Signal Strength (0x0020): strength, RSSI/ECIO lists, LTE RSRQ/SNR/RSRP. */
export const GetSignalStrength = defineMessage({
  service: 'nas', id: 0x0020, name: 'Get Signal Strength', source: 'qmi-service-nas.json: Get Signal Strength',
  request: { requestMask: tlv(0x10, u16) },
  response: {
    signalStrength: tlv(0x01, struct({ strength: i8, radioInterface: i8 })),
    strengthList: tlv(0x10, array16(struct({ strength: i8, radioInterface: i8 }))),
    rssiList: tlv(0x11, array16(struct({ rssi: u8, radioInterface: i8 }))),
    ecioList: tlv(0x12, array16(struct({ ecio: u8, radioInterface: i8 }))),
    io: tlv(0x13, u32),
    sinr: tlv(0x14, u8),
    rsrq: tlv(0x16, struct({ rsrq: i8, radioInterface: i8 })),
    lteSnr: tlv(0x17, i16),
    lteRsrp: tlv(0x18, i16),
  },
});

/** NAS Get Serving System (0x0024) and its indication; LAC/cell/TAC TLV ids differ between them (libqmi qmi-service-nas.json: Get Serving System and the Serving System indication). */
export const GetServingSystem = defineMessage({
  service: 'nas', id: 0x0024, name: 'Get Serving System', source: 'qmi-service-nas.json: Get Serving System / Serving System',
  request: {},
  response: {
    servingSystem: tlv(0x01, servingSystem, { required: true }),
    roamingIndicator: tlv(0x10, u8),
    dataServiceCapability: tlv(0x11, array8(u8)),
    currentPlmn: tlv(0x12, plmn),
    lac3gpp: tlv(0x1c, u16),
    cid3gpp: tlv(0x1d, u32),
    lteTac: tlv(0x24, u16),
    mncPcsDigitIncludeStatus: tlv(0x27, mncPcs),
  },
  indication: {
    servingSystem: tlv(0x01, servingSystem, { required: true }),
    roamingIndicator: tlv(0x10, u8),
    dataServiceCapability: tlv(0x11, array8(u8)),
    currentPlmn: tlv(0x12, plmn),
    lac3gpp: tlv(0x1d, u16),
    cid3gpp: tlv(0x1e, u32),
    lteTac: tlv(0x25, u16),
    mncPcsDigitIncludeStatus: tlv(0x29, mncPcs),
  },
});

/** NAS Get Home Network (0x0025): the SIM's home PLMN. */
export const GetHomeNetwork = defineMessage({
  service: 'nas', id: 0x0025, name: 'Get Home Network', source: 'qmi-service-nas.json: Get Home Network',
  request: {},
  response: { homeNetwork: tlv(0x01, plmn, { required: true }), homeSystemId: tlv(0x10, struct({ sid: u16, nid: u16 })) },
});

/** Extended LTE band mask: 4 × u64, bit j of word i = band 1 + j + 64·i (libqmi qmi-service-nas.json: Extended LTE Band Preference). */
const lteBandWords = fixedArray(4, u64);
/** NR5G band mask: 8 × u64, bit j of word i = band n(1 + j + 64·i) (libqmi qmi-service-nas.json: NR5G SA/NSA Band Preference). */
const nr5gBandWords = fixedArray(8, u64);

/** NAS Set System Selection Preference (0x0033): modes, roaming, manual PLMN, LTE/NR5G band masks. */
export const SetSystemSelectionPreference = defineMessage({
  service: 'nas', id: 0x0033, name: 'Set System Selection Preference', source: 'qmi-service-nas.json: Set System Selection Preference',
  request: {
    emergencyMode: tlv(0x10, bool8),
    modePreference: tlv(0x11, u16),
    roamingPreference: tlv(0x14, u16),
    lteBandPreference: tlv(0x15, u64),
    networkSelectionPreference: tlv(0x16, struct({ mode: u8, mcc: u16, mnc: u16 })),
    changeDuration: tlv(0x17, u8),
    mncPcsDigitIncludeStatus: tlv(0x1a, bool8),
    extendedLteBandPreference: tlv(0x24, lteBandWords),
    nr5gSaBandPreference: tlv(0x2f, nr5gBandWords),
    nr5gNsaBandPreference: tlv(0x30, nr5gBandWords),
  },
  response: {},
});

/** NAS Get System Selection Preference (0x0034). */
export const GetSystemSelectionPreference = defineMessage({
  service: 'nas', id: 0x0034, name: 'Get System Selection Preference', source: 'qmi-service-nas.json: Get System Selection Preference',
  request: {},
  response: {
    emergencyMode: tlv(0x10, bool8), modePreference: tlv(0x11, u16), roamingPreference: tlv(0x14, u16), networkSelectionPreference: tlv(0x16, u8),
    // The band TLV ids of the response differ from the request's (0x15 the same; 0x23, 0x2C, 0x2D here).
    lteBandPreference: tlv(0x15, u64), extendedLteBandPreference: tlv(0x23, lteBandWords),
    nr5gSaBandPreference: tlv(0x2c, nr5gBandWords), nr5gNsaBandPreference: tlv(0x2d, nr5gBandWords),
  },
});

const signalInfoTlvs = {
  gsm: tlv(0x12, i8),
  wcdma: tlv(0x13, struct({ rssi: i8, ecio: i16 })),
  lte: tlv(0x14, struct({ rssi: i8, rsrq: i8, rsrp: i16, snr: i16 })),
  nr5g: tlv(0x17, struct({ rsrp: i16, snr: i16 })),
  nr5gExtended: tlv(0x18, i16),
};

/** NAS Get Signal Info (0x004F): per-RAT RSSI/RSRQ/RSRP (dBm/dB), SNR in 0.1 dB. */
export const GetSignalInfo = defineMessage({
  service: 'nas', id: 0x004f, name: 'Get Signal Info', source: 'qmi-service-nas.json: Get Signal Info',
  request: {}, response: signalInfoTlvs,
});

/** NAS Signal Info indication (0x0051). */
export const SignalInfo = defineMessage({
  service: 'nas', id: 0x0051, name: 'Signal Info', source: 'qmi-service-nas.json: Signal Info (indication)',
  request: {}, response: {}, indication: signalInfoTlvs,
});


// NAS Network Scan lives in nas-scan.ts; re-exported so `nas.NetworkScan` is listed with the other NAS messages (docs, fuzzing).
export { NetworkScan, NetworkScanResult, NetworkScanType, NetworkStatus } from './nas-scan';
