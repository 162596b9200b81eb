// Typed field codecs for MBIM information buffers (libmbim JSON formats): scalars, strings, UUIDs, addresses, arrays.
import { concatBytes, copyBytes, u16le, view } from '../util/bytes';
import { decodeUtf16le, encodeUtf16le } from '../util/utf8';
import { bytesToIpv6, ipv6ToBytes } from '../qmi/codec';
import { MbimDecodeError } from './errors';
import { InfoReader, InfoWriter } from './info-buffer';
import { Uuid, bytesToUuid, uuidToBytes } from './uuid';

/** One field of an information buffer or struct (libmbim JSON "format"). */
export interface Field<T> {
  /** libmbim format name, for docs and errors. */
  readonly format: string;
  /** Size when the field is always the same bytes in the fixed part with nothing in the variable part. */
  readonly staticSize?: number;
  /** Set on a count field: the name of the array field it counts (libmbim "array-size-field"). */
  readonly countOf?: string;
  /** True for arrays whose element count comes from a count field. */
  readonly counted?: boolean;
  /** True when the value may be left out of an input; `defaultValue` is then written. */
  readonly hasDefault?: boolean;
  readonly defaultValue?: T;
  /** Personal info (PIN, password, IMSI…): redacted in logs (libmbim `personal-info`). */
  readonly secret?: boolean;
  encode(v: T, w: InfoWriter): void;
  /** `count` is the value of this field's count field (0 when it has none). */
  decode(r: InfoReader, count: number, field: string): T;
}

/** The value type of a field. */
export type FieldValue<F> = F extends Field<infer T> ? T : never;
/** A field list: keys are libmbim field names in camelCase, in wire order. */
export type Fields = Record<string, Field<any>>;
type IsCount<F> = F extends { readonly countOf: string } ? true : false;
type HasDefault<F> = F extends { readonly hasDefault: true } ? true : false;
/** Decoded values of a field list: every field but the count fields (an array's length is its count). */
export type Decoded<F extends Fields> = { [K in keyof F as IsCount<F[K]> extends true ? never : K]: FieldValue<F[K]> };
/** Values to encode: as Decoded, with fields that have a default optional. */
export type Input<F extends Fields> =
  { [K in keyof F as IsCount<F[K]> extends true ? never : HasDefault<F[K]> extends true ? never : K]: FieldValue<F[K]> } &
  { [K in keyof F as IsCount<F[K]> extends true ? never : HasDefault<F[K]> extends true ? K : never]?: FieldValue<F[K]> };

function u32Field(format = 'guint32'): Field<number> {
  return { format, staticSize: 4, encode: (v, w) => w.u32(v), decode: (r) => r.u32() };
}

/** guint32, little endian (also enums and flags). */
export const u32: Field<number> = u32Field();

/** guint16, little endian. */
export const u16: Field<number> = {
  format: 'guint16', staticSize: 2,
  encode(v, w) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`guint16: ${v} out of range`);
    const b = new Uint8Array(2); b[0] = v & 0xff; b[1] = v >> 8; w.fixed(b);
  },
  decode: (r) => u16le(r.fixed(2), 0),
};

/** guint64, little endian, as bigint (speeds in bps, octet counters). */
export const u64: Field<bigint> = {
  format: 'guint64', staticSize: 8,
  encode(v, w) {
    if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`guint64: ${v} out of range`);
    const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); w.fixed(b);
  },
  decode: (r) => view(r.fixed(8)).getBigUint64(0, true),
};

/** uuid: 16 bytes in text order (mbim.md §3.2). */
export const uuid: Field<Uuid> = {
  format: 'uuid', staticSize: 16,
  encode: (v, w) => w.fixed(uuidToBytes(v)),
  decode: (r) => bytesToUuid(r.fixed(16)),
};

/**
 * string: {u32 offset, u32 size} in the fixed part, UTF-16LE in the variable part padded to 4
 * bytes; '' is offset 0 and size 0 (libmbim _mbim_struct_builder_append_string). A trailing odd byte is ignored.
 */
export const string: Field<string> = {
  format: 'string',
  encode: (v, w) => w.ref(encodeUtf16le(v), true),
  decode(r, _c, field) {
    const offset = r.u32();
    const size = r.u32();
    return decodeUtf16le(r.at(offset, size, field).subarray(0, size & ~1));
  },
};

/** string-array: `count` {offset, size} pairs, one per UTF-16LE string. */
export const stringArray: Field<string[]> = {
  format: 'string-array', counted: true,
  encode(v, w) { for (const s of v) string.encode(s, w); },
  decode(r, count, field) {
    r.needFixed(count, 8, field);
    const out: string[] = [];
    for (let i = 0; i < count; i++) { r.tick(); out.push(string.decode(r, 0, `${field}[${i}]`)); }
    return out;
  },
};

/** ref-byte-array: {offset, size} pair, raw bytes in the variable part, padded to 4. */
export const refBytes: Field<Uint8Array> = {
  format: 'ref-byte-array',
  encode: (v, w) => w.ref(v, true),
  decode(r, _c, field) { const offset = r.u32(); const size = r.u32(); return copyBytes(r.at(offset, size, field)); },
};

