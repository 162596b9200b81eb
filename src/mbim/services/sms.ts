// SMS service (533fbeeb-…), PDU format only: configuration, read, send, delete and message store status.
// Source: libmbim data/mbim-service-sms.json (layouts) and mbim-enums.h (MbimSmsFormat, MbimSmsFlag, MbimSmsStatus,
// MbimSmsStorageState, MbimSmsStatusFlag); CIDs 1–5 as MBIM 1.0 numbers them (MBIM_CID_SMS_CONFIGURATION …
// MBIM_CID_SMS_MESSAGE_STORE_STATUS). The CDMA records (Format CDMA) are not defined: qmi4g asks for PDU format.
import { countOf, refBytes, secret, string, u32 } from '../codec';
import { defineCid } from '../cid';
import { refStructArray, struct } from '../struct';
import { ServiceUuid } from '../uuid';

const base = { service: ServiceUuid.sms, serviceName: 'SMS' } as const;
const src = (name: string) => `libmbim mbim-service-sms.json: ${name}`;
const empty = struct({});

/** MbimSmsFormat: PDU (3GPP TS 23.040 with the SMSC address first, as 3GPP TS 27.005 PDU mode) or CDMA. */
export const MbimSmsFormat = Object.freeze({ pdu: 0, cdma: 1 });
/** MbimSmsStorageState: whether the message store can be used yet. */
export const MbimSmsStorageState = Object.freeze({ notInitialized: 0, initialized: 1 });
/** MbimSmsFlag: which messages Read / Delete act on. */
export const MbimSmsFlag = Object.freeze({ all: 0, index: 1, new: 2, old: 3, sent: 4, draft: 5 });
/** MbimSmsStatus: status of a stored message (new = received and not read yet). */
export const MbimSmsStatus = Object.freeze({ new: 0, old: 1, draft: 2, sent: 3 });
/** MbimSmsStatusFlag: Message Store Status flags (bit 0 store full, bit 1 a new message arrived). */
export const MbimSmsStatusFlag = Object.freeze({ none: 0, messageStoreFull: 1, newMessage: 2 });

const configuration = struct({ smsStorageState: u32, format: u32, maxMessages: u32, cdmaShortMessageSize: u32, scAddress: string });

/**
 * Configuration (CID 1, query/set + notification): storage state, format, capacity of the store (messages) and
 * the service centre address. Set: Format and ScAddress.
 */
export const Configuration = defineCid({
  ...base, cid: 1, name: 'Configuration', source: src('Configuration'),
  set: struct({ format: u32, scAddress: string }), query: empty, response: configuration, notification: configuration,
});

/** MbimSmsPduReadRecord: the message's index in the store, its MbimSmsStatus and its PDU (SMSC address first). */
export const PduReadRecord = struct({ messageIndex: u32, messageStatus: u32, pduData: secret(refBytes) });

const readList = struct({ format: u32, messagesCount: countOf('pduMessages'), pduMessages: refStructArray(PduReadRecord) });

/**
 * Read (CID 2, query + notification): Flag all/new/old/sent/draft, or index with MessageIndex (1-based as devices
 * number them; 0 when the flag is not index). The notification carries new messages as the device reports them.
 * Only the PDU layout (Format 0) is decoded; a CDMA answer is refused by the caller.
 */
export const Read = defineCid({
  ...base, cid: 2, name: 'Read', source: src('Read'),
  query: struct({ format: u32, flag: u32, messageIndex: u32 }), response: readList, notification: readList,
});

/**
 * Send (CID 3, set): Format PDU and the SMS-SUBMIT PDU, SMSC address first (the inline MbimSmsPduSendRecord:
 * its ref-byte-array counts from the buffer start). The response is the TP-Message-Reference.
 */
export const Send = defineCid({
  ...base, cid: 3, name: 'Send', source: src('Send'),
  set: struct({ format: u32, pduData: secret(refBytes) }), response: struct({ messageReference: u32 }),
});

/** Delete (CID 4, set): Flag all/new/old/sent/draft, or index with MessageIndex. */
export const Delete = defineCid({
  ...base, cid: 4, name: 'Delete', source: src('Delete'),
  set: struct({ flag: u32, messageIndex: u32 }), response: empty,
});

const storeStatus = struct({ flag: u32, messageIndex: u32 });

/**
 * Message Store Status (CID 5, query + notification): MbimSmsStatusFlag bits and, with NEW_MESSAGE, the index of
 * the message that arrived.
 */
export const MessageStoreStatus = defineCid({
  ...base, cid: 5, name: 'Message Store Status', source: src('Message Store Status'),
  query: empty, response: storeStatus, notification: storeStatus,
});
