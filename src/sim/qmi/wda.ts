// Simulator handlers for WDA (0x1A): link-layer data format (802.3 / raw-IP), no aggregation.
import { GetDataFormat, LinkLayerProtocol, SetDataFormat } from '../../qmi/services/wda';
import type { ModemModel } from '../model';
import { Route, route, SimError } from './context';

function format(model: ModemModel) {
  return {
    qosFormat: false,
    linkLayerProtocol: model.dataFormat === 'raw-ip' ? LinkLayerProtocol.rawIp : LinkLayerProtocol.ieee8023,
    uplinkDataAggregationProtocol: 0,
    downlinkDataAggregationProtocol: 0,
  };
}

/** WDA routes. Source: libqmi qmi-service-wda.json (via src/qmi/services/wda.ts). */
export const wdaRoutes: Route[] = [
  route(GetDataFormat, (_r, { model }) => ({ values: format(model) })),
  route(SetDataFormat, (r, { model }) => {
    if (r.linkLayerProtocol !== undefined) {
      if (r.linkLayerProtocol === LinkLayerProtocol.rawIp) model.selectDataFormat('raw-ip');
      else if (r.linkLayerProtocol === LinkLayerProtocol.ieee8023) model.selectDataFormat('802.3');
      else return { error: SimError.InvalidArgument };
    }
    if ((r.uplinkDataAggregationProtocol ?? 0) !== 0 || (r.downlinkDataAggregationProtocol ?? 0) !== 0) return { error: SimError.InvalidArgument };
    return { values: format(model) };
  }),
];
