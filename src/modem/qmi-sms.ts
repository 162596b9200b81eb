// SMS over QMI WMS: list, read, delete and send messages kept on the SIM (storage "uim") and the modem ("nv"),
// and new-message indications. Source: libqmi qmi-service-wms.json (src/qmi/services/wms.ts).
import type { Logger } from '../log';
import { QmiClient, QmiDevice } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import { wms } from '../qmi/services';
import { WmsMessageClass, WmsMessageFormat, WmsMessageMode, WmsMessageTag, WmsReceiptAction, WmsStorageType } from '../qmi/services/wms';
import { SmsDecodeError, decodePdu } from '../sms';
import { ModemSms, SmsError, SmsMessage, SmsStatus, SmsStore, SmsStoreEvent, SmsStoreStatus, SmsStoredPart, mergeStored, parseSmsId } from './sms';

/** The QMI stores; `device` (MBIM's one store) is not one. */
type QmiStore = 'sim' | 'modem';
const STORAGE: Record<QmiStore, number> = { sim: WmsStorageType.uim, modem: WmsStorageType.nv };

/** The id's store as a QMI store; throws SmsError SMS_NOT_FOUND for another. */
function qmiStore(store: SmsStore, id: string): QmiStore {
  if (store === 'device') throw new SmsError('SMS_NOT_FOUND', `no message ${id}: a QMI modem has stores sim and modem`);
  return store;
}
const STATUS: Record<number, SmsStatus> = {
  [WmsMessageTag.mtRead]: 'read', [WmsMessageTag.mtNotRead]: 'unread', [WmsMessageTag.moSent]: 'sent', [WmsMessageTag.moNotSent]: 'unsent',
};
const storeOf = (t: number): QmiStore | undefined => (t === WmsStorageType.uim ? 'sim' : t === WmsStorageType.nv ? 'modem' : undefined);
const gsm = WmsMessageMode.gsmWcdma;

/** QMI errors that mean "nothing here" (qmi-errors.h InvalidIndex 49, NoEntry 50) or "no such store" (InvalidArgument 48). */
const ABSENT = new Set([48, 49, 50]);

/**
 * The store new messages are kept in, from Get Routes: the point-to-point route for messages without a class
 * (most SMS), stored and notified; undefined when no route stores them (transferred to the host, or discarded).
 */
export function routedStore(routes: readonly { messageType: number; messageClass: number; storage: number; receiptAction: number }[] | undefined): QmiStore | undefined {
  const r = routes?.find((x) => x.messageType === 0 && x.messageClass === WmsMessageClass.none);
  return r && r.receiptAction === WmsReceiptAction.storeAndNotify ? storeOf(r.storage) : undefined;
}

function fail(what: string, e: unknown): SmsError {
  if (e instanceof SmsError) return e;
  if (e instanceof QmiProtocolError) return new SmsError(ABSENT.has(e.code) ? 'SMS_NOT_FOUND' : 'SMS_FAILED', `${what}: ${e.message}`);
  return new SmsError('SMS_FAILED', `${what}: ${(e as Error).message}`);
}

/**
 * ModemSms on one QMI device: allocates its own WMS client on first use, asks for MT message indications
 * (Set Event Report) and never changes the modem's routes. Throws SmsError SMS_NOT_SUPPORTED when the modem
 * has no WMS service.
 */
export class QmiSms implements ModemSms {
  private client?: Promise<QmiClient>;
  private readonly listeners = new Set<(m: SmsMessage) => void>();
  private readonly storeListeners = new Set<(e: SmsStoreEvent) => void>();
  private unsub?: () => void;
  private closed = false;
  private reports: Promise<void> = Promise.resolve();
  /** Ids already reported (a later part's report must not repeat a message); the last 64 are kept. */
  private readonly reported: string[] = [];

  private cidNow?: number;

  /** `existing`: a WMS client a previous process allocated (adoption, from the handoff); else one is allocated on first use. */
  constructor(private readonly device: QmiDevice, private readonly log: Logger, private readonly hasWms: boolean, private readonly existing?: QmiClient) {}

  /** The WMS client id once allocated (saved in the handoff), else undefined. */
  get cid(): number | undefined { return this.cidNow; }

  /** Starts listening for new messages now (the daemon calls it at open). Never throws. */
  async start(): Promise<void> {
    try { await this.wms(); } catch (e) { this.log.debug(`sms: ${(e as Error).message}`); }
  }

