// Declarative QMI message definitions (one per message) and the TLV-block encoder/decoder they drive.
import { copyBytes } from '../util/bytes';
import { Codec, Reader, ValueOf, Writer, u16 } from './codec';
import { QmiDecodeError } from './errors';

/** QMI service ids (libqmi qmi-enums.h QmiService). */
export const Service = Object.freeze({ ctl: 0x00, wds: 0x01, dms: 0x02, nas: 0x03, wms: 0x05, uim: 0x0b, wda: 0x1a });
/** A service short name as libqmi spells it. */
export type ServiceName = keyof typeof Service;

/** Service name by id, e.g. 0x01 → `wds`. */
export function serviceName(id: number): string {
  for (const [k, v] of Object.entries(Service)) if (v === id) return k;
  return `0x${id.toString(16)}`;
}

/** One TLV of a message: its id, value codec and whether it must be present. */
export interface TlvDef<T = unknown> {
  readonly id: number;
  readonly codec: Codec<T>;
  readonly required: boolean;
  /** Personal info (PIN, password, IMSI…): redacted in logs (libqmi's `personal-info`). */
  readonly secret: boolean;
}

/** Declares an optional TLV. */
export function tlv<T, const R extends boolean = false>(id: number, codec: Codec<T>, opts: { required?: R; secret?: boolean } = {}): TlvDef<T> & { readonly required: R } {
  return { id, codec, required: (opts.required ?? false) as R, secret: opts.secret ?? false };
}

/**
 * A TLV set, keyed by field name, listed in libqmi's JSON field order. On the wire libqmi
 * writes a request's TLVs in the reverse of that order (qmicli captures, test/conformance: Start Network
 * 0x19 before 0x14; CTL Set Data Format 0x10 before 0x01), and so does encodeTlvs.
 */
export type TlvSet = Record<string, TlvDef<any>>;

/** The values of a TLV set: required TLVs present, the others optional. */
export type TlvValues<S extends TlvSet> =
  { [K in keyof S as S[K]['required'] extends true ? K : never]: ValueOf<S[K]['codec']> } &
  { [K in keyof S as S[K]['required'] extends true ? never : K]?: ValueOf<S[K]['codec']> };

/** One QMI message: service, message id, name as libqmi spells it, and its TLV sets. */
export interface MessageDef<Req extends TlvSet = TlvSet, Resp extends TlvSet = TlvSet, Ind extends TlvSet = TlvSet> {
  readonly service: ServiceName;
  readonly id: number;
  readonly name: string;
  readonly request: Req;
  readonly response: Resp;
  /** TLVs of the indication with the same message id, when the message has one. */
  readonly indication?: Ind;
  /** Source of the facts, e.g. "libqmi qmi-service-wds.json: Start Network". */
  readonly source: string;
}

/** Defines a message; the literal types of its TLV sets carry through to requests and responses. */
export function defineMessage<Req extends TlvSet, Resp extends TlvSet, Ind extends TlvSet = {}>(
  def: MessageDef<Req, Resp, Ind>,
): MessageDef<Req, Resp, Ind> {
  return def;
}

/** Request values of a message definition. */
export type RequestOf<M> = M extends MessageDef<infer R, any, any> ? TlvValues<R> : never;
/** Response values of a message definition (the Result TLV excluded). */
export type ResponseOf<M> = M extends MessageDef<any, infer R, any> ? TlvValues<R> : never;
/** Indication values of a message definition. */
export type IndicationOf<M> = M extends MessageDef<any, any, infer I> ? TlvValues<I> : never;

/** Raw TLVs of a block, in wire order. */
export interface RawTlv { readonly type: number; readonly value: Uint8Array }

/** Splits a TLV block; throws QmiDecodeError when a TLV runs past the block. Source: libqmi qmi-message.c (TLV layout). */
export function splitTlvs(block: Uint8Array): RawTlv[] {
  const out: RawTlv[] = [];
  let pos = 0;
  while (pos < block.length) {
    if (pos + 3 > block.length) throw new QmiDecodeError(`TLV header truncated at offset ${pos}`);
    const type = block[pos];
    const len = block[pos + 1] | (block[pos + 2] << 8);
    if (pos + 3 + len > block.length) {
      throw new QmiDecodeError(`TLV 0x${type.toString(16)} length ${len} runs past the block (${block.length - pos - 3} left)`);
    }
    out.push({ type, value: block.subarray(pos + 3, pos + 3 + len) });
    pos += 3 + len;
  }
  return out;
}

