// DMS (0x02) vendor messages: FCC authentication (radio unlock of laptop-SKU modems) and Sierra USB composition.
// Source: libqmi data/qmi-service-dms.json (message ids, TLVs) and src/libqmi-glib/qmi-enums-dms.h (QmiDmsSwiUsbComposition).
import { array8, string, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/**
 * DMS Set FCC Authentication (0x555F): no TLVs; lifts the FCC radio lock of Sierra laptop modules
 * (EM7355, EM7455…) until the next power cycle. libqmi qmi-service-dms.json: Set FCC Authentication.
 */
export const SetFccAuthentication = defineMessage({
  service: 'dms', id: 0x555f, name: 'Set FCC Authentication', source: 'libqmi qmi-service-dms.json: Set FCC Authentication',
  request: {}, response: {},
});

/**
 * DMS Foxconn Set FCC Authentication (0x5571, vendor 0x0489): TLV 0x01 `value` (u8), the unlock
 * value (ModemManager's Foxconn/Dell unlock sends 0). libqmi qmi-service-dms.json: Foxconn Set FCC Authentication.
 */
export const FoxconnSetFccAuthentication = defineMessage({
  service: 'dms', id: 0x5571, name: 'Foxconn Set FCC Authentication', source: 'libqmi qmi-service-dms.json: Foxconn Set FCC Authentication',
  request: { value: tlv(0x01, u8, { required: true }) }, response: {},
});

/**
 * DMS Foxconn Set FCC Authentication v2 (the same id 0x5571, vendor 0x0490): TLV 0x01 magic
 * string, TLV 0x02 magic number (u8). libqmi qmi-service-dms.json: Foxconn Set FCC Authentication v2.
 */
export const FoxconnSetFccAuthenticationV2 = defineMessage({
  service: 'dms', id: 0x5571, name: 'Foxconn Set FCC Authentication v2', source: 'libqmi qmi-service-dms.json: Foxconn Set FCC Authentication v2',
  request: { magicString: tlv(0x01, string, { required: true, secret: true }), magicNumber: tlv(0x02, u8, { required: true }) }, response: {},
});

/** QmiDmsFoxconnFirmwareVersionType (libqmi qmi-enums-dms.h): firmware-mcfg, firmware-mcfg-apps, apps. */
export const FoxconnFirmwareVersionType = Object.freeze({ firmwareMcfg: 0x00, firmwareMcfgApps: 0x01, apps: 0x02 });

/**
 * DMS Foxconn Get Firmware Version (0x555E, vendor 0x0489): TLV 0x01 the version type, answer
 * TLV 0x01 the version string (e.g. T77W968.F0.0.0.2.3.GC.004). libqmi qmi-service-dms.json: Foxconn Get Firmware Version.
 */
export const FoxconnGetFirmwareVersion = defineMessage({
  service: 'dms', id: 0x555e, name: 'Foxconn Get Firmware Version', source: 'libqmi qmi-service-dms.json: Foxconn Get Firmware Version',
  request: { versionType: tlv(0x01, u8, { required: true }) }, response: { version: tlv(0x01, string, { required: true }) },
});

/**
 * DMS Swi Get USB Composition (0x555B, Sierra): TLV 0x10 current composition, TLV 0x11 the
 * supported ones (u8 count + u8 each; QmiDmsSwiUsbComposition). libqmi qmi-service-dms.json: Swi Get USB Composition.
 */
export const SwiGetUsbComposition = defineMessage({
  service: 'dms', id: 0x555b, name: 'Swi Get USB Composition', source: 'libqmi qmi-service-dms.json: Swi Get USB Composition',
  request: {}, response: { current: tlv(0x10, u8), supported: tlv(0x11, array8(u8)) },
});

/**
 * DMS Swi Set USB Composition (0x555C, Sierra): TLV 0x01 the composition to use from the next
 * boot; the modem re-enumerates on USB after its reset. libqmi qmi-service-dms.json: Swi Set USB Composition.
 */
export const SwiSetUsbComposition = defineMessage({
  service: 'dms', id: 0x555c, name: 'Swi Set USB Composition', source: 'libqmi qmi-service-dms.json: Swi Set USB Composition',
  request: { current: tlv(0x01, u8, { required: true }) }, response: {},
});

/** What a Sierra USB composition carries: its libqmi description and the control protocol of its network function. */
export interface UsbCompositionInfo {
  /** QmiDmsSwiUsbComposition value 0–22. */
  readonly id: number;
  /** The functions, as libqmi's qmi-enums-dms.h describes them (e.g. "DM, NMEA, AT, QMI"). */
  readonly name: string;
  /** The control protocol the host sees: `qmi`, `mbim`, `qmi+mbim` (dual configuration: the host picks), or `none` (no QMI/MBIM function). */
  readonly protocol: 'qmi' | 'mbim' | 'qmi+mbim' | 'none';
}

const SWI_NAMES: readonly string[] = [
  'HIP, DM, NMEA, AT, MDM1, MDM2, MDM3, MS', 'HIP, DM, NMEA, AT, MDM1, MS', 'HIP, DM, NMEA, AT, NIC1, MS',
  'HIP, DM, NMEA, AT, MDM1, NIC1, MS', 'HIP, DM, NMEA, AT, NIC1, NIC2, NIC3, MS', 'HIP, DM, NMEA, AT, ECM1, MS',
  'DM, NMEA, AT, QMI', 'DM, NMEA, AT, RMNET1, RMNET2, RMNET3', 'DM, NMEA, AT, MBIM', 'MBIM', 'NMEA, MBIM', 'DM, MBIM', 'DM, NMEA, MBIM',
];

/**
 * The Sierra USB composition `id` (QmiDmsSwiUsbComposition, libqmi qmi-enums-dms.h) in words;
 * undefined for an id libqmi does not name. 13–22 are dual configurations (composition 6 or 7
 * with one of 8–12): the host's USB configuration chooses QMI or MBIM.
 */
export function swiUsbComposition(id: number): UsbCompositionInfo | undefined {
  if (!Number.isInteger(id) || id < 0 || id > 22) return undefined;
  if (id >= 13) {
    const qmiPart = id <= 17 ? 6 : 7;
    const mbimPart = 8 + ((id - 13) % 5);
    return { id, name: `dual configuration: composition ${qmiPart} (${SWI_NAMES[qmiPart]}) and ${mbimPart} (${SWI_NAMES[mbimPart]})`, protocol: 'qmi+mbim' };
  }
  const name = SWI_NAMES[id];
  const protocol = id === 6 || id === 7 ? 'qmi' : id >= 8 ? 'mbim' : 'none';
  return { id, name, protocol };
}
