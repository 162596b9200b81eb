// SMS over the MBIM SMS service (PDU format): list, read, delete and send messages in the function's one message
// store (ids `device:N`, N the MBIM MessageIndex), and new messages from Read / Message Store Status notifications.
// Source: libmbim data/mbim-service-sms.json (src/mbim/services/sms.ts).
import type { Logger } from '../log';
import type { MbimDevice } from '../mbim/device';
import { MbimStatus, MbimStatusError } from '../mbim/errors';
import { sms as mbimSms } from '../mbim/services';
import { MbimSmsFlag, MbimSmsFormat, MbimSmsStatus, MbimSmsStatusFlag, MbimSmsStorageState } from '../mbim/services/sms';
import { SmsDecodeError, decodePdu } from '../sms';
import { ModemSms, SmsError, SmsMessage, SmsStatus, SmsStoreEvent, SmsStoreStatus, SmsStoredPart, mergeStored, parseSmsId } from './sms';

const STATUS: Record<number, SmsStatus> = {
  [MbimSmsStatus.new]: 'unread', [MbimSmsStatus.old]: 'read', [MbimSmsStatus.sent]: 'sent', [MbimSmsStatus.draft]: 'unsent',
};
/** Parts of messages not complete yet, kept from notifications to merge with the parts still to come. */
const MAX_PENDING = 64;
const TIMEOUT_MS = 10_000;

type ReadRecord = { messageIndex: number; messageStatus: number; pduData: Uint8Array };

/** One MbimSmsPduReadRecord as a stored part (undecodable PDUs keep their error). */
export function partOfRecord(r: ReadRecord): SmsStoredPart {
  const status = STATUS[r.messageStatus] ?? 'read';
  try {
    return { store: 'device', index: r.messageIndex, status, pdu: decodePdu(r.pduData) };
  } catch (e) {
    if (e instanceof SmsDecodeError) return { store: 'device', index: r.messageIndex, status, error: e.message };
    throw e;
  }
}

function fail(what: string, e: unknown): SmsError {
  if (e instanceof SmsError) return e;
  if (e instanceof MbimStatusError) {
    const code = e.code === MbimStatus.InvalidMemoryIndex ? 'SMS_NOT_FOUND' : e.code === MbimStatus.NoDeviceSupport ? 'SMS_NOT_SUPPORTED' : 'SMS_FAILED';
    return new SmsError(code, `${what}: ${e.mbimName}`);
  }
  return new SmsError('SMS_FAILED', `${what}: ${(e as Error).message}`);
}

/**
 * ModemSms on one MBIM device. The device marks a message old when it is read (MBIM Read), so listing makes new
 * messages read as on a phone; the status each reply gives is the one before. Throws SmsError SMS_NOT_SUPPORTED
 * when the function does not list the SMS service in Device Services.
 */
export class MbimSms implements ModemSms {
  private readonly listeners = new Set<(m: SmsMessage) => void>();
  private readonly storeListeners = new Set<(e: SmsStoreEvent) => void>();
  private readonly unsubs: (() => void)[] = [];
  private readonly pending = new Map<number, SmsStoredPart>();
  private reports: Promise<void> = Promise.resolve();
  private started = false;
  private closed = false;

  constructor(private readonly device: MbimDevice, private readonly log: Logger, private readonly hasSms: boolean) {}

  /**
   * Listens for new messages (the MbimModem subscribed SMS Read and Message Store Status at open) and checks the
   * store with Configuration query (logged at debug). Never throws.
   */
  async start(): Promise<void> {
    if (!this.hasSms || this.started || this.closed) return;
    this.started = true;
    this.unsubs.push(
      this.device.onIndication(mbimSms.Read, (v) => { this.storeEvent('stored'); this.queue(() => this.onRecords(v.format, v.pduMessages)); }),
      this.device.onIndication(mbimSms.MessageStoreStatus, (v) => { this.queue(() => this.onStoreStatus(v.flag, v.messageIndex)); }),
    );
    try {
      const c = await this.device.command(mbimSms.Configuration, 'query', {}, { timeoutMs: TIMEOUT_MS });
      this.log.debug(`SMS store: state ${c.smsStorageState}, format ${c.format}, ${c.maxMessages} messages`);
    } catch (e) { this.log.debug(`SMS Configuration: ${(e as Error).message}`); }
  }