/** byte-array with array-size `n`: `n` bytes inline in the fixed part. */
export function bytes(n: number): Field<Uint8Array> {
  return {
    format: `byte-array[${n}]`, staticSize: n,
    encode(v, w) {
      if (v.length !== n) throw new RangeError(`byte-array[${n}]: got ${v.length} bytes`);
      w.fixed(v);
    },
    decode: (r) => copyBytes(r.fixed(n)),
  };
}

/**
 * unsized-byte-array: the rest of the buffer, must be the last field. `pad` false for the QMI
 * service (libmbim mbim-service-qmi.json `pad-array: FALSE`: padding breaks it).
 */
export function rest(opts: { pad: boolean }): Field<Uint8Array> {
  return {
    format: opts.pad ? 'unsized-byte-array' : 'unsized-byte-array(no pad)',
    encode(v, w) {
      w.fixed(v);
      const rem = v.length % 4;
      if (opts.pad && rem !== 0) w.fixed(new Uint8Array(4 - rem));
    },
    decode: (r) => copyBytes(r.rest()),
  };
}

function ipv4Text(b: Uint8Array): string { return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`; }

/** Parses a dotted-quad IPv4 address into its 4 network-order bytes; throws RangeError when malformed. */
export function ipv4ToBytes(v: string): Uint8Array {
  const parts = v.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new RangeError(`not an IPv4 address: ${v}`);
  return Uint8Array.from(parts.map(Number));
}

/** ipv4: 4 raw address bytes in network order, inline (a.b.c.d). */
export const ipv4: Field<string> = {
  format: 'ipv4', staticSize: 4,
  encode: (v, w) => w.fixed(ipv4ToBytes(v)),
  decode: (r) => ipv4Text(r.fixed(4)),
};

/** ipv6: 16 raw address bytes, inline. */
export const ipv6: Field<string> = {
  format: 'ipv6', staticSize: 16,
  encode: (v, w) => w.fixed(ipv6ToBytes(v)),
  decode: (r) => bytesToIpv6(r.fixed(16)),
};

function refAddress(format: string, size: number, toBytes: (v: string) => Uint8Array, toText: (b: Uint8Array) => string): Field<string | undefined> & { readonly hasDefault: true } {
  return {
    format, hasDefault: true as const, defaultValue: undefined,
    encode: (v, w) => w.ref(v === undefined ? new Uint8Array(0) : toBytes(v), false, false),
    decode(r, _c, field) {
      const offset = r.u32();
      return offset === 0 ? undefined : toText(r.at(offset, size, field));
    },
  };
}

/** ref-ipv4: u32 offset to 4 address bytes; offset 0 = absent (undefined). */
export const refIpv4 = refAddress('ref-ipv4', 4, ipv4ToBytes, ipv4Text);
/** ref-ipv6: u32 offset to 16 address bytes; offset 0 = absent (undefined). */
export const refIpv6 = refAddress('ref-ipv6', 16, ipv6ToBytes, bytesToIpv6);

function addressArray(format: string, size: number, toBytes: (v: string) => Uint8Array, toText: (b: Uint8Array) => string): Field<string[]> {
  return {
    format, counted: true,
    encode: (v, w) => w.ref(concatBytes(v.map(toBytes)), false, false),
    decode(r, count, field) {
      const offset = r.u32();
      if (count === 0) return [];
      if (offset === 0) throw new MbimDecodeError(`${r.what} ${field}: ${count} element(s) at offset 0`);
      const all = r.at(offset, count * size, field);
      const out: string[] = [];
      for (let i = 0; i < count; i++) { r.tick(); out.push(toText(all.subarray(i * size, (i + 1) * size))); }
      return out;
    },
  };
}

/** ipv4-array: u32 offset to `count` contiguous 4-byte addresses. */
export const ipv4Array = addressArray('ipv4-array', 4, ipv4ToBytes, ipv4Text);
/** ipv6-array: u32 offset to `count` contiguous 16-byte addresses. */
export const ipv6Array = addressArray('ipv6-array', 16, ipv6ToBytes, bytesToIpv6);

/** guint32-array: `count` u32 values inline in the fixed part. */
export const u32Array: Field<number[]> = {
  format: 'guint32-array', counted: true,
  encode(v, w) { for (const x of v) w.u32(x); },
  decode(r, count, field) {
    r.needFixed(count, 4, field);
    const out: number[] = [];
    for (let i = 0; i < count; i++) { r.tick(); out.push(r.u32()); }
    return out;
  },
};

/** A u32 count field for the array field `of`; its value is that array's length, so it is absent from values. */
export function countOf<const K extends string>(of: K): Field<number> & { readonly countOf: K } {
  return { ...u32Field('guint32(count)'), countOf: of };
}

/** The same field, optional in inputs: `value` is written when it is left out. */
export function opt<T>(f: Field<T>, value: T): Field<T> & { readonly hasDefault: true } {
  return { ...f, hasDefault: true, defaultValue: value };
}

/** The same field, marked personal info (redacted in logs). */
export function secret<F extends Field<any>>(f: F): F { return { ...f, secret: true } as F; }