  private wms(): Promise<QmiClient> {
    if (!this.hasWms) return Promise.reject(new SmsError('SMS_NOT_SUPPORTED', 'the modem offers no WMS service'));
    if (this.closed) return Promise.reject(new SmsError('SMS_FAILED', 'modem closed'));
    this.client ??= (async () => {
      const c = this.existing ?? await this.device.client('wms', { timeoutMs: 5000 });
      this.cidNow = c.cid;
      // One report at a time: the parts of a message arriving together must give one message.
      this.unsub = c.onIndication(wms.EventReport, (v) => { this.reports = this.reports.then(() => this.onEventReport(v)); });
      await c.request(wms.SetEventReport, { newMtMessageIndicator: { report: true } }, { timeoutMs: 5000 })
        .catch((e) => this.log.warn(`sms: Set Event Report: ${(e as Error).message}`));
      return c;
    })();
    this.client.catch(() => { this.client = undefined; });
    return this.client;
  }

  private async parts(c: QmiClient, store: QmiStore, signal?: AbortSignal): Promise<SmsStoredPart[]> {
    let list: { memoryIndex: number; messageTag: number }[];
    try {
      list = (await c.request(wms.ListMessages, { storageType: STORAGE[store], messageMode: gsm }, { signal })).messageList ?? [];
    } catch (e) {
      if (e instanceof QmiProtocolError && ABSENT.has(e.code)) return [];
      throw e;
    }
    const out: SmsStoredPart[] = [];
    for (const { memoryIndex } of list) {
      const p = await this.readPart(c, store, memoryIndex, signal);
      if (p) out.push(p);
    }
    return out;
  }

  private async readPart(c: QmiClient, store: QmiStore, index: number, signal?: AbortSignal): Promise<SmsStoredPart | undefined> {
    let raw;
    try {
      raw = (await c.request(wms.RawRead, { messageMemoryStorageId: { storageType: STORAGE[store], memoryIndex: index }, messageMode: gsm }, { signal })).rawMessageData;
    } catch (e) {
      if (e instanceof QmiProtocolError && ABSENT.has(e.code)) return undefined;
      throw e;
    }
    if (!raw) return undefined;
    const status = STATUS[raw.messageTag] ?? 'read';
    if (raw.format !== WmsMessageFormat.gsmWcdmaPointToPoint) return { store, index, status, error: `message format ${raw.format} is not GSM/WCDMA point-to-point` };
    try {
      return { store, index, status, pdu: decodePdu(raw.rawData) };
    } catch (e) {
      if (e instanceof SmsDecodeError) return { store, index, status, error: e.message };
      throw e;
    }
  }

  /** See ModemSms.list. */
  async list(o: { signal?: AbortSignal } = {}): Promise<SmsMessage[]> {
    const c = await this.wms();
    try {
      const parts = [...await this.parts(c, 'sim', o.signal), ...await this.parts(c, 'modem', o.signal)];
      return mergeStored(parts);
    } catch (e) { throw fail('list messages', e); }
  }

  /** See ModemSms.read; unread parts get the "read" tag (Modify Tag). */
  async read(id: string, o: { signal?: AbortSignal } = {}): Promise<SmsMessage> {
    const parsed = parseSmsId(id);
    const store = qmiStore(parsed.store, id);
    const indexes = parsed.indexes;
    const c = await this.wms();
    try {
      const parts: SmsStoredPart[] = [];
      for (const i of indexes) {
        const p = await this.readPart(c, store, i, o.signal);
        if (!p) throw new SmsError('SMS_NOT_FOUND', `no message at ${store} index ${i}`);
        parts.push(p);
      }
      for (const p of parts) {
        if (p.status !== 'unread') continue;
        await c.request(wms.ModifyTag, { messageTag: { storageType: STORAGE[store], memoryIndex: p.index, messageTag: WmsMessageTag.mtRead }, messageMode: gsm }, { signal: o.signal });
      }
      const merged = mergeStored(parts);
      return merged.length === 1 ? merged[0] : { ...merged[0], id, text: merged.map((m) => m.text).join('') };
    } catch (e) { throw fail(`read ${id}`, e); }
  }

  /** See ModemSms.delete. */
  async delete(id: string, o: { signal?: AbortSignal } = {}): Promise<number> {
    const parsed = parseSmsId(id);
    const store = qmiStore(parsed.store, id);
    const indexes = parsed.indexes;
    const c = await this.wms();
    let n = 0;
    try {
      for (const memoryIndex of indexes) {
        try {
          await c.request(wms.Delete, { memoryStorage: STORAGE[store], memoryIndex, messageMode: gsm }, { signal: o.signal });
          n++;
        } catch (e) {
          if (!(e instanceof QmiProtocolError && ABSENT.has(e.code))) throw e;
        }
      }
    } catch (e) { throw fail(`delete ${id}`, e); }
    if (n === 0) throw new SmsError('SMS_NOT_FOUND', `no message ${id}`);
    return n;
  }

