// The protocol-neutral SMS side of a modem: messages as people read them (parts merged), kept on the modem/SIM.
import { SmsPdu, StoredPart, mergeParts, timestampToIso } from '../sms';

/**
 * Where a message part is kept: the SIM card or the modem's own memory (QMI WMS storage uim / nv), or `device`:
 * the one message store of an MBIM function (MBIM does not say whether it is on the SIM).
 */
export type SmsStore = 'sim' | 'modem' | 'device';
/** Status of a stored message (QMI WMS message tags; MBIM SMS message status). */
export type SmsStatus = 'unread' | 'read' | 'sent' | 'unsent';

/** One stored part: its store and memory index, status and PDU decoded (undefined when it does not decode). */
export interface SmsStoredPart {
  readonly store: SmsStore;
  readonly index: number;
  readonly status: SmsStatus;
  readonly pdu?: SmsPdu;
  /** Why the PDU did not decode. */
  readonly error?: string;
}

/** A message as the ubus methods report it. `id` names its parts: `sim:3,4` (store, memory indexes). */
export interface SmsMessage {
  readonly id: string;
  readonly store: SmsStore;
  readonly status: SmsStatus;
  /** Sender of a received message (number with `+`, or alphanumeric). */
  readonly from?: string;
  /** Recipient of a stored outgoing message. */
  readonly to?: string;
  readonly text: string;
  /** Service centre time stamp, ISO 8601 with the sender's zone (received messages). */
  readonly time?: string;
  readonly smsc?: string;
  /** Parts the message has; `missing` the part numbers not (yet) received. */
  readonly parts: number;
  readonly missing: readonly number[];
  /** Why a part could not be read, when one could not. */
  readonly error?: string;
}

/** Thrown by ModemSms operations: `code` for ubus replies. */
export class SmsError extends Error {
  override readonly name = 'SmsError';
  constructor(readonly code: 'SMS_NOT_SUPPORTED' | 'SMS_NOT_FOUND' | 'SMS_SEND_FAILED' | 'SMS_FAILED' | 'SMS_INVALID', message: string) { super(message); }
}

/**
 * How full the message store new messages go to is: `store`, messages in it (`used`; absent on MBIM, whose only
 * count would come from reading every message, which marks new ones read), its capacity `max` (messages) and
 * `full` (the modem's own word where it gives one: QMI free slots 0, MBIM MESSAGE_STORE_FULL). A full store loses
 * the messages the network delivers until some are deleted.
 */
export interface SmsStoreStatus { readonly store: SmsStore; readonly used?: number; readonly max: number; readonly full: boolean }

/** A change in the store the modem reported itself: a message part was stored, or the store is full. */
export type SmsStoreEvent = 'stored' | 'full';

/** What a modem offers for SMS. Errors: SmsError. */
export interface ModemSms {
  /** Every message in the stores, parts merged, in store/index order. */
  list(o?: { signal?: AbortSignal }): Promise<SmsMessage[]>;
  /** One message by id; marks unread parts read. */
  read(id: string, o?: { signal?: AbortSignal }): Promise<SmsMessage>;
  /** Deletes every part of a message; resolves with the number of parts deleted. */
  delete(id: string, o?: { signal?: AbortSignal }): Promise<number>;
  /** Sends SMS-SUBMIT PDUs (SMSC address first) one after another; resolves with the message references. */
  sendPdus(pdus: readonly Uint8Array[], o?: { signal?: AbortSignal }): Promise<number[]>;
  /** New messages (complete, or the parts that came so far) as the modem reports them; returns the unsubscribe. */
  onMessage(listener: (m: SmsMessage) => void): () => void;
  /** Reads SmsStoreStatus (QMI: Get Routes, Get Store Max Size, List Messages; MBIM: Configuration, Message Store Status). */
  storeStatus?(o?: { signal?: AbortSignal }): Promise<SmsStoreStatus>;
  /** Store changes as the modem reports them (new parts, MBIM's store-full notification); returns the unsubscribe. */
  onStoreEvent?(listener: (e: SmsStoreEvent) => void): () => void;
  /** Stops listening and releases what it holds. Never throws. */
  close(): Promise<void>;
}

/** Parses an id `store:i,j,…`; throws SmsError SMS_INVALID. */
export function parseSmsId(id: unknown): { store: SmsStore; indexes: number[] } {
  const m = typeof id === 'string' ? /^(sim|modem|device):(\d{1,5}(?:,\d{1,5}){0,254})$/.exec(id) : null;
  if (!m) throw new SmsError('SMS_INVALID', 'id must be store:index[,index…] as sms_list gives it (e.g. sim:3,4)');
  return { store: m[1] as SmsStore, indexes: m[2].split(',').map(Number) };
}

/** Merges stored parts into messages (by concatenation reference; undecodable parts stand alone). */
export function mergeStored(parts: readonly SmsStoredPart[]): SmsMessage[] {
  const out: SmsMessage[] = [];
  for (const store of STORES) {
    const mine = parts.filter((p) => p.store === store);
    const good: StoredPart<SmsStoredPart>[] = [];
    for (const p of mine) {
      if (p.pdu) good.push({ key: p, pdu: p.pdu });
      else out.push({ id: `${store}:${p.index}`, store, status: p.status, text: '', parts: 1, missing: [], error: p.error });
    }
    for (const m of mergeParts(good)) {
      const first = m.first;
      const statuses = m.keys.map((k) => k.status);
      out.push({
        id: `${store}:${m.keys.map((k) => k.index).join(',')}`, store,
        status: statuses.includes('unread') ? 'unread' : statuses[0],
        ...(first.type === 'deliver' ? { from: first.sender.address, time: timestampToIso(first.timestamp) } : { to: first.recipient.address }),
        text: m.text, smsc: first.smsc, parts: m.total, missing: m.missing,
      });
    }
  }
  return out.sort((a, b) => (a.store === b.store ? firstIndex(a.id) - firstIndex(b.id) : STORES.indexOf(a.store) - STORES.indexOf(b.store)));
}

const STORES: readonly SmsStore[] = ['sim', 'modem', 'device'];

function firstIndex(id: string): number { return Number(id.split(':')[1].split(',')[0]); }

/** The SMS side of a modem (QmiModem.sms, MbimModem.sms), or undefined when it has none. */
export function smsOf(modem: object | undefined): ModemSms | undefined {
  const s = (modem as { sms?: ModemSms } | undefined)?.sms;
  return s && typeof s.list === 'function' ? s : undefined;
}