  private check(): void {
    if (!this.hasSms) throw new SmsError('SMS_NOT_SUPPORTED', 'the MBIM function offers no SMS service');
    if (this.closed) throw new SmsError('SMS_FAILED', 'modem closed');
  }

  private async readRecords(flag: number, messageIndex: number, signal?: AbortSignal): Promise<SmsStoredPart[]> {
    const r = await this.device.command(mbimSms.Read, 'query', { format: MbimSmsFormat.pdu, flag, messageIndex }, { timeoutMs: TIMEOUT_MS, signal });
    if (r.format !== MbimSmsFormat.pdu) throw new SmsError('SMS_NOT_SUPPORTED', `the MBIM function answered SMS Read in format ${r.format}, not PDU`);
    return r.pduMessages.map(partOfRecord);
  }

  /** See ModemSms.list (MBIM Read, flag all). */
  async list(o: { signal?: AbortSignal } = {}): Promise<SmsMessage[]> {
    this.check();
    try { return mergeStored(await this.readRecords(MbimSmsFlag.all, 0, o.signal)); } catch (e) { throw fail('list messages', e); }
  }

  /** See ModemSms.read (MBIM Read, flag index, per part). */
  async read(id: string, o: { signal?: AbortSignal } = {}): Promise<SmsMessage> {
    const { store, indexes } = parseSmsId(id);
    this.check();
    if (store !== 'device') throw new SmsError('SMS_NOT_FOUND', `no message ${id}: an MBIM modem has one store, device`);
    try {
      const parts: SmsStoredPart[] = [];
      for (const i of indexes) parts.push(...await this.readRecords(MbimSmsFlag.index, i, o.signal));
      const merged = mergeStored(parts);
      return merged.length === 1 ? merged[0] : { ...merged[0], id, text: merged.map((m) => m.text).join('') };
    } catch (e) { throw fail(`read ${id}`, e); }
  }

  /** See ModemSms.delete (MBIM Delete, flag index, per part; parts already gone are not counted). */
  async delete(id: string, o: { signal?: AbortSignal } = {}): Promise<number> {
    const { store, indexes } = parseSmsId(id);
    this.check();
    if (store !== 'device') throw new SmsError('SMS_NOT_FOUND', `no message ${id}: an MBIM modem has one store, device`);
    let n = 0;
    try {
      for (const messageIndex of indexes) {
        try {
          await this.device.command(mbimSms.Delete, 'set', { flag: MbimSmsFlag.index, messageIndex }, { timeoutMs: TIMEOUT_MS, signal: o.signal });
          this.pending.delete(messageIndex);
          n++;
        } catch (e) {
          if (!(e instanceof MbimStatusError && e.code === MbimStatus.InvalidMemoryIndex)) throw e;
        }
      }
    } catch (e) { throw fail(`delete ${id}`, e); }
    if (n === 0) throw new SmsError('SMS_NOT_FOUND', `no message ${id}`);
    return n;
  }

  /** See ModemSms.sendPdus (MBIM Send, format PDU); a refused part stops the rest (SMS_SEND_FAILED names it). */
  async sendPdus(pdus: readonly Uint8Array[], o: { signal?: AbortSignal } = {}): Promise<number[]> {
    this.check();
    const refs: number[] = [];
    for (let i = 0; i < pdus.length; i++) {
      try {
        const r = await this.device.command(mbimSms.Send, 'set', { format: MbimSmsFormat.pdu, pduData: pdus[i] }, { timeoutMs: 60_000, signal: o.signal });
        refs.push(r.messageReference);
      } catch (e) {
        throw new SmsError('SMS_SEND_FAILED', `part ${i + 1} of ${pdus.length}: ${e instanceof MbimStatusError ? e.mbimName : (e as Error).message}`);
      }
    }
    return refs;
  }