  /** See ModemSms.sendPdus; a refused part stops the rest (SmsError SMS_SEND_FAILED names the part). */
  async sendPdus(pdus: readonly Uint8Array[], o: { signal?: AbortSignal } = {}): Promise<number[]> {
    const c = await this.wms();
    const refs: number[] = [];
    for (let i = 0; i < pdus.length; i++) {
      try {
        const r = await c.request(wms.RawSend, { rawMessageData: { format: WmsMessageFormat.gsmWcdmaPointToPoint, rawData: pdus[i] } }, { signal: o.signal, timeoutMs: 60_000 });
        refs.push(r.messageId ?? 0);
      } catch (e) {
        throw new SmsError('SMS_SEND_FAILED', `part ${i + 1} of ${pdus.length}: ${(e as Error).message}`);
      }
    }
    return refs;
  }

  /** See ModemSms.onMessage. */
  onMessage(listener: (m: SmsMessage) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /**
   * See ModemSms.storeStatus: the store Get Routes sends new messages to (routedStore; the SIM when none says),
   * its capacity from Get Store Max Size and its messages from List Messages. `full` is the modem's free-slot
   * count being 0, or the count reaching the capacity when the modem leaves free slots out. Throws SmsError
   * (SMS_FAILED when the modem does not answer Get Store Max Size).
   */
  async storeStatus(o: { signal?: AbortSignal } = {}): Promise<SmsStoreStatus> {
    const c = await this.wms();
    try {
      const routes = await c.request(wms.GetRoutes, {}, { signal: o.signal }).then((r) => r.routeList, () => undefined);
      const store = routedStore(routes) ?? 'sim';
      const size = await c.request(wms.GetStoreMaxSize, { storageType: STORAGE[store], messageMode: gsm }, { signal: o.signal });
      if (size.maxSize === undefined) throw new SmsError('SMS_FAILED', 'Get Store Max Size answered without the store size');
      const list = await c.request(wms.ListMessages, { storageType: STORAGE[store], messageMode: gsm }, { signal: o.signal })
        .then((r) => r.messageList ?? [], (e) => { if (e instanceof QmiProtocolError && ABSENT.has(e.code)) return []; throw e; });
      const full = size.freeSlots !== undefined ? size.freeSlots === 0 : list.length >= size.maxSize;
      return { store, used: list.length, max: size.maxSize, full };
    } catch (e) { throw fail('store size', e); }
  }

  /** See ModemSms.onStoreEvent: `stored` for every part the modem stored (Event Report MT Message). */
  onStoreEvent(listener: (e: SmsStoreEvent) => void): () => void {
    this.storeListeners.add(listener);
    return () => { this.storeListeners.delete(listener); };
  }

  private async onEventReport(v: { mtMessage?: { storageType: number; memoryIndex: number }; transferRouteMtMessage?: { rawData: Uint8Array } }): Promise<void> {
    try {
      if (v.mtMessage) for (const l of [...this.storeListeners]) l('stored');
      let msg: SmsMessage | undefined;
      if (v.mtMessage) {
        const store = storeOf(v.mtMessage.storageType);
        if (!store) return;
        // The new part may complete a concatenated message: report the merged message it belongs to.
        const all = await this.list();
        msg = all.find((m) => m.store === store && m.id.split(':')[1].split(',').map(Number).includes(v.mtMessage!.memoryIndex));
      } else if (v.transferRouteMtMessage) {
        const pdu = decodePdu(v.transferRouteMtMessage.rawData);
        const [m] = mergeStored([{ store: 'modem', index: 0, status: 'unread', pdu }]);
        msg = { ...m, id: '' };
      }
      if (!msg || msg.missing.length > 0 || (msg.id && this.reported.includes(msg.id))) return;
      if (msg.id) { this.reported.push(msg.id); if (this.reported.length > 64) this.reported.shift(); }
      for (const l of [...this.listeners]) l(msg);
    } catch (e) {
      this.log.warn(`sms: new message could not be read: ${(e as Error).message}`);
    }
  }

  /** See ModemSms.close: releases the WMS client (bounded wait). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsub?.();
    this.listeners.clear();
    this.storeListeners.clear();
    const c = await this.client?.catch(() => undefined);
    await c?.release({ timeoutMs: 2000 }).catch(() => undefined);
  }
}
