// Simulator handlers for WMS (0x05): the SMS stores of the model over QMI. Source: libqmi qmi-service-wms.json
// (via src/qmi/services/wms.ts); error codes from libqmi qmi-errors.h.
import {
  Delete, GetRoutes, GetStoreMaxSize, ListMessages, ModifyTag, RawRead, RawSend, SetEventReport, SetRoutes, WmsMessageClass, WmsMessageFormat,
  WmsMessageTag, WmsReceiptAction, WmsStorageType,
} from '../../qmi/services/wms';
import { SmsDecodeError } from '../../sms';
import type { SmsReceiptAction, SmsStorage, SmsTag } from '../sms-store';
import { Route, route, SimError } from './context';

/** WMS error codes (qmi-errors.h). */
export const WmsError = Object.freeze({ InvalidIndex: 49, NoEntry: 50, DeviceStorageFull: 51, WmsEncoding: 58, WmsTPduType: 72 });

const TAGS: Record<number, SmsTag> = {
  [WmsMessageTag.mtRead]: 'mt-read', [WmsMessageTag.mtNotRead]: 'mt-not-read', [WmsMessageTag.moSent]: 'mo-sent', [WmsMessageTag.moNotSent]: 'mo-not-sent',
};
const ACTIONS: Record<number, SmsReceiptAction> = {
  [WmsReceiptAction.discard]: 'discard', [WmsReceiptAction.storeAndNotify]: 'store-and-notify',
  [WmsReceiptAction.transferOnly]: 'transfer-only', [WmsReceiptAction.transferAndAck]: 'transfer-and-ack',
};

/** QMI storage type → model store; undefined for `none` and unknown values. */
export function storageOf(type: number): SmsStorage | undefined {
  return type === WmsStorageType.uim ? 'sim' : type === WmsStorageType.nv ? 'modem' : undefined;
}
/** Model store → QMI storage type. */
export function storageType(s: SmsStorage): number { return s === 'sim' ? WmsStorageType.uim : WmsStorageType.nv; }
/** Model tag → QMI message tag. */
export function tagValue(t: SmsTag): number { return Number(Object.keys(TAGS).find((k) => TAGS[Number(k)] === t)); }

const gsmMode = (mode: number | undefined) => mode === undefined || mode === 1;

/** WMS routes (indications are raised by the responder from the store's events). */
export const wmsRoutes: Route[] = [
  route(SetEventReport, (r, { client }) => {
    if (r.newMtMessageIndicator) client.wmsEventReport = r.newMtMessageIndicator.report;
    return { values: {} };
  }),
  route(ListMessages, (r, { model }) => {
    const storage = storageOf(r.storageType);
    if (!storage) return { error: SimError.InvalidArgument };
    if (!gsmMode(r.messageMode)) return { values: { messageList: [] } };
    const tag = r.messageTag === undefined ? undefined : TAGS[r.messageTag];
    if (r.messageTag !== undefined && !tag) return { error: SimError.InvalidArgument };
    return { values: { messageList: model.sms.list(storage, tag).map((m) => ({ memoryIndex: m.index, messageTag: tagValue(m.tag) })) } };
  }),
  route(RawRead, (r, { model }) => {
    const storage = storageOf(r.messageMemoryStorageId.storageType);
    if (!storage) return { error: SimError.InvalidArgument };
    if (r.messageMemoryStorageId.memoryIndex >= model.sms.capacity(storage)) return { error: WmsError.InvalidIndex };
    const m = model.sms.read(storage, r.messageMemoryStorageId.memoryIndex);
    if (!m) return { error: WmsError.NoEntry };
    return { values: { rawMessageData: { messageTag: tagValue(m.tag), format: WmsMessageFormat.gsmWcdmaPointToPoint, rawData: m.pdu } } };
  }),
  route(ModifyTag, (r, { model }) => {
    const storage = storageOf(r.messageTag.storageType);
    const tag = TAGS[r.messageTag.messageTag];
    if (!storage || !tag) return { error: SimError.InvalidArgument };
    const m = model.sms.read(storage, r.messageTag.memoryIndex);
    if (!m) return { error: r.messageTag.memoryIndex >= model.sms.capacity(storage) ? WmsError.InvalidIndex : WmsError.NoEntry };
    m.tag = tag;
    return { values: {} };
  }),
  route(Delete, (r, { model }) => {
    const storage = storageOf(r.memoryStorage);
    if (!storage) return { error: SimError.InvalidArgument };
    const tag = r.messageTag === undefined ? undefined : TAGS[r.messageTag];
    if (r.messageTag !== undefined && !tag) return { error: SimError.InvalidArgument };
    if (r.memoryIndex !== undefined) {
      if (r.memoryIndex >= model.sms.capacity(storage)) return { error: WmsError.InvalidIndex };
      if (!model.sms.read(storage, r.memoryIndex)) return { error: WmsError.NoEntry };
    }
    model.sms.delete(storage, r.memoryIndex, tag);
    return { values: {} };
  }),
  route(RawSend, (r, { model }) => {
    if (r.rawMessageData.format !== WmsMessageFormat.gsmWcdmaPointToPoint) return { error: SimError.InvalidArgument };
    try {
      return { values: { messageId: model.sms.send(r.rawMessageData.rawData) } };
    } catch (e) {
      if (e instanceof SmsDecodeError) return { error: /TP-MTI/.test(e.message) ? WmsError.WmsTPduType : WmsError.WmsEncoding };
      throw e;
    }
  }),
  // Capacity and free slots of a store (a full store: 0 free; its new messages are lost, SmsStore 'full').
  route(GetStoreMaxSize, (r, { model }) => {
    const storage = storageOf(r.storageType);
    if (!storage) return { error: SimError.InvalidArgument };
    const max = model.sms.capacity(storage);
    return { values: { maxSize: max, freeSlots: max - model.sms.list(storage).length } };
  }),
  route(SetRoutes, (r, { model }) => {
    for (const x of r.routeList) {
      const action = ACTIONS[x.receiptAction];
      if (!action || (x.messageClass > WmsMessageClass.none)) return { error: SimError.InvalidArgument };
      const storage = storageOf(x.storage);
      if (action === 'store-and-notify' && !storage) return { error: SimError.InvalidArgument };
      // One route for every class (the model keeps one); class 0 flash messages follow it too.
      model.sms.route = { action, storage: storage ?? model.sms.route.storage };
    }
    return { values: {} };
  }),
  route(GetRoutes, (_r, { model }) => {
    const { action, storage } = model.sms.route;
    const receiptAction = Number(Object.keys(ACTIONS).find((k) => ACTIONS[Number(k)] === action));
    const routeList = [0, 1, 2, 3, 4].map((messageClass) => ({ messageType: 0, messageClass, storage: storageType(storage), receiptAction }));
    return { values: { routeList, transferStatusReport: 0 } };
  }),
];
