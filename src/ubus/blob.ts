// libubox blob_attr and blobmsg codec: typed attribute trees ⇄ big-endian bytes, pure (no I/O).
import { view } from '../util/bytes';
import { decodeUtf8, encodeUtf8, utf8Length } from '../util/utf8';
import { UbusDecodeError } from './errors';

/** blob_attr header flag for attributes carrying a blobmsg name header (blob.h; ubus.md §2.1). */
export const BLOB_ATTR_EXTENDED = 0x80000000;
/** Largest length a blob_attr header can carry (24 bits, header included). */
export const BLOB_ATTR_LEN_MAX = 0x00ffffff;
/** Attributes are padded with zero bytes to this alignment (BLOB_ATTR_ALIGN, blob.h). */
export const BLOB_ATTR_ALIGN = 4;
/** Nesting depth the decoder accepts before failing (guards the stack; libubox has no limit). */
export const BLOBMSG_MAX_DEPTH = 64;

/** `n` rounded up to a multiple of 4 (blob_pad_len). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** Raw blob attribute types (`enum blob_attr_type`, blob.h; ubus.md §2.1). */
export enum BlobType { UNSPEC = 0, NESTED = 1, BINARY = 2, STRING = 3, INT8 = 4, INT16 = 5, INT32 = 6, INT64 = 7, DOUBLE = 8 }

/** blobmsg types (`enum blobmsg_type`, blobmsg.h; ubus.md §2.2). BOOL is INT8. */
export enum BlobmsgType { UNSPEC = 0, ARRAY = 1, TABLE = 2, STRING = 3, INT64 = 4, INT32 = 5, INT16 = 6, INT8 = 7, DOUBLE = 8 }

/** A typed blobmsg value. Integers are written big-endian; INT64 is a bigint (ubus.md §2.2). */
export type BlobmsgValue =
  | { type: BlobmsgType.TABLE; value: BlobmsgEntry[] }
  | { type: BlobmsgType.ARRAY; value: BlobmsgValue[] }
  | { type: BlobmsgType.STRING; value: string }
  | { type: BlobmsgType.INT64; value: bigint }
  | { type: BlobmsgType.INT32 | BlobmsgType.INT16 | BlobmsgType.INT8; value: number }
  | { type: BlobmsgType.DOUBLE; value: number }
  | { type: BlobmsgType.UNSPEC; value: Uint8Array };

/** One named member of a table (or, with an empty name, an array element). */
export interface BlobmsgEntry { name: string; value: BlobmsgValue }

/** A raw (un-named) blob attribute as found inside a container: `data` is the payload without padding. */
export interface BlobAttr { id: number; extended: boolean; data: Uint8Array }

/**
 * Growable byte writer that builds nested blob attributes the way libubox's blob_buf does:
 * reserve the header, write the payload, patch the length, pad to 4. Amortised linear.
 */
export class BlobWriter {
  private buf: Uint8Array;
  private dv: DataView;
  /** Bytes written so far. */
  pos = 0;

  constructor(initialSize = 256) { this.buf = new Uint8Array(initialSize); this.dv = new DataView(this.buf.buffer); }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Reserves a blob_attr header for `id`; returns the offset to hand to `end`. */
  start(id: number, extended = false): number {
    this.ensure(4);
    const at = this.pos;
    this.dv.setUint32(at, (extended ? BLOB_ATTR_EXTENDED : 0) + (id & 0x7f) * 0x1000000);
    this.pos += 4;
    return at;
  }

  /** Closes the attribute opened at `at`: writes its unpadded length, then zero padding. Throws RangeError past 16 MiB. */
  end(at: number): void {
    const len = this.pos - at;
    if (len > BLOB_ATTR_LEN_MAX) throw new RangeError(`blob attribute of ${len} bytes exceeds the 24-bit length field`);
    this.dv.setUint32(at, (this.dv.getUint32(at) & 0xff000000) + len >>> 0);
    this.padFrom(at);
  }

