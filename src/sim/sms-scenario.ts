// The `sms` section of a simulator scenario: store sizes, messages already stored, messages arriving on a timer.

/** One incoming message: `order` lists part numbers (1-based) in arrival order, e.g. [2, 1, 3]; missing parts never arrive. */
export interface IncomingSms {
  from: string;
  text: string;
  /** Delay after the simulator starts, ms. */
  afterMs: number;
  smsc?: string;
  order?: number[];
  /** Concatenation reference width (default 8). */
  referenceBits?: 8 | 16;
}

/** Resolved `sms` settings. Store sizes in messages (parts). */
export interface SmsScenario {
  /** Capacity of the SIM store (QMI storage "uim", MBIM: the only store). */
  simCapacity: number;
  /** Capacity of the modem's own store (QMI storage "nv"). */
  modemCapacity: number;
  /** Where new messages go until a client sets routes: "sim" or "modem". */
  storage: 'sim' | 'modem';
  /** Messages already in the store at start (`at` = arrival time as ISO text, default the start). */
  stored: { from: string; text: string; read?: boolean; storage?: 'sim' | 'modem' }[];
  incoming: IncomingSms[];
}

/** Defaults: 20 messages on the SIM, 100 on the modem, nothing stored, nothing arriving. */
export const DEFAULT_SMS: SmsScenario = Object.freeze({ simCapacity: 20, modemCapacity: 100, storage: 'sim', stored: [], incoming: [] }) as SmsScenario;

type Obj = Record<string, unknown>;
/** Reports a bad key (scenario.ts passes one that throws its ScenarioError; kept apart to avoid an import cycle). */
type Fail = (key: string, reason: string) => never;
let fail: Fail = (key, reason) => { throw new Error(`scenario: ${key}: ${reason}`); };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keys(o: Obj, allowed: string[], at: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${at}.${k}`, 'unknown key');
}

function text(v: unknown, key: string): string {
  if (typeof v !== 'string' || v === '') fail(key, 'must be a non-empty string');
  return v;
}

function count(v: unknown, key: string, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(key, `must be an integer ${min}–${max}`);
  return v;
}

/** Validates `scenario.sms`; calls `onError` (which throws) naming the bad key. */
export function resolveSmsScenario(input: unknown, onError: Fail): SmsScenario {
  fail = onError;
  if (input === undefined) return { ...DEFAULT_SMS, stored: [], incoming: [] };
  if (!isObj(input)) fail('sms', 'must be an object');
  keys(input, ['simCapacity', 'modemCapacity', 'storage', 'stored', 'incoming'], 'sms');
  const storage = input.storage ?? 'sim';
  if (storage !== 'sim' && storage !== 'modem') fail('sms.storage', 'must be "sim" or "modem"');
  const list = (v: unknown, key: string): Obj[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every(isObj)) fail(key, 'must be an array of objects');
    return v as Obj[];
  };
  const stored = list(input.stored, 'sms.stored').map((m, i) => {
    const at = `sms.stored[${i}]`;
    keys(m, ['from', 'text', 'read', 'storage'], at);
    if (m.read !== undefined && typeof m.read !== 'boolean') fail(`${at}.read`, 'must be true or false');
    if (m.storage !== undefined && m.storage !== 'sim' && m.storage !== 'modem') fail(`${at}.storage`, 'must be "sim" or "modem"');
    return { from: text(m.from, `${at}.from`), text: text(m.text, `${at}.text`), read: m.read as boolean | undefined, storage: m.storage as 'sim' | 'modem' | undefined };
  });
  const incoming = list(input.incoming, 'sms.incoming').map((m, i) => {
    const at = `sms.incoming[${i}]`;
    keys(m, ['from', 'text', 'afterMs', 'smsc', 'order', 'referenceBits'], at);
    const order = m.order;
    if (order !== undefined && (!Array.isArray(order) || !order.every((n) => Number.isInteger(n) && n >= 1 && n <= 255))) {
      fail(`${at}.order`, 'must be an array of part numbers 1–255');
    }
    if (m.referenceBits !== undefined && m.referenceBits !== 8 && m.referenceBits !== 16) fail(`${at}.referenceBits`, 'must be 8 or 16');
    return {
      from: text(m.from, `${at}.from`), text: text(m.text, `${at}.text`), afterMs: count(m.afterMs, `${at}.afterMs`, 0, 0, 86_400_000),
      smsc: m.smsc === undefined ? undefined : text(m.smsc, `${at}.smsc`), order: order as number[] | undefined,
      referenceBits: m.referenceBits as 8 | 16 | undefined,
    };
  });
  return {
    simCapacity: count(input.simCapacity, 'sms.simCapacity', DEFAULT_SMS.simCapacity, 0, 255),
    modemCapacity: count(input.modemCapacity, 'sms.modemCapacity', DEFAULT_SMS.modemCapacity, 0, 1000),
    storage, stored, incoming,
  };
}
