// QMI messages that read who the subscriber is: DMS UIM Get IMSI, DMS Get MSISDN and UIM Read
// Transparent (SIM elementary files EF_ICCID, EF_IMSI, EF_AD). Source: libqmi qmi-service-dms.json
// (UIM Get IMSI, Get MSISDN; IMSI and MSISDN are personal-info there) and qmi-service-uim.json
// (Read Transparent).
import { array16, array8, bool8, string, struct, u16, u32, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** DMS UIM Get IMSI (0x0043): the SIM's IMSI as digits. */
export const UimGetImsi = defineMessage({
  service: 'dms', id: 0x0043, name: 'UIM Get IMSI', source: 'libqmi qmi-service-dms.json: UIM Get IMSI',
  request: {}, response: { imsi: tlv(0x01, string, { required: true, secret: true }) },
});

/** DMS Get MSISDN (0x0024): the subscriber's phone number (TLV 0x01); 0x10 MIN and 0x11 IMSI on some modems. */
export const GetMsisdn = defineMessage({
  service: 'dms', id: 0x0024, name: 'Get MSISDN', source: 'libqmi qmi-service-dms.json: Get MSISDN',
  request: {},
  response: { msisdn: tlv(0x01, string, { required: true, secret: true }), mobileId: tlv(0x10, string, { secret: true }), imsi: tlv(0x11, string, { secret: true }) },
});

/** UIM session types (QmiUimSessionType) used here: the primary GW provisioning session (the USIM) and card slot 1. */
export const UimSessionType = Object.freeze({ primaryGwProvisioning: 0, cardSlot1: 6 });

/**
 * UIM Read Transparent (0x0020): a transparent SIM file by id and path (each path element a u16
 * written low byte first, e.g. MF 3F00 / DF 7FFF → 00 3F FF 7F); length 0 = the whole file. The
 * answer holds the card's status words and the file's bytes (personal info: EF_ICCID, EF_IMSI).
 */
export const ReadTransparent = defineMessage({
  service: 'uim', id: 0x0020, name: 'Read Transparent', source: 'libqmi qmi-service-uim.json: Read Transparent',
  request: {
    session: tlv(0x01, struct({ sessionType: u8, applicationIdentifier: array8(u8) }), { required: true }),
    file: tlv(0x02, struct({ fileId: u16, filePath: array8(u8) }), { required: true }),
    readInformation: tlv(0x03, struct({ offset: u16, length: u16 }), { required: true }),
    responseInIndicationToken: tlv(0x10, u32),
    encryptData: tlv(0x11, bool8),
  },
  response: {
    cardResult: tlv(0x10, struct({ sw1: u8, sw2: u8 })),
    readResult: tlv(0x11, array16(u8), { secret: true }),
    responseInIndicationToken: tlv(0x12, u32),
    encryptedData: tlv(0x13, bool8),
  },
});

/** SIM elementary files (3GPP TS 31.102 §4.2; ETSI TS 102 221 §13.2): file id and path from the MF. */
export const SimFile = Object.freeze({
  /** EF_ICCID 2FE2 under MF 3F00: the card's ICCID, BCD. */
  iccid: { fileId: 0x2fe2, path: [0x3f00] },
  /** EF_IMSI 6F07 under 3F00/7FFF (the USIM ADF): length byte, then the IMSI, BCD. */
  imsi: { fileId: 0x6f07, path: [0x3f00, 0x7fff] },
  /** EF_AD 6FAD under 3F00/7FFF: administrative data; byte 4's low nibble is the MNC length. */
  ad: { fileId: 0x6fad, path: [0x3f00, 0x7fff] },
  /** EF_SPN 6F46 under 3F00/7FFF: the service provider name (an MVNO's own name on its SIMs). */
  spn: { fileId: 0x6f46, path: [0x3f00, 0x7fff] },
} as const);

/** A file path as Read Transparent wants it: each element a u16, low byte first. */
export function filePathBytes(path: readonly number[]): number[] {
  return path.flatMap((p) => [p & 0xff, (p >> 8) & 0xff]);
}
