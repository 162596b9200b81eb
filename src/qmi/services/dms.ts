// DMS service (0x02) messages: identity, operating mode, legacy SIM PIN. Source: libqmi qmi-service-dms.json; libqmi qmi-service-dms.json / qmi-enums-dms.h.
import { string, struct, bool8, u16, u8, str8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** DMS operating modes (QmiDmsOperatingMode). */
export const OperatingMode = Object.freeze({
  online: 0, lowPower: 1, factoryTest: 2, offline: 3, reset: 4, shuttingDown: 5, persistentLowPower: 6, modeOnlyLowPower: 7,
});

/** DMS PIN status (QmiDmsUimPinStatus). */
export const DmsPinStatus = Object.freeze({
  notInitialized: 0, enabledNotVerified: 1, enabledVerified: 2, disabled: 3, blocked: 4, permanentlyBlocked: 5, unblocked: 6, changed: 7,
});

const pinStatus = struct({ status: u8, verifyRetriesLeft: u8, unblockRetriesLeft: u8 });

/** DMS Get IDs (0x0025): ESN, IMEI, MEID, IMEI SV. */
export const GetIds = defineMessage({
  service: 'dms', id: 0x0025, name: 'Get IDs', source: 'qmi-service-dms.json: Get IDs',
  request: {},
  // ESN, IMEI, MEID are personal-info in libqmi (qmi-service-dms.json): redacted in traces.
  response: { esn: tlv(0x10, string, { secret: true }), imei: tlv(0x11, string, { secret: true }), meid: tlv(0x12, string, { secret: true }), imeiSoftwareVersion: tlv(0x13, string) },
});

/** DMS Get Manufacturer (0x0021). */
export const GetManufacturer = defineMessage({
  service: 'dms', id: 0x0021, name: 'Get Manufacturer', source: 'qmi-service-dms.json: Get Manufacturer',
  request: {}, response: { manufacturer: tlv(0x01, string, { required: true }) },
});

/** DMS Get Model (0x0022). */
export const GetModel = defineMessage({
  service: 'dms', id: 0x0022, name: 'Get Model', source: 'qmi-service-dms.json: Get Model',
  request: {}, response: { model: tlv(0x01, string, { required: true }) },
});

/** DMS Get Revision (0x0023): firmware revision. */
export const GetRevision = defineMessage({
  service: 'dms', id: 0x0023, name: 'Get Revision', source: 'qmi-service-dms.json: Get Revision',
  request: {}, response: { revision: tlv(0x01, string, { required: true }) },
});

/** DMS Get Operating Mode (0x002D). */
export const GetOperatingMode = defineMessage({
  service: 'dms', id: 0x002d, name: 'Get Operating Mode', source: 'qmi-service-dms.json: Get Operating Mode',
  request: {},
  response: { mode: tlv(0x01, u8, { required: true }), offlineReason: tlv(0x10, u16), hardwareRestrictedMode: tlv(0x11, bool8) },
});

/** DMS Set Operating Mode (0x002E): `online` is what a connection needs; `reset` restarts the modem. */
export const SetOperatingMode = defineMessage({
  service: 'dms', id: 0x002e, name: 'Set Operating Mode', source: 'qmi-service-dms.json: Set Operating Mode',
  request: { mode: tlv(0x01, u8, { required: true }) }, response: {},
});

/** DMS UIM Get ICCID (0x003C). */
export const UimGetIccid = defineMessage({
  service: 'dms', id: 0x003c, name: 'UIM Get ICCID', source: 'qmi-service-dms.json: UIM Get ICCID',
  request: {}, response: { iccid: tlv(0x01, string, { required: true, secret: true }) }, // personal-info in libqmi
});

/** DMS UIM Get PIN Status (0x002B): PIN1/PIN2 state and retries left. */
export const UimGetPinStatus = defineMessage({
  service: 'dms', id: 0x002b, name: 'UIM Get PIN Status', source: 'qmi-service-dms.json: UIM Get PIN Status',
  request: {}, response: { pin1Status: tlv(0x11, pinStatus), pin2Status: tlv(0x12, pinStatus) },
});

/** DMS UIM Verify PIN (0x0028): PIN id 1 = PIN1. On failure TLV 0x10 holds the retries left. */
export const UimVerifyPin = defineMessage({
  service: 'dms', id: 0x0028, name: 'UIM Verify PIN', source: 'qmi-service-dms.json: UIM Verify PIN',
  request: { info: tlv(0x01, struct({ pinId: u8, pin: str8 }), { required: true, secret: true }) },
  response: { pinRetriesStatus: tlv(0x10, struct({ verifyRetriesLeft: u8, unblockRetriesLeft: u8 })) },
});

/** DMS UIM Unblock PIN (0x0029): PUK and new PIN for a PIN id. On failure TLV 0x10 holds the retries left. */
export const UimUnblockPin = defineMessage({
  service: 'dms', id: 0x0029, name: 'UIM Unblock PIN', source: 'qmi-service-dms.json: UIM Unblock PIN; libqmi qmi-service-dms.json / qmi-enums-dms.h',
  request: { info: tlv(0x01, struct({ pinId: u8, puk: str8, newPin: str8 }), { required: true, secret: true }) },
  response: { pinRetriesStatus: tlv(0x10, struct({ verifyRetriesLeft: u8, unblockRetriesLeft: u8 })) },
});
