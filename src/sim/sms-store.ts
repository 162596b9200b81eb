// The simulated modem's SMS side, free of any wire protocol: a SIM store and a modem store with fixed capacity,
// the route for new messages, the network delivering (multipart, out of order) and accepting sent messages.
import { EventEmitter } from 'node:events';
import { SmsDecodeError, SmsSubmit, decodePdu, encodeDeliver, splitText, timestampFromEpoch } from '../sms';
import { Clock, systemClock } from '../util/wait';
import type { IncomingSms, SmsScenario } from './sms-scenario';

/** The two stores: the SIM card's (QMI "uim") and the modem's own (QMI "nv"). */
export type SmsStorage = 'sim' | 'modem';
/** Status of a stored message, as QMI WMS message tags and MBIM SMS message status name them. */
export type SmsTag = 'mt-read' | 'mt-not-read' | 'mo-sent' | 'mo-not-sent';
/** What the modem does with a new message (QMI WMS receipt actions). */
export type SmsReceiptAction = 'discard' | 'store-and-notify' | 'transfer-only' | 'transfer-and-ack';

/** One stored message part. `index` is its memory index in its store (0-based). */
export interface StoredSms { readonly storage: SmsStorage; readonly index: number; tag: SmsTag; readonly pdu: Uint8Array }

/** A message the host sent: the SUBMIT decoded and the message reference the network gave it. */
export interface SentSms { readonly pdu: Uint8Array; readonly submit: SmsSubmit; readonly messageReference: number }

/** Where new messages go and what the modem does with them. */
export interface SmsRoute { action: SmsReceiptAction; storage: SmsStorage }

/**
 * The SMS stores. Events: 'stored' (StoredSms) after a new message was stored and is to be notified,
 * 'transfer' (pdu: Uint8Array) for a message handed to the host without storing, 'full' (pdu) when the target
 * store had no room (the message is lost, counted in `rejectedFull`).
 */
export class SmsStore extends EventEmitter {
  route: SmsRoute;
  rejectedFull = 0;
  readonly sent: SentSms[] = [];
  private readonly stores: Record<SmsStorage, (StoredSms | undefined)[]>;
  private readonly timers = new Set<unknown>();
  private nextReference = 0;
  private nextConcat = 0x40;

  constructor(settings: SmsScenario, private readonly clock: Clock = systemClock) {
    super();
    this.stores = { sim: new Array(settings.simCapacity).fill(undefined), modem: new Array(settings.modemCapacity).fill(undefined) };
    this.route = { action: 'store-and-notify', storage: settings.storage };
    const now = clock.now();
    for (const m of settings.stored) {
      for (const pdu of this.deliverPdus({ from: m.from, text: m.text, afterMs: 0 }, now)) {
        this.put(m.storage ?? settings.storage, pdu, m.read ? 'mt-read' : 'mt-not-read');
      }
    }
    for (const m of settings.incoming) this.schedule(m);
  }

  /** Capacity of a store in messages. */
  capacity(storage: SmsStorage): number { return this.stores[storage].length; }

  /** Messages in a store by index, optionally only those with `tag`. */
  list(storage: SmsStorage, tag?: SmsTag): StoredSms[] {
    return this.stores[storage].filter((m): m is StoredSms => m !== undefined && (tag === undefined || m.tag === tag));
  }

  /** The message at `index`, or undefined. */
  read(storage: SmsStorage, index: number): StoredSms | undefined { return this.stores[storage][index]; }

  /** Deletes one message (index), all with a tag, or the whole store; returns how many were deleted. */
  delete(storage: SmsStorage, index?: number, tag?: SmsTag): number {
    const s = this.stores[storage];
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const m = s[i];
      if (!m || (index !== undefined && i !== index) || (tag !== undefined && m.tag !== tag)) continue;
      s[i] = undefined;
      n++;
    }
    return n;
  }

  /** Stores a PDU in the first free slot; returns it, or undefined when the store is full. */
  put(storage: SmsStorage, pdu: Uint8Array, tag: SmsTag): StoredSms | undefined {
    const s = this.stores[storage];
    const index = s.indexOf(undefined);
    if (index < 0) return undefined;
    const m: StoredSms = { storage, index, tag, pdu };
    s[index] = m;
    return m;
  }

  /** The network delivers one SMS-DELIVER PDU (SMSC address first): routed, stored or transferred. */
  receive(pdu: Uint8Array): void {
    const { action, storage } = this.route;
    if (action === 'discard') return;
    if (action === 'transfer-only' || action === 'transfer-and-ack') { this.emit('transfer', pdu); return; }
    const m = this.put(storage, pdu, 'mt-not-read');
    if (!m) { this.rejectedFull++; this.emit('full', pdu); return; }
    this.emit('stored', m);
  }

  /** The SMS-DELIVER PDUs for a text from `from` (split into parts as a phone would), time stamp `atMs` (UTC). */
  deliverPdus(m: IncomingSms, atMs: number): Uint8Array[] {
    const split = splitText(m.text, { reference: this.nextConcat++ & (m.referenceBits === 16 ? 0xffff : 0xff), referenceBits: m.referenceBits ?? 8 });
    const timestamp = timestampFromEpoch(atMs, 60);
    return split.parts.map((userData) => encodeDeliver({ smsc: m.smsc ?? '+491710760000', sender: m.from, timestamp, userData }));
  }

  /** A message arrives now: its parts in `order` (1-based part numbers; missing numbers never arrive). */
  arrive(m: IncomingSms): number {
    const pdus = this.deliverPdus(m, this.clock.now());
    const order = m.order ?? pdus.map((_, i) => i + 1);
    for (const n of order) if (pdus[n - 1]) this.receive(pdus[n - 1]);
    return pdus.length;
  }

  /**
   * The host sends an SMS-SUBMIT (SMSC address first). Returns the message reference; throws SmsDecodeError
   * when the PDU is not a valid SUBMIT.
   */
  send(pdu: Uint8Array): number {
    const submit = decodePdu(pdu);
    if (submit.type !== 'submit') throw new SmsDecodeError(`TP-MTI: an SMS-DELIVER, not an SMS-SUBMIT`);
    const messageReference = this.nextReference;
    this.nextReference = (this.nextReference + 1) & 0xff;
    this.sent.push({ pdu, submit, messageReference });
    return messageReference;
  }

  /** Cancels messages still to arrive. */
  close(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private schedule(m: IncomingSms): void {
    const t = this.clock.setTimeout(() => { this.timers.delete(t); this.arrive(m); }, m.afterMs);
    this.timers.add(t);
  }
}
