// Simulator handlers for the MBIM SMS service (533fbeeb-…) on the model's SMS store: an MBIM function has one
// message store, here the SIM store of src/sim/sms-store.ts (MessageIndex = memory index + 1; 0 means none).
// New messages: Read notification with the new record and Message Store Status NEW_MESSAGE; a full store:
// Message Store Status MESSAGE_STORE_FULL. Source: libmbim data/mbim-service-sms.json.
import { MbimStatus } from '../../mbim/errors';
import {
  Configuration, Delete, MbimSmsFlag, MbimSmsFormat, MbimSmsStatus, MbimSmsStatusFlag, MbimSmsStorageState, MessageStoreStatus, Read, Send,
} from '../../mbim/services/sms';
import { SmsDecodeError } from '../../sms';
import type { SmsStore, SmsTag, StoredSms } from '../sms-store';
import { MbimRoute, mbimRoute } from './context';

/** The store an MBIM function uses (the scenario's `simCapacity`). */
export const MBIM_SMS_STORAGE = 'sim' as const;

const STATUS_OF: Record<SmsTag, number> = {
  'mt-not-read': MbimSmsStatus.new, 'mt-read': MbimSmsStatus.old, 'mo-sent': MbimSmsStatus.sent, 'mo-not-sent': MbimSmsStatus.draft,
};
const TAG_OF_FLAG: Record<number, SmsTag | undefined> = {
  [MbimSmsFlag.new]: 'mt-not-read', [MbimSmsFlag.old]: 'mt-read', [MbimSmsFlag.sent]: 'mo-sent', [MbimSmsFlag.draft]: 'mo-not-sent',
};

/** A stored part as an MbimSmsPduReadRecord. */
export function readRecord(m: StoredSms): { messageIndex: number; messageStatus: number; pduData: Uint8Array } {
  return { messageIndex: m.index + 1, messageStatus: STATUS_OF[m.tag], pduData: m.pdu };
}

/** The SMS routes; `smsc` is the service centre Configuration reports until the host sets another. */
export function smsRoutes(state: { smsc: string }): MbimRoute[] {
  return [
    mbimRoute(Configuration, (r, { model, kind }) => {
      if (kind === 'set') {
        if (r.format !== MbimSmsFormat.pdu) return { status: MbimStatus.SmsFormatNotSupported };
        if (r.scAddress) state.smsc = r.scAddress;
      }
      return {
        status: 0,
        values: { smsStorageState: MbimSmsStorageState.initialized, format: MbimSmsFormat.pdu, maxMessages: model.sms.capacity(MBIM_SMS_STORAGE), cdmaShortMessageSize: 0, scAddress: state.smsc },
      };
    }),
    mbimRoute(Read, (r, { model }) => {
      if (r.format !== MbimSmsFormat.pdu) return { status: MbimStatus.SmsFormatNotSupported };
      const store = model.sms;
      let parts: StoredSms[];
      if (r.flag === MbimSmsFlag.index) {
        const m = r.messageIndex >= 1 ? store.read(MBIM_SMS_STORAGE, r.messageIndex - 1) : undefined;
        if (!m) return { status: MbimStatus.InvalidMemoryIndex };
        parts = [m];
      } else if (r.flag === MbimSmsFlag.all) {
        parts = store.list(MBIM_SMS_STORAGE);
      } else {
        const tag = TAG_OF_FLAG[r.flag];
        if (!tag) return { status: MbimStatus.InvalidParameters };
        parts = store.list(MBIM_SMS_STORAGE, tag);
      }
      // As a phone does: reading a new message makes it old.
      const records = parts.map(readRecord);
      for (const m of parts) if (m.tag === 'mt-not-read') m.tag = 'mt-read';
      return { status: 0, values: { format: MbimSmsFormat.pdu, pduMessages: records } };
    }),
    mbimRoute(Send, (r, { model }) => {
      if (r.format !== MbimSmsFormat.pdu) return { status: MbimStatus.SmsFormatNotSupported };
      try {
        return { status: 0, values: { messageReference: model.sms.send(r.pduData) } };
      } catch (e) {
        if (e instanceof SmsDecodeError) return { status: MbimStatus.InvalidParameters };
        throw e;
      }
    }),
    mbimRoute(Delete, (r, { model }) => {
      const store = model.sms;
      if (r.flag === MbimSmsFlag.index) {
        if (r.messageIndex < 1 || !store.read(MBIM_SMS_STORAGE, r.messageIndex - 1)) return { status: MbimStatus.InvalidMemoryIndex };
        store.delete(MBIM_SMS_STORAGE, r.messageIndex - 1);
      } else if (r.flag === MbimSmsFlag.all) {
        store.delete(MBIM_SMS_STORAGE);
      } else {
        const tag = TAG_OF_FLAG[r.flag];
        if (!tag) return { status: MbimStatus.InvalidParameters };
        store.delete(MBIM_SMS_STORAGE, undefined, tag);
      }
      return { status: 0, values: {} };
    }),
    mbimRoute(MessageStoreStatus, (_r, { model }) => {
      const full = model.sms.list(MBIM_SMS_STORAGE).length >= model.sms.capacity(MBIM_SMS_STORAGE);
      return { status: 0, values: { flag: full ? MbimSmsStatusFlag.messageStoreFull : MbimSmsStatusFlag.none, messageIndex: 0 } };
    }),
  ];
}

/** What smsIndications sends: a notification of a CID with its values. */
type Indicate = (def: typeof Read | typeof MessageStoreStatus, values: Record<string, unknown>) => void;

/**
 * Listens to the model's SMS store: a message stored in the MBIM store → Read notification (the new record) and
 * Message Store Status NEW_MESSAGE with its index; a message lost to a full store → Message Store Status
 * MESSAGE_STORE_FULL. Returns the unsubscribe.
 */
export function smsIndications(store: SmsStore, indicate: Indicate): () => void {
  const onStored = (m: StoredSms) => {
    if (m.storage !== MBIM_SMS_STORAGE) return;
    indicate(Read, { format: MbimSmsFormat.pdu, pduMessages: [readRecord(m)] });
    indicate(MessageStoreStatus, { flag: MbimSmsStatusFlag.newMessage, messageIndex: m.index + 1 });
  };
  const onFull = () => indicate(MessageStoreStatus, { flag: MbimSmsStatusFlag.messageStoreFull, messageIndex: 0 });
  store.on('stored', onStored);
  store.on('full', onFull);
  return () => { store.off('stored', onStored); store.off('full', onFull); };
}