  /** Zero bytes until the distance from `at` is a multiple of 4. */
  padFrom(at: number): void {
    const pad = align4(this.pos - at) - (this.pos - at);
    this.ensure(pad);
    for (let i = 0; i < pad; i++) this.buf[this.pos++] = 0;
  }

  /** Raw bytes. */
  bytes(b: Uint8Array): void { this.ensure(b.length); this.buf.set(b, this.pos); this.pos += b.length; }
  /** UTF-8 text, optionally followed by a NUL. */
  text(s: string, nul: boolean): void {
    const b = encodeUtf8(s);
    this.ensure(b.length + 1);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    if (nul) this.buf[this.pos++] = 0;
  }
  /** Unsigned or signed integer of 1, 2 or 4 bytes, big-endian; range-checked (RangeError). */
  int(v: number, size: 1 | 2 | 4): void {
    const bits = size * 8;
    const min = -(2 ** (bits - 1));
    const max = 2 ** bits - 1;
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${v} does not fit in ${bits} bits`);
    this.ensure(size);
    const u = v < 0 ? v + 2 ** bits : v;
    if (size === 1) this.buf[this.pos] = u;
    else if (size === 2) this.dv.setUint16(this.pos, u);
    else this.dv.setUint32(this.pos, u);
    this.pos += size;
  }
  /** 64-bit integer (signed or unsigned range), big-endian; RangeError outside −2^63..2^64−1. */
  int64(v: bigint): void {
    if (v < -(1n << 63n) || v > (1n << 64n) - 1n) throw new RangeError(`${v} does not fit in 64 bits`);
    this.ensure(8);
    // Two's complement by hand: QuickJS's BigInt.asUintN(64, negative) returns the negative value.
    this.dv.setBigUint64(this.pos, v < 0n ? v + (1n << 64n) : v);
    this.pos += 8;
  }
  /** IEEE-754 binary64, big-endian. */
  double(v: number): void { this.ensure(8); this.dv.setFloat64(this.pos, v); this.pos += 8; }

  /** The bytes written (a view; the writer must not be used afterwards). */
  finish(): Uint8Array { return this.buf.subarray(0, this.pos); }
}

/** Writes one blobmsg attribute: extended header, name header padded to 4, value (blobmsg.c blobmsg_new). */
export function writeBlobmsg(w: BlobWriter, name: string, v: BlobmsgValue): void {
  const at = w.start(v.type, true);
  const nameLen = utf8Length(name);
  if (nameLen > 0xffff) throw new RangeError(`blobmsg name of ${nameLen} bytes is too long`);
  w.int(nameLen, 2);
  w.text(name, true);
  w.padFrom(at);
  switch (v.type) {
    case BlobmsgType.TABLE: for (const e of v.value) writeBlobmsg(w, e.name, e.value); break;
    case BlobmsgType.ARRAY: for (const e of v.value) writeBlobmsg(w, '', e); break;
    case BlobmsgType.STRING: w.text(v.value, true); break;
    case BlobmsgType.INT64: w.int64(v.value); break;
    case BlobmsgType.INT32: w.int(v.value, 4); break;
    case BlobmsgType.INT16: w.int(v.value, 2); break;
    case BlobmsgType.INT8: w.int(v.value, 1); break;
    case BlobmsgType.DOUBLE: w.double(v.value); break;
    case BlobmsgType.UNSPEC: w.bytes(v.value); break;
  }
  w.end(at);
}

/** Encodes table members as concatenated blobmsg attributes — the payload of a ubus DATA attribute (ubus.md §2.2). */
export function encodeBlobmsgEntries(entries: readonly BlobmsgEntry[]): Uint8Array {
  const w = new BlobWriter();
  for (const e of entries) writeBlobmsg(w, e.name, e.value);
  return w.finish();
}

/** Encodes one named blobmsg attribute (header, name, value, padding). */
export function encodeBlobmsg(name: string, v: BlobmsgValue): Uint8Array {
  const w = new BlobWriter();
  writeBlobmsg(w, name, v);
  return w.finish();
}

/**
 * Splits `buf[start, end)` into raw blob attributes. Each needs length ≥ 4 within the range;
 * the next starts at the padded length (the last attribute's padding may be missing).
 * Throws UbusDecodeError otherwise (its offset plus `reportBase`); never reads past `end`.
 */
export function readBlobAttrs(buf: Uint8Array, start = 0, end = buf.length, reportBase = 0): BlobAttr[] {
  const out: BlobAttr[] = [];
  let off = start;
  while (off < end) {
    if (end - off < 4) throw new UbusDecodeError(`${end - off} stray bytes after the last attribute`, reportBase + off);
    const word = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
    const len = word & BLOB_ATTR_LEN_MAX;
    if (len < 4) throw new UbusDecodeError(`attribute length ${len} is shorter than its header`, reportBase + off);
    if (len > end - off) throw new UbusDecodeError(`attribute length ${len} exceeds the ${end - off} bytes left`, reportBase + off);
    out.push({ id: (word >>> 24) & 0x7f, extended: (word & BLOB_ATTR_EXTENDED) !== 0, data: buf.subarray(off + 4, off + len) });
    off += align4(len);
  }
  return out;
}

/**
 * The attributes in `buf[start, end)` as libubox's blob_for_each_attr walks them (blob.h; used
 * by blob_parse_untrusted in both ubusd and libubus): it stops silently at the first attribute
 * whose header length is < 4 or whose *padded* length exceeds what is left — bytes after that
 * are ignored, never an error (verified against ubusd 3cc98db: such a LOOKUP is answered).
 */
export function walkBlobAttrs(buf: Uint8Array, start: number, end: number): BlobAttr[] {
  const out: BlobAttr[] = [];
  let off = start;
  while (end - off >= 4) {
    const word = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
    const len = word & BLOB_ATTR_LEN_MAX;
    if (len < 4 || align4(len) > end - off) break;
    out.push({ id: (word >>> 24) & 0x7f, extended: (word & BLOB_ATTR_EXTENDED) !== 0, data: buf.subarray(off + 4, off + len) });
    off += align4(len);
  }
  return out;
}

/**
 * libubox's blobmsg_check_attr(attr, named), shallow: an extended attribute needs a complete,
 * NUL-terminated name header (non-empty when `named`); a plain one is accepted only when not
 * `named`; the type must be ≤ DOUBLE and a scalar payload the right size (STRING ending in NUL,
 * INT8/16/32/64 exactly 1/2/4/8 bytes, DOUBLE ≥ 8). Table/array contents are not looked into.
 */
export function blobmsgAttrValid(a: BlobAttr, named: boolean): boolean {
  let v = a.data;
  if (a.extended) {
    if (v.length < 4) return false;
    const nameLen = (v[0] << 8) | v[1];
    const hdr = align4(nameLen + 3);
    if ((named && nameLen === 0) || v.length < hdr || v[2 + nameLen] !== 0) return false;
    v = v.subarray(hdr);
  } else if (named) return false;
  switch (a.id) {
    case BlobmsgType.STRING: return v.length >= 1 && v[v.length - 1] === 0;
    case BlobmsgType.INT64: return v.length === 8;
    case BlobmsgType.INT32: return v.length === 4;
    case BlobmsgType.INT16: return v.length === 2;
    case BlobmsgType.INT8: return v.length === 1;
    case BlobmsgType.DOUBLE: return v.length >= 8;
    default: return a.id <= BlobmsgType.DOUBLE;
  }
}

function decodeValue(a: BlobAttr, depth: number, root: number): { name: string; value: BlobmsgValue } {
  const where = a.data.byteOffset - 4 - root;
  let name = '';
  let d = a.data;
  if (a.extended) {
    if (d.length < 4) throw new UbusDecodeError('blobmsg name header truncated', where);
    const nameLen = (d[0] << 8) | d[1];
    const hdr = align4(nameLen + 3);
    if (hdr > d.length) throw new UbusDecodeError(`blobmsg name length ${nameLen} exceeds the attribute`, where);
    if (d[2 + nameLen] !== 0) throw new UbusDecodeError('blobmsg name is not NUL-terminated', where);
    name = decodeUtf8(d, 2, 2 + nameLen);
    d = d.subarray(hdr);
  }
  const bad = (what: string): never => { throw new UbusDecodeError(`blobmsg ${name || '(element)'}: ${what}`, where); };
  switch (a.id) {
    case BlobmsgType.TABLE: return { name, value: { type: BlobmsgType.TABLE, value: decodeEntries(d, depth + 1, root) } };
    case BlobmsgType.ARRAY:
      return { name, value: { type: BlobmsgType.ARRAY, value: decodeEntries(d, depth + 1, root).map((e) => e.value) } };
    case BlobmsgType.STRING:
      if (d.length < 1 || d[d.length - 1] !== 0) bad('string is not NUL-terminated');
      return { name, value: { type: BlobmsgType.STRING, value: decodeUtf8(d, 0, d.length - 1) } };
    case BlobmsgType.INT64:
      if (d.length !== 8) bad(`int64 of ${d.length} bytes`);
      return { name, value: { type: BlobmsgType.INT64, value: view(d).getBigInt64(0) } };
    case BlobmsgType.INT32:
      if (d.length !== 4) bad(`int32 of ${d.length} bytes`);
      return { name, value: { type: BlobmsgType.INT32, value: view(d).getInt32(0) } };
    case BlobmsgType.INT16:
      if (d.length !== 2) bad(`int16 of ${d.length} bytes`);
      return { name, value: { type: BlobmsgType.INT16, value: view(d).getInt16(0) } };
    case BlobmsgType.INT8:
      if (d.length !== 1) bad(`int8 of ${d.length} bytes`);
      return { name, value: { type: BlobmsgType.INT8, value: view(d).getInt8(0) } };
    case BlobmsgType.DOUBLE:
      if (d.length < 8) bad(`double of ${d.length} bytes`);
      return { name, value: { type: BlobmsgType.DOUBLE, value: view(d).getFloat64(0) } };
    case BlobmsgType.UNSPEC: return { name, value: { type: BlobmsgType.UNSPEC, value: new Uint8Array(d) } };
    default: return bad(`unknown blobmsg type ${a.id}`);
  }
}

/** `root` is the byteOffset of the caller's buffer, so error offsets are relative to it. */
function decodeEntries(buf: Uint8Array, depth: number, root: number): BlobmsgEntry[] {
  if (depth > BLOBMSG_MAX_DEPTH) throw new UbusDecodeError(`blobmsg nested deeper than ${BLOBMSG_MAX_DEPTH}`, buf.byteOffset - root);
  const out: BlobmsgEntry[] = [];
  for (const a of readBlobAttrs(buf, 0, buf.length, buf.byteOffset - root)) out.push(decodeValue(a, depth, root));
  return out;
}

/**
 * Decodes concatenated blobmsg attributes (a DATA payload or a table's children) into entries,
 * in wire order. Integers keep their width; INT64 becomes a bigint. Throws UbusDecodeError on
 * any malformed length, name header, value size or unknown type (blobmsg_check_attr rules).
 */
export function decodeBlobmsgEntries(buf: Uint8Array): BlobmsgEntry[] {
  return decodeEntries(buf, 0, buf.byteOffset);
}

/** Decodes exactly one blobmsg attribute (with its name) from `buf`. Throws UbusDecodeError. */
export function decodeBlobmsg(buf: Uint8Array): BlobmsgEntry {
  const attrs = readBlobAttrs(buf);
  if (attrs.length !== 1) throw new UbusDecodeError(`expected one blobmsg attribute, found ${attrs.length}`, 0);
  return decodeValue(attrs[0], 0, buf.byteOffset);
}
