// ubus methods sms_list, sms_read, sms_delete, sms_send and event `qmi4g.sms`: SMS on the modem of a qmi4g
// interface. Messages stay on the modem/SIM (nothing is written to flash); texts and senders never go to the
// log above debug level.
import type { Logger } from '../log';
import type { Modem } from '../modem/modem';
import { SmsError, smsOf } from '../modem/sms';
import { SmsEncodeError, encodeSubmit, splitText } from '../sms';
import { SmsStoreWatch, smsStoreReply } from './sms-store-watch';

/** Argument types of the SMS methods (ubus policy). */
export const SMS_METHOD_POLICIES = {
  sms_list: { interface: { type: 'string', required: true } },
  sms_read: { interface: { type: 'string', required: true }, id: { type: 'string', required: true } },
  sms_delete: { interface: { type: 'string', required: true }, id: { type: 'string', required: true } },
  sms_send: { interface: { type: 'string', required: true }, to: { type: 'string', required: true }, text: { type: 'string', required: true }, smsc: 'string' },
} as const;

/** The most parts sms_send splits a text into (16 × 153 GSM characters, 16 × 67 UCS-2). */
export const MAX_SEND_PARTS = 16;

/** Bad arguments (the daemon answers INVALID_ARGUMENT) or an unknown interface (NOT_FOUND). */
export class SmsMethodError extends Error {
  override readonly name = 'SmsMethodError';
  constructor(readonly ubusStatus: 'INVALID_ARGUMENT' | 'NOT_FOUND', message: string) { super(message); }
}

/** Sends an event on ubus. */
type SendEvent = (event: string, data: Record<string, unknown>) => Promise<void>;

const IFACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const NUMBER_RE = /^\+?[0-9]{1,20}$/;

function str(args: Record<string, unknown>, key: string): string {
  const v = args[key];
  if (typeof v !== 'string') throw new SmsMethodError('INVALID_ARGUMENT', `${key} is required (string)`);
  return v;
}

/** A failed SMS operation as a reply (the interface keeps running). */
function errorReply(e: unknown): Record<string, unknown> {
  if (e instanceof SmsError) return { ok: false, error: { code: e.code, message: e.message } };
  if (e instanceof SmsEncodeError) return { ok: false, error: { code: 'SMS_INVALID', message: e.message } };
  throw e;
}

/**
 * The SMS methods of ubus object `qmi4g`. `modemOf(iface)` gives the open modem of a qmi4g interface: undefined
 * for an unknown interface (SmsMethodError NOT_FOUND), `null` while the interface has no open modem.
 */
export class SmsMethods {
  /** The store status per interface (sms-store-watch.ts), while the interface runs. */
  private readonly stores = new Map<string, SmsStoreWatch>();

  constructor(private readonly modemOf: (iface: string) => Modem | undefined | null, private readonly sendEvent: SendEvent, private readonly log: Logger) {}

  /** Called when an interface opened a modem: forwards its new messages as event `qmi4g.sms`, follows its store. */
  attach(iface: string, modem: Modem): void {
    const sms = smsOf(modem);
    if (!sms) return;
    let w = this.stores.get(iface);
    if (!w) { w = new SmsStoreWatch(this.log.child(`[${iface}] sms`)); this.stores.set(iface, w); }
    w.follow(sms);
    const start = (sms as { start?: () => Promise<void> }).start;
    if (start) void start.call(sms);
    sms.onMessage((m) => {
      this.log.info(`[${iface}] new SMS ${m.id || '(not stored)'}`);
      this.log.debug(`[${iface}] SMS ${m.id} from ${m.from}: ${JSON.stringify(m.text)}`);
      this.sendEvent('qmi4g.sms', { interface: iface, id: m.id, from: m.from ?? '', text: m.text, time: m.time ?? '' })
        .catch((e) => this.log.debug(`event qmi4g.sms: ${(e as Error).message}`));
    });
  }

  /** The interface's data session is up: its SMS store is read now (never during the connect). */
  connected(iface: string): void { this.stores.get(iface)?.connected(); }

  /** The interface went down: its store status is dropped. */
  forget(iface: string): void {
    this.stores.get(iface)?.stop();
    this.stores.delete(iface);
  }

  /** `sms` of the interface's status ({store, used, max, full}), or undefined while not read. */
  storeReply(iface: string): Record<string, unknown> | undefined { return smsStoreReply(this.stores.get(iface)?.status); }

  private sms(args: Record<string, unknown>) {
    const iface = str(args, 'interface');
    if (!IFACE_RE.test(iface)) throw new SmsMethodError('INVALID_ARGUMENT', 'interface must be a netifd interface name ([A-Za-z0-9_.-], 1–64 characters)');
    const modem = this.modemOf(iface);
    if (modem === undefined) throw new SmsMethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    const sms = modem ? smsOf(modem) : undefined;
    if (!modem) throw new SmsError('SMS_FAILED', `interface ${iface} has no open modem now`);
    if (!sms) throw new SmsError('SMS_NOT_SUPPORTED', `the ${modem.protocol.toUpperCase()} modem of ${iface} offers no SMS`);
    return sms;
  }

  /** `sms_list {interface}` → {messages: [{id, store, status, from|to, text, time, parts, missing}]}. */
  async list(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    try { return { ok: true, messages: await this.sms(args).list({ signal: AbortSignal.timeout(30_000) }) }; } catch (e) { return errorReply(e); }
  }

  /** `sms_read {interface, id}` → {message}; marks it read. */
  async read(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = str(args, 'id');
    try { return { ok: true, message: await this.sms(args).read(id, { signal: AbortSignal.timeout(30_000) }) }; } catch (e) { return errorReply(e); }
  }

  /** `sms_delete {interface, id}` → {deleted: parts}. */
  async delete(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = str(args, 'id');
    try {
      const deleted = await this.sms(args).delete(id, { signal: AbortSignal.timeout(30_000) });
      this.stores.get(String(args.interface))?.refresh();
      return { ok: true, deleted };
    } catch (e) { return errorReply(e); }
  }

  /** `sms_send {interface, to, text, smsc?}` → {parts, references}: split into at most MAX_SEND_PARTS parts. */
  async send(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const to = str(args, 'to');
    const text = str(args, 'text');
    const smsc = args.smsc === undefined ? undefined : str(args, 'smsc');
    if (!NUMBER_RE.test(to)) throw new SmsMethodError('INVALID_ARGUMENT', 'to must be a phone number (+ and digits)');
    if (smsc !== undefined && !NUMBER_RE.test(smsc)) throw new SmsMethodError('INVALID_ARGUMENT', 'smsc must be a phone number (+ and digits)');
    if (text.length === 0) throw new SmsMethodError('INVALID_ARGUMENT', 'text is empty');
    try {
      const sms = this.sms(args);
      const split = splitText(text, { reference: Math.floor(Math.random() * 256), maxParts: MAX_SEND_PARTS });
      const pdus = split.parts.map((userData) => encodeSubmit({ smsc, recipient: to, userData }));
      const references = await sms.sendPdus(pdus, { signal: AbortSignal.timeout(60_000 * pdus.length) });
      this.log.info(`[${String(args.interface)}] sent an SMS in ${pdus.length} part(s)`);
      return { ok: true, parts: pdus.length, encoding: split.encoding, references };
    } catch (e) { return errorReply(e); }
  }
}
