// Choosing the link-layer data format of a QMI modem at open: raw-IP where offered, else 802.3; read back.
import type { Logger } from '../log';
import type { QmiClient, QmiDevice, RequestOptions } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import * as ctl from '../qmi/services/ctl';
import { GetDataFormat, LinkLayerProtocol, SetDataFormat } from '../qmi/services/wda';

/** Link-layer format of the modem's network device: Ethernet frames or raw IP packets. */
export type DataFormat = '802.3' | 'raw-ip';

/** What setDataFormat needs: the device (CTL fallback), the WDA client when the modem offers WDA, a request counter. */
export interface DataFormatContext {
  device: QmiDevice;
  wda?: QmiClient;
  log: Logger;
  /** Called once per request sent (the modem's round-trip count). */
  count(): void;
}

const WDA_CODE: Record<DataFormat, number> = { '802.3': LinkLayerProtocol.ieee8023, 'raw-ip': LinkLayerProtocol.rawIp };
/** CTL Set Data Format TLV 0x10 values (libqmi qmi-service-ctl.json: QmiCtlDataLinkProtocol 1 = 802.3, 2 = raw-IP). */
const CTL_CODE: Record<DataFormat, number> = { '802.3': 1, 'raw-ip': 2 };

function fromWda(code: number | undefined): DataFormat | undefined {
  return code === LinkLayerProtocol.rawIp ? 'raw-ip' : code === LinkLayerProtocol.ieee8023 ? '802.3' : undefined;
}

/**
 * Sets the modem's link-layer protocol as OpenWrt qmi.sh does (`uqmi --set-data-format`, CTL
 * Set Data Format; `--wda-set-data-format`, WDA Set Data Format TLV 0x11; then
 * `--wda-get-data-format` to read back), but asks for raw-IP first: most LTE-A/5G modules only
 * do raw-IP, and the response names the format the modem actually uses (libqmi
 * qmi-service-wda.json: Set Data Format / Get Data Format, QmiWdaLinkLayerProtocol 1 = 802.3,
 * 2 = raw-IP). A modem refusing raw-IP with a QMI error is asked for 802.3. Without WDA the
 * legacy CTL Set Data Format is used (libqmi qmi-service-ctl.json: TLV 0x01 QoS header absent,
 * TLV 0x10 protocol). Resolves with the format read back (WDA Get Data Format), or the last
 * answer when the read-back fails; `fallback` when the modem answers none of it. Throws only
 * transport/timeout errors (the caller maps them).
 */
export async function setDataFormat(x: DataFormatContext, fallback: DataFormat, o: RequestOptions = {}): Promise<DataFormat> {
  let answered: DataFormat | undefined;
  for (const want of ['raw-ip', '802.3'] as const) {
    try {
      answered = await ask(x, want, o);
      break;
    } catch (e) {
      if (!(e instanceof QmiProtocolError)) throw e;
      x.log.debug(`Set Data Format ${want}: ${e.qmiName}`);
    }
  }
  if (!x.wda) return answered ?? fallback;
  try {
    x.count();
    return fromWda((await x.wda.request(GetDataFormat, {}, o)).linkLayerProtocol) ?? answered ?? fallback;
  } catch (e) {
    if (!(e instanceof QmiProtocolError)) throw e;
    x.log.debug(`WDA Get Data Format: ${e.qmiName}`);
    return answered ?? fallback;
  }
}

async function ask(x: DataFormatContext, want: DataFormat, o: RequestOptions): Promise<DataFormat> {
  x.count();
  if (x.wda) {
    const r = await x.wda.request(SetDataFormat, { linkLayerProtocol: WDA_CODE[want] }, o);
    return fromWda(r.linkLayerProtocol) ?? want;
  }
  const r = await x.device.request(ctl.SetDataFormat, 0, { format: 0, protocol: CTL_CODE[want] }, o);
  return r.protocol === CTL_CODE['raw-ip'] ? 'raw-ip' : r.protocol === CTL_CODE['802.3'] ? '802.3' : want;
}
