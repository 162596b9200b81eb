// Typed field codecs for QMI TLV values: the building blocks every message definition uses.
import { QmiDecodeError } from './errors';
import { copyBytes, view } from '../util/bytes';
import { decodeLatin1, decodeUtf8, encodeLatin1, encodeUtf8 } from '../util/utf8';

/** Sequential little-endian reader over one TLV value; never reads past its end. */
export class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array, private readonly what: string) {}

  /** Bytes not consumed yet. */
  remaining(): number { return this.buf.length - this.pos; }

  /** Takes `n` bytes; throws QmiDecodeError when fewer remain. */
  take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new QmiDecodeError(`${this.what}: needs ${n} byte(s) at offset ${this.pos}, ${this.remaining()} left`);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Growable little-endian writer; amortised O(1) appends (no concatenation per field). */
export class Writer {
  private buf: Uint8Array = new Uint8Array(64);
  private len = 0;

  /** Reserves `n` bytes and returns the view to fill. */
  reserve(n: number): Uint8Array {
    if (this.len + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    const view = this.buf.subarray(this.len, this.len + n);
    this.len += n;
    return view;
  }

  /** Appends raw bytes. */
  bytes(b: Uint8Array): void { this.reserve(b.length).set(b); }

  /** Bytes written so far (a copy-free view). */
  result(): Uint8Array { return this.buf.subarray(0, this.len); }
}

/** A codec for one value type inside a TLV (libqmi "format" in data/qmi-service-*.json). */
export interface Codec<T> {
  /** libqmi-style format name, for docs and errors. */
  readonly format: string;
  encode(value: T, w: Writer): void;
  decode(r: Reader): T;
}

function int(format: string, size: number, signed: boolean): Codec<number> {
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  return {
    format,
    encode(v, w) {
      if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${format}: ${v} out of range`);
      const d = view(w.reserve(size));
      if (size === 1) { if (signed) d.setInt8(0, v); else d.setUint8(0, v); }
      else if (size === 2) { if (signed) d.setInt16(0, v, true); else d.setUint16(0, v, true); }
      else if (signed) d.setInt32(0, v, true); else d.setUint32(0, v, true);
    },
    decode(r) {
      const d = view(r.take(size));
      if (size === 1) return signed ? d.getInt8(0) : d.getUint8(0);
      if (size === 2) return signed ? d.getInt16(0, true) : d.getUint16(0, true);
      return signed ? d.getInt32(0, true) : d.getUint32(0, true);
    },
  };
}

/** guint8 */
export const u8 = int('guint8', 1, false);
/** guint16, little endian */
export const u16 = int('guint16', 2, false);
/** guint32, little endian */
export const u32 = int('guint32', 4, false);
/** gint8 */
export const i8 = int('gint8', 1, true);
/** gint16, little endian */
export const i16 = int('gint16', 2, true);
/** gint32, little endian */
export const i32 = int('gint32', 4, true);

/** guint64, little endian, as bigint (byte counters, band masks). */
export const u64: Codec<bigint> = {
  format: 'guint64',
  encode(v, w) {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`guint64: ${v} out of range`);
    view(w.reserve(8)).setBigUint64(0, v, true);
  },
  decode(r) { return view(r.take(8)).getBigUint64(0, true); },
};

/** gboolean as one byte (0/1); any non-zero byte decodes as true. */
export const bool8: Codec<boolean> = {
  format: 'gboolean',
  encode(v, w) { w.reserve(1)[0] = v ? 1 : 0; },
  decode(r) { return r.take(1)[0] !== 0; },
};

function decodeText(b: Uint8Array): string { return decodeUtf8(b); }

/** A string filling the rest of the TLV: no length prefix, no NUL (libqmi: string as a whole TLV). */
export const string: Codec<string> = {
  format: 'string',
  encode(v, w) { w.bytes(encodeUtf8(v)); },
  decode(r) { return decodeText(r.take(r.remaining())); },
};

function prefixedString(format: string, prefix: Codec<number>): Codec<string> {
  return {
    format,
    encode(v, w) { const b = encodeUtf8(v); prefix.encode(b.length, w); w.bytes(b); },
    decode(r) { return decodeText(r.take(prefix.decode(r))); },
  };
}

/** A string inside a struct with a u8 length prefix (libqmi's default in sequences). */
export const str8 = prefixedString('string(guint8 size)', u8);
/** A string with a u16 length prefix (libqmi `size-prefix-format: guint16`). */
export const str16 = prefixedString('string(guint16 size)', u16);

/** A fixed-size ASCII field of exactly `n` bytes, no prefix; trailing 0xFF/NUL bytes are dropped on decode. */
export function fixedString(n: number): Codec<string> {
  return {
    format: `string(fixed ${n})`,
    encode(v, w) {
      const out = w.reserve(n);
      out.fill(0xff);
      out.set(encodeLatin1(v).subarray(0, n));
    },
    decode(r) {
      const b = r.take(n);
      let end = n;
      while (end > 0 && (b[end - 1] === 0xff || b[end - 1] === 0)) end--;
      return decodeLatin1(b, 0, end);
    },
  };
}

/** Raw bytes filling the rest of the TLV. */
export const rest: Codec<Uint8Array> = {
  format: 'raw',
  encode(v, w) { w.bytes(v); },
  decode(r) { return copyBytes(r.take(r.remaining())); },
};

/**
 * IPv4 address carried as a little-endian guint32 whose numeric value is the address
 * (192.168.1.2 = 0xC0A80102 → bytes 02 01 A8 C0). Source: libqmi qmi-service-wds.json (these TLVs are `endian: little`); uqmi converts with htonl().
 */
export const ipv4: Codec<string> = {
  format: 'ipv4(guint32 LE)',
  encode(v, w) {
    const parts = v.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
      throw new RangeError(`not an IPv4 address: ${v}`);
    }
    view(w.reserve(4)).setUint32(0, ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3], true);
  },
  decode(r) {
    const n = view(r.take(4)).getUint32(0, true);
    return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
  },
};

/** Expands an IPv6 text address to its 16 bytes; throws RangeError when malformed. */
export function ipv6ToBytes(v: string): Uint8Array {
  const halves = v.split('::');
  if (halves.length > 2) throw new RangeError(`not an IPv6 address: ${v}`);
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  // "::" stands for one or more zero groups (RFC 4291 §2.2), so with it at most 7 groups may be written.
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw new RangeError(`not an IPv6 address: ${v}`);
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const out = new Uint8Array(16);
  const d = view(out);
  groups.forEach((g, i) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new RangeError(`not an IPv6 address: ${v}`);
    d.setUint16(i * 2, parseInt(g, 16));
  });
  return out;
}

/** Formats 16 bytes as a compressed IPv6 address (RFC 5952: longest zero run → "::"). */
export function bytesToIpv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** IPv6 address as 8 × guint16 big endian = the 16 address bytes in order (libqmi qmi-service-wds.json: IPv6 address TLVs are `endian: big`). */
export const ipv6: Codec<string> = {
  format: 'ipv6(8 x guint16 BE)',
  encode(v, w) { w.bytes(ipv6ToBytes(v)); },
  decode(r) { return bytesToIpv6(r.take(16)); },
};

/** The value type a codec produces. */
export type ValueOf<C> = C extends Codec<infer T> ? T : never;

/** A sequence of named fields encoded back to back in the object's key order (libqmi "sequence"). */
export function struct<F extends Record<string, Codec<any>>>(fields: F): Codec<{ [K in keyof F]: ValueOf<F[K]> }> {
  const entries = Object.entries(fields);
  return {
    format: `sequence{${entries.map(([k, c]) => `${k}: ${c.format}`).join(', ')}}`,
    encode(v, w) { for (const [k, c] of entries) c.encode((v as Record<string, unknown>)[k], w); },
    decode(r) {
      const out: Record<string, unknown> = {};
      for (const [k, c] of entries) out[k] = c.decode(r);
      return out as { [K in keyof F]: ValueOf<F[K]> };
    },
  };
}

function counted<T>(format: string, prefix: Codec<number>, elem: Codec<T>): Codec<T[]> {
  return {
    format: `${format}<${elem.format}>`,
    encode(v, w) { prefix.encode(v.length, w); for (const e of v) elem.encode(e, w); },
    decode(r) {
      const n = prefix.decode(r);
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(elem.decode(r));
      return out;
    },
  };
}

/** An array with a guint32 element count (libqmi `size-prefix-format: guint32`, e.g. WMS List Messages). */
export function array32<T>(elem: Codec<T>): Codec<T[]> { return counted('array32', u32, elem); }

/** Raw bytes behind a guint16 length (libqmi `array` of guint8 with `size-prefix-format: guint16`, e.g. WMS raw data). */
export const bytes16: Codec<Uint8Array> = {
  format: 'array16<guint8>',
  encode(v, w) { u16.encode(v.length, w); w.bytes(v); },
  decode(r) { const n = u16.decode(r); return Uint8Array.from(r.take(n)); },
};

/** An array with a guint8 element count (libqmi's default array prefix). */
export function array8<T>(elem: Codec<T>): Codec<T[]> { return counted('array8', u8, elem); }
/** An array with a guint16 element count (`size-prefix-format: guint16`). */
export function array16<T>(elem: Codec<T>): Codec<T[]> { return counted('array16', u16, elem); }
/** Exactly `n` elements, no count prefix (`fixed-size`). */
export function fixedArray<T>(n: number, elem: Codec<T>): Codec<T[]> {
  return {
    format: `${elem.format}[${n}]`,
    encode(v, w) {
      if (v.length !== n) throw new RangeError(`expected ${n} elements, got ${v.length}`);
      for (const e of v) elem.encode(e, w);
    },
    decode(r) { return Array.from({ length: n }, () => elem.decode(r)); },
  };
}
