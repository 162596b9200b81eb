// CTL service (0x00) messages: version info, client ids, data format, sync. Source: libqmi qmi-service-ctl.json; libqmi qmi-service-ctl.json.
import { array8, struct, u16, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** CTL Get Version Info (0x0021): the services the modem offers and their versions. */
export const GetVersionInfo = defineMessage({
  service: 'ctl', id: 0x0021, name: 'Get Version Info', source: 'qmi-service-ctl.json: Get Version Info',
  request: {},
  response: { serviceList: tlv(0x01, array8(struct({ service: u8, majorVersion: u16, minorVersion: u16 })), { required: true }) },
});

/** CTL Allocate CID (0x0022): a client id for one service. */
export const AllocateCid = defineMessage({
  service: 'ctl', id: 0x0022, name: 'Allocate CID', source: 'qmi-service-ctl.json: Allocate CID',
  request: { service: tlv(0x01, u8, { required: true }) },
  response: { allocationInfo: tlv(0x01, struct({ service: u8, cid: u8 })) },
});

/** CTL Release CID (0x0023): gives a client id back (always do on exit). */
export const ReleaseCid = defineMessage({
  service: 'ctl', id: 0x0023, name: 'Release CID', source: 'qmi-service-ctl.json: Release CID',
  request: { releaseInfo: tlv(0x01, struct({ service: u8, cid: u8 }), { required: true }) },
  response: { releaseInfo: tlv(0x01, struct({ service: u8, cid: u8 })) },
});

/** CTL Set Data Format (0x0026, legacy): QoS header and link protocol (1 = 802.3, 2 = raw-IP). */
export const SetDataFormat = defineMessage({
  service: 'ctl', id: 0x0026, name: 'Set Data Format', source: 'qmi-service-ctl.json: Set Data Format; qmicli/mbimcli byte captures (test/conformance)',
  request: { format: tlv(0x01, u8, { required: true }), protocol: tlv(0x10, u16) },
  response: { protocol: tlv(0x10, u16) },
});

/** CTL Sync (0x0027): the modem releases every CID of this control point; also an indication. */
export const Sync = defineMessage({
  service: 'ctl', id: 0x0027, name: 'Sync', source: 'qmi-service-ctl.json: Sync',
  request: {}, response: {}, indication: {},
});
