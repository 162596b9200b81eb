// NAS (0x03) Config Signal Info: the thresholds at which the modem sends Signal Info indications. Source: libqmi qmi-service-nas.json.
import { array8, i16, i8, struct, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/**
 * NAS Config Signal Info (0x0050): threshold lists per measurement; crossing one sends a Signal
 * Info indication (0x0051) to clients that enabled it (Register Indications TLV 0x19). Units:
 * RSSI/RSRP dBm, RSRQ dB, ECIO −0.5 dB, LTE SNR 0.1 dB; TLV 0x17 LTE report rate/averaging period.
 */
export const ConfigSignalInfo = defineMessage({
  service: 'nas', id: 0x0050, name: 'Config Signal Info', source: 'qmi-service-nas.json: Config Signal Info',
  request: {
    rssiThreshold: tlv(0x10, array8(i8)),
    ecioThreshold: tlv(0x11, array8(i16)),
    lteSnrThreshold: tlv(0x13, array8(i16)),
    rsrqThreshold: tlv(0x15, array8(i8)),
    rsrpThreshold: tlv(0x16, array8(i16)),
    lteReport: tlv(0x17, struct({ rate: u8, averagePeriod: u8 })),
  },
  response: {},
});
