// WMS service (0x05) messages: SMS storage, reading, deleting, sending and routes. Source: libqmi
// qmi-service-wms.json; enum values from libqmi qmi-enums-wms.h.
import { array16, array32, bool8, bytes16, string, struct, u16, u32, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** QmiWmsStorageType: where a message is kept. */
export const WmsStorageType = Object.freeze({ uim: 0x00, nv: 0x01, none: 0xff });
/** QmiWmsMessageTagType. */
export const WmsMessageTag = Object.freeze({ mtRead: 0x00, mtNotRead: 0x01, moSent: 0x02, moNotSent: 0x03 });
/** QmiWmsMessageFormat (only GSM/WCDMA point-to-point is used here). */
export const WmsMessageFormat = Object.freeze({ cdma: 0x00, gsmWcdmaPointToPoint: 0x06, gsmWcdmaBroadcast: 0x07, mwi: 0x08 });
/** QmiWmsMessageMode. */
export const WmsMessageMode = Object.freeze({ cdma: 0x00, gsmWcdma: 0x01 });
/** QmiWmsReceiptAction. */
export const WmsReceiptAction = Object.freeze({ discard: 0x00, storeAndNotify: 0x01, transferOnly: 0x02, transferAndAck: 0x03 });
/** QmiWmsMessageClass (0–3 are the GSM classes). */
export const WmsMessageClass = Object.freeze({ class0: 0, class1: 1, class2: 2, class3: 3, none: 0x04, cdma: 0x05 });
/** QmiWmsMessageType. */
export const WmsMessageType = Object.freeze({ pointToPoint: 0x00 });

const storageId = struct({ storageType: u8, memoryIndex: u32 });
const route = struct({ messageType: u8, messageClass: u8, storage: u8, receiptAction: u8 });

/** WMS Set Event Report (0x0001): TLV 0x10 asks for MT message indications. */
export const SetEventReport = defineMessage({
  service: 'wms', id: 0x0001, name: 'Set Event Report', source: 'qmi-service-wms.json: Set Event Report',
  request: { newMtMessageIndicator: tlv(0x10, struct({ report: bool8 })) },
  response: {},
});

/** WMS Event Report indication (0x0001): a stored MT message (0x10) or one transferred raw (0x11). */
export const EventReport = defineMessage({
  service: 'wms', id: 0x0001, name: 'Event Report', source: 'qmi-service-wms.json: Event Report (indication)',
  request: {}, response: {},
  indication: {
    mtMessage: tlv(0x10, storageId),
    transferRouteMtMessage: tlv(0x11, struct({ ackIndicator: u8, transactionId: u32, format: u8, rawData: bytes16 }), { secret: true }),
    messageMode: tlv(0x12, u8),
    smscAddress: tlv(0x15, string),
    smsOnIms: tlv(0x16, bool8),
  },
});

/** WMS Raw Send (0x0020): an SMS-SUBMIT with SMSC address (format 6); the reply carries the message id (TP-MR). */
export const RawSend = defineMessage({
  service: 'wms', id: 0x0020, name: 'Raw Send', source: 'qmi-service-wms.json: Raw Send',
  request: {
    rawMessageData: tlv(0x01, struct({ format: u8, rawData: bytes16 }), { required: true, secret: true }),
    gsmWcdmaLinkTimer: tlv(0x12, u8),
    smsOnIms: tlv(0x13, bool8),
  },
  response: {
    messageId: tlv(0x01, u16),
    gsmWcdmaCauseInfo: tlv(0x12, struct({ rpCause: u16, tpCause: u8 })),
    messageDeliveryFailureType: tlv(0x13, u8),
  },
});

/** WMS Raw Read (0x0022): one stored message, its tag and raw PDU. */
export const RawRead = defineMessage({
  service: 'wms', id: 0x0022, name: 'Raw Read', source: 'qmi-service-wms.json: Raw Read',
  request: { messageMemoryStorageId: tlv(0x01, storageId, { required: true }), messageMode: tlv(0x10, u8), smsOnIms: tlv(0x11, bool8) },
  response: { rawMessageData: tlv(0x01, struct({ messageTag: u8, format: u8, rawData: bytes16 }), { secret: true }) },
});

/** WMS Modify Tag (0x0023): e.g. mark a message read. */
export const ModifyTag = defineMessage({
  service: 'wms', id: 0x0023, name: 'Modify Tag', source: 'qmi-service-wms.json: Modify Tag',
  request: { messageTag: tlv(0x01, struct({ storageType: u8, memoryIndex: u32, messageTag: u8 }), { required: true }), messageMode: tlv(0x10, u8) },
  response: {},
});

/** WMS Delete (0x0024): one message (memory index), all with a tag, or all in a store. */
export const Delete = defineMessage({
  service: 'wms', id: 0x0024, name: 'Delete', source: 'qmi-service-wms.json: Delete',
  request: { memoryStorage: tlv(0x01, u8, { required: true }), memoryIndex: tlv(0x10, u32), messageTag: tlv(0x11, u8), messageMode: tlv(0x12, u8) },
  response: {},
});

/** WMS List Messages (0x0031): memory indexes and tags in one store, optionally only one tag. */
export const ListMessages = defineMessage({
  service: 'wms', id: 0x0031, name: 'List Messages', source: 'qmi-service-wms.json: List Messages',
  request: { storageType: tlv(0x01, u8, { required: true }), messageTag: tlv(0x11, u8), messageMode: tlv(0x12, u8) },
  response: { messageList: tlv(0x01, array32(struct({ memoryIndex: u32, messageTag: u8 }))) },
});

/**
 * WMS Get Store Max Size (0x0036): how many messages a store holds and how many slots are free. Not in libqmi's
 * qmi-service-wms.json (qmicli 1.32 has no option for it); the layout is the Gobi database libqmi's repository
 * carries (gobi-api/GobiAPI_1.0.40/Database/QMI Entity.txt and Field.txt: "WMS/Get Storage Max Size", message 54,
 * request TLV 0x01 Storage Type u8 and 0x10 Message Mode u8; response TLV 0x01 Max Storage Size In Messages u32
 * and 0x10 Free Storage Size In Messages u32).
 */
export const GetStoreMaxSize = defineMessage({
  service: 'wms', id: 0x0036, name: 'Get Store Max Size', source: 'libqmi gobi-api/GobiAPI_1.0.40/Database/QMI/Entity.txt: WMS/Get Storage Max Size',
  request: { storageType: tlv(0x01, u8, { required: true }), messageMode: tlv(0x10, u8) },
  response: { maxSize: tlv(0x01, u32), freeSlots: tlv(0x10, u32) },
});

/** WMS Set Routes (0x0032): where MT messages of each class go and what the modem does with them. */
export const SetRoutes = defineMessage({
  service: 'wms', id: 0x0032, name: 'Set Routes', source: 'qmi-service-wms.json: Set Routes',
  request: { routeList: tlv(0x01, array16(route), { required: true }), transferStatusReport: tlv(0x10, u8) },
  response: {},
});

/** WMS Get Routes (0x0033). */
export const GetRoutes = defineMessage({
  service: 'wms', id: 0x0033, name: 'Get Routes', source: 'qmi-service-wms.json: Get Routes',
  request: {},
  response: { routeList: tlv(0x01, array16(route)), transferStatusReport: tlv(0x10, u8) },
});
