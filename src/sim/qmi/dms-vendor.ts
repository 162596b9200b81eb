// Simulator handlers for the DMS vendor messages: FCC authentication (Sierra, Foxconn v1/v2) and Sierra USB composition.
import { rest, u8 } from '../../qmi/codec';
import { defineMessage, tlv } from '../../qmi/message';
import { FoxconnGetFirmwareVersion, FoxconnSetFccAuthentication, SetFccAuthentication, SwiGetUsbComposition, SwiSetUsbComposition } from '../../qmi/services/dms-vendor';
import type { FccAnswer } from '../vendor-state';
import { Route, route, SimError } from './context';

/**
 * Foxconn Set FCC Authentication and its v2 share message id 0x5571 (libqmi
 * qmi-service-dms.json, vendors 0x0489 and 0x0490): the simulator reads TLV 0x01 raw and tells
 * them apart by TLV 0x02 (v2's magic number) — v1 carries one u8, v2 a string and the number.
 */
const FoxconnEither = defineMessage({
  service: 'dms', id: FoxconnSetFccAuthentication.id, name: 'Foxconn Set FCC Authentication', source: 'libqmi qmi-service-dms.json: Foxconn Set FCC Authentication (v1 and v2)',
  request: { first: tlv(0x01, rest, { required: true }), magicNumber: tlv(0x02, u8) }, response: {},
});

function answer(a: FccAnswer) {
  if (a === 'ok') return { values: {} };
  return { error: a === 'unknown-message' ? SimError.InvalidQmiCommand : SimError.InvalidArgument };
}

/** DMS vendor routes: FCC authentication unlocks the model's radio (vendor-state.ts); USB composition needs scenario `usbComposition`. */
export const dmsVendorRoutes: Route[] = [
  route(SetFccAuthentication, (_r, { model }) => answer(model.vendor.fccAuthenticate({ method: 'sierra' }))),
  route(FoxconnEither, (r, { model }) => {
    if (r.magicNumber === undefined) {
      if (r.first.length !== 1) return { error: SimError.MalformedMessage };
      return answer(model.vendor.fccAuthenticate({ method: 'foxconn', value: r.first[0] }));
    }
    const magicString = Buffer.from(r.first).toString('utf8');
    return answer(model.vendor.fccAuthenticate({ method: 'foxconn-v2', magicString, magicNumber: r.magicNumber }));
  }),
  route(FoxconnGetFirmwareVersion, (r, { model }) => {
    const version = model.vendor.foxconnFirmware(r.versionType);
    return version === undefined ? { error: SimError.InvalidQmiCommand } : { values: { version } };
  }),
  route(SwiGetUsbComposition, (_r, { model }) => {
    const v = model.vendor;
    if (!v.usb || v.usbCurrent === undefined) return { error: SimError.InvalidQmiCommand };
    return { values: { current: v.usbCurrent, supported: [...v.usb.supported] } };
  }),
  route(SwiSetUsbComposition, (r, { model }) => {
    if (!model.vendor.usb) return { error: SimError.InvalidQmiCommand };
    return model.vendor.setUsbComposition(r.current) ? { values: {} } : { error: SimError.InvalidArgument };
  }),
];
