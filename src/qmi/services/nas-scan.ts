// NAS Network Scan (0x0021): the networks the modem can see. Source: libqmi qmi-service-nas.json: Network Scan; qmi-enums-nas.h.
import { array16, bool8, i8, str8, struct, u16, u32, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** QmiNasNetworkScanType bits of request TLV 0x10 (libqmi qmi-enums-nas.h). */
export const NetworkScanType = Object.freeze({ gsm: 0x01, umts: 0x02, lte: 0x04, tdscdma: 0x08, nr5g: 0x10 });

/** QmiNasNetworkStatus bits of each Network Information element (libqmi qmi-enums-nas.h). */
export const NetworkStatus = Object.freeze({
  currentServing: 0x01, available: 0x02, home: 0x04, roaming: 0x08, forbidden: 0x10, notForbidden: 0x20, preferred: 0x40, notPreferred: 0x80,
});

/** QmiNasNetworkScanResult of TLV 0x13 (libqmi qmi-enums-nas.h). */
export const NetworkScanResult = Object.freeze({ success: 0, abort: 1, radioLinkFailure: 2 });

/**
 * NAS Network Scan (0x0021). Takes tens of seconds to minutes on real modems (qmicli waits 300 s).
 * Network Information (0x10) and Radio Access Technology (0x11) are parallel lists keyed by MCC/MNC.
 */
export const NetworkScan = defineMessage({
  service: 'nas', id: 0x0021, name: 'Network Scan', source: 'qmi-service-nas.json: Network Scan',
  request: { networkType: tlv(0x10, u8) },
  response: {
    networkInformation: tlv(0x10, array16(struct({ mcc: u16, mnc: u16, networkStatus: u8, description: str8 }))),
    radioAccessTechnology: tlv(0x11, array16(struct({ mcc: u16, mnc: u16, radioInterface: i8 }))),
    mncPcsDigitIncludeStatus: tlv(0x12, array16(struct({ mcc: u16, mnc: u16, includesPcsDigit: bool8 }))),
    networkScanResult: tlv(0x13, u32),
  },
});