  /** See ModemSms.onMessage. */
  onMessage(listener: (m: SmsMessage) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** One notification at a time: the parts of a message arriving together must give one message. */
  private queue(fn: () => Promise<void> | void): void {
    this.reports = this.reports.then(fn).catch((e) => this.log.warn(`sms: new message could not be read: ${(e as Error).message}`));
  }

  private onRecords(format: number, records: readonly ReadRecord[]): void {
    if (format !== MbimSmsFormat.pdu) { this.log.warn(`sms: a new message in format ${format} (not PDU) is ignored`); return; }
    for (const r of records) this.pending.set(r.messageIndex, partOfRecord(r));
    this.reportComplete(records.map((r) => r.messageIndex));
  }

  /**
   * See ModemSms.storeStatus: capacity from Configuration (MaxMessages), `full` from Message Store Status
   * (MESSAGE_STORE_FULL); no `used` (see SmsStoreStatus). Throws SmsError (SMS_FAILED while the store is not
   * initialized yet, MBIM_SMS_STORAGE_STATE).
   */
  async storeStatus(o: { signal?: AbortSignal } = {}): Promise<SmsStoreStatus> {
    this.check();
    try {
      const c = await this.device.command(mbimSms.Configuration, 'query', {}, { timeoutMs: TIMEOUT_MS, signal: o.signal });
      if (c.smsStorageState !== MbimSmsStorageState.initialized) throw new SmsError('SMS_FAILED', 'the MBIM message store is not initialized yet');
      const st = await this.device.command(mbimSms.MessageStoreStatus, 'query', {}, { timeoutMs: TIMEOUT_MS, signal: o.signal });
      return { store: 'device', max: c.maxMessages, full: (st.flag & MbimSmsStatusFlag.messageStoreFull) !== 0 };
    } catch (e) { throw fail('store status', e); }
  }

  /** See ModemSms.onStoreEvent: `stored` on a Read notification or NEW_MESSAGE, `full` on MESSAGE_STORE_FULL. */
  onStoreEvent(listener: (e: SmsStoreEvent) => void): () => void {
    this.storeListeners.add(listener);
    return () => { this.storeListeners.delete(listener); };
  }

  private storeEvent(e: SmsStoreEvent): void {
    for (const l of [...this.storeListeners]) {
      try { l(e); } catch (err) { this.log.error(`sms: store listener failed: ${(err as Error).message}`); }
    }
  }

  private async onStoreStatus(flag: number, index: number): Promise<void> {
    // Told once, by the status watch (src/daemon/sms-store-watch.ts), not on every notification.
    if (flag & MbimSmsStatusFlag.messageStoreFull) this.storeEvent('full');
    if (flag & MbimSmsStatusFlag.newMessage) this.storeEvent('stored');
    if (!(flag & MbimSmsStatusFlag.newMessage) || index === 0 || this.pending.has(index) || this.closed) return;
    // A device that only says where the new message is: read it (this makes it old on the device).
    for (const p of await this.readRecords(MbimSmsFlag.index, index)) this.pending.set(p.index, p);
    this.reportComplete([index]);
  }

  /** Reports each complete message among the pending parts that contains one of `indexes`, and forgets its parts. */
  private reportComplete(indexes: readonly number[]): void {
    for (const m of mergeStored([...this.pending.values()])) {
      const own = m.id.slice('device:'.length).split(',').map(Number);
      if (!own.some((i) => indexes.includes(i)) || m.missing.length > 0) continue;
      for (const i of own) this.pending.delete(i);
      for (const l of [...this.listeners]) l(m);
    }
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as number);
  }

  /** See ModemSms.close: stops listening. Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubs.splice(0)) u();
    this.listeners.clear();
    this.storeListeners.clear();
    this.pending.clear();
  }
}
