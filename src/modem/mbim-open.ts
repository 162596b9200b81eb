// The steps of opening an MbimModem that need no modem state: MBIM OPEN with its refusals mapped,
// Device Caps + Device Services, and the Device Service Subscribe List of the notifications used.
// Source: libmbim data/mbim-service-basic-connect.json (Device Caps, Device Services, Device
// Service Subscribe List), libmbim src/libmbim-glib/mbim-device.c (OPEN).
import type { ResponseOf } from '../mbim/cid';
import type { MbimDevice } from '../mbim/device';
import { MbimStatusError, MbimTimeoutError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import { ServiceUuid, type Uuid } from '../mbim/uuid';
import type { CallOptions } from './modem';
import { ModemError } from './modem-errors';
import type { MbimDataContext } from './mbim-data';

/** Basic Connect CIDs whose notifications we want: Subscriber Ready, Radio, Register, Packet Service, Signal, Connect, IP Configuration (libmbim mbim-service-basic-connect.json: Device Service Subscribe List, CID 19). */
const SUBSCRIBED_CIDS = [2, 3, 9, 10, 11, 12, 15];

/** MBIM OPEN, resent by the device until `timeoutMs`. No OPEN_DONE or a refusal → ModemError DEVICE_NOT_SUPPORTED; other errors as thrown. */
export async function sendOpen(device: MbimDevice, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const path = device.port.path;
  await device.open({ timeoutMs, signal }).catch((e) => {
    if (e instanceof MbimTimeoutError) throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} does not answer MBIM OPEN`);
    if (e instanceof MbimStatusError) throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} refused MBIM OPEN: ${e.mbimName}`, [e.mbimName]);
    throw e;
  });
}

/** Device Caps and Device Services queried together; `list` is undefined when the function refuses Device Services (an MBIM status). */
export async function queryCapsAndServices(device: MbimDevice, o: CallOptions): Promise<{ caps: ResponseOf<typeof bc.DeviceCaps>; list?: ResponseOf<typeof bc.DeviceServices> }> {
  const [caps, list] = await Promise.all([
    device.command(bc.DeviceCaps, 'query', {}, o),
    device.command(bc.DeviceServices, 'query', {}, o).catch((e) => {
      if (e instanceof MbimStatusError) return undefined;
      throw e;
    }),
  ]);
  return { caps, list };
}

/**
 * Device Service Subscribe List set: the Basic Connect notifications used, QMI's (CID 1) when the
 * modem tunnels QMI, SMS Read and Message Store Status when it has the SMS service (mbim-sms.ts).
 * A refusal (an MBIM status) is logged and ignored; other errors are thrown.
 */
export async function subscribeNotifications(x: MbimDataContext, services: Set<string>, o: CallOptions): Promise<void> {
  const events: { deviceServiceId: Uuid; cids: number[] }[] = [{ deviceServiceId: ServiceUuid.basicConnect, cids: SUBSCRIBED_CIDS }];
  if (services.has(ServiceUuid.qmi)) events.push({ deviceServiceId: ServiceUuid.qmi, cids: [1] });
  // SMS Read and Message Store Status: new messages (src/modem/mbim-sms.ts).
  if (services.has(ServiceUuid.sms)) events.push({ deviceServiceId: ServiceUuid.sms, cids: [2, 5] });
  await x.call(() => x.device.command(bc.DeviceServiceSubscribeList, 'set', { events }, o))
    .catch((e) => { if (!(e instanceof MbimStatusError)) throw e; x.log.debug(`Device Service Subscribe List: ${e.message}`); });
}
