// WDA service (0x1A) messages: data format (802.3 / raw-IP, aggregation). Source: libqmi qmi-service-wda.json; libqmi qmi-service-wda.json.
import { bool8, struct, u32 } from '../codec';
import { defineMessage, tlv } from '../message';

/** WDA link-layer protocol (QmiWdaLinkLayerProtocol). */
export const LinkLayerProtocol = Object.freeze({ unknown: 0, ieee8023: 1, rawIp: 2 });

const endpoint = struct({ endpointType: u32, interfaceNumber: u32 });

const dataFormatResponse = {
  qosFormat: tlv(0x10, bool8),
  linkLayerProtocol: tlv(0x11, u32),
  uplinkDataAggregationProtocol: tlv(0x12, u32),
  downlinkDataAggregationProtocol: tlv(0x13, u32),
  ndpSignature: tlv(0x14, u32),
  downlinkDataAggregationMaxDatagrams: tlv(0x15, u32),
  downlinkDataAggregationMaxSize: tlv(0x16, u32),
  uplinkDataAggregationMaxDatagrams: tlv(0x17, u32),
  uplinkDataAggregationMaxSize: tlv(0x18, u32),
};

/** WDA Set Data Format (0x0020). */
export const SetDataFormat = defineMessage({
  service: 'wda', id: 0x0020, name: 'Set Data Format', source: 'qmi-service-wda.json: Set Data Format',
  request: {
    qosFormat: tlv(0x10, bool8),
    linkLayerProtocol: tlv(0x11, u32),
    uplinkDataAggregationProtocol: tlv(0x12, u32),
    downlinkDataAggregationProtocol: tlv(0x13, u32),
    endpointInfo: tlv(0x17, endpoint),
  },
  response: dataFormatResponse,
});

/** WDA Get Data Format (0x0021). */
export const GetDataFormat = defineMessage({
  service: 'wda', id: 0x0021, name: 'Get Data Format', source: 'qmi-service-wda.json: Get Data Format',
  request: { endpointInfo: tlv(0x10, endpoint) },
  response: dataFormatResponse,
});