/** Appends one TLV (type, u16 length, value) to a writer. */
export function writeTlv(w: Writer, type: number, value: Uint8Array): void {
  if (value.length > 0xffff) throw new RangeError(`TLV 0x${type.toString(16)} too long: ${value.length} bytes`);
  w.reserve(1)[0] = type;
  u16.encode(value.length, w);
  w.bytes(value);
}

/**
 * Encodes values into a TLV block, last field first (libqmi's write order, see TlvSet);
 * throws RangeError on a missing required TLV or a value its codec cannot hold.
 */
export function encodeTlvs<S extends TlvSet>(set: S, values: TlvValues<S>, what = 'message'): Uint8Array {
  const w = new Writer();
  const vals = values as Record<string, unknown>;
  for (const [key, def] of Object.entries(set).reverse()) {
    const v = vals[key];
    if (v === undefined) {
      if (def.required) throw new RangeError(`${what}: required TLV ${key} (0x${def.id.toString(16)}) missing`);
      continue;
    }
    const inner = new Writer();
    def.codec.encode(v, inner);
    writeTlv(w, def.id, inner.result());
  }
  return copyBytes(w.result());
}

/**
 * Decodes a TLV block against a set: unknown TLVs are skipped, a missing required TLV or a
 * required value that does not fit its codec throws QmiDecodeError. An optional TLV that does
 * not fit its codec (e.g. a 3-byte IPv4 DNS address) is left out and reported to `onSkipped`
 * with the reason: one bad optional field must not fail the whole message. A value with trailing
 * bytes is accepted (newer firmware appends fields), as libqmi does.
 */
export function decodeTlvs<S extends TlvSet>(set: S, block: Uint8Array | RawTlv[], what = 'message',
  onSkipped?: (e: QmiDecodeError) => void): TlvValues<S> {
  const raw = Array.isArray(block) ? block : splitTlvs(block);
  const byId = new Map<number, Uint8Array>();
  for (const t of raw) if (!byId.has(t.type)) byId.set(t.type, t.value);
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(set)) {
    const value = byId.get(def.id);
    if (value === undefined) {
      if (def.required) throw new QmiDecodeError(`${what}: required TLV ${key} (0x${def.id.toString(16)}) missing`);
      continue;
    }
    try {
      out[key] = def.codec.decode(new Reader(value, `${what} TLV ${key}`));
    } catch (e) {
      const err = e instanceof QmiDecodeError ? e : new QmiDecodeError(`${what} TLV ${key}: ${(e as Error).message}`);
      if (def.required) throw err;
      onSkipped?.(err);
    }
  }
  return out as TlvValues<S>;
}

/** Result TLV 0x02 of every response: status 0 success / 1 failure and the error code (libqmi qmi-message.c (result TLV 0x02)). */
export interface QmiResult { readonly status: number; readonly error: number }

/** Reads the Result TLV; throws QmiDecodeError when it is absent or short. */
export function decodeResult(raw: RawTlv[]): QmiResult {
  const t = raw.find((x) => x.type === 0x02);
  if (!t) throw new QmiDecodeError('response without Result TLV 0x02');
  if (t.value.length < 4) throw new QmiDecodeError(`Result TLV 0x02 has ${t.value.length} bytes, needs 4`);
  return { status: t.value[0] | (t.value[1] << 8), error: t.value[2] | (t.value[3] << 8) };
}

/** Encodes the Result TLV (4 bytes value). */
export function encodeResult(w: Writer, result: QmiResult): void {
  const v = new Uint8Array(4);
  const d = new DataView(v.buffer);
  d.setUint16(0, result.status, true);
  d.setUint16(2, result.error, true);
  writeTlv(w, 0x02, v);
}

/** Renders values for logs, with secret TLVs replaced by "***". */
export function redactValues(set: TlvSet, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = set[k]?.secret ? '***' : v;
  return out;
}
