// JSON ⇄ blobmsg the way libubox's blobmsg_json (and so the `ubus` CLI) maps them, pure.
import { view } from '../util/bytes';
import { decodeUtf8 } from '../util/utf8';
import {
  BLOBMSG_MAX_DEPTH, BlobAttr, BlobWriter, BlobmsgEntry, BlobmsgType, BlobmsgValue, align4, blobmsgAttrValid, decodeBlobmsgEntries,
  walkBlobAttrs, writeBlobmsg,
} from './blob';

/** A JSON-like value as ubus carries it; an INT64 a double cannot hold exactly decodes as bigint. */
export type UbusJson = null | boolean | number | bigint | string | UbusJson[] | { [key: string]: UbusJson };

/** Wraps an explicit blobmsg value so it is encoded as given (e.g. an INT64 that would fit in INT32). */
export class BlobmsgTyped {
  constructor(readonly value: BlobmsgValue) {}
}

/** Marks `v` to be written with its exact blobmsg type instead of the inferred one. */
export function typed(v: BlobmsgValue): BlobmsgTyped {
  return new BlobmsgTyped(v);
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The blobmsg value for a JS value, as blobmsg_add_json_element does (libubox blobmsg_json.c;
 * ubus.md §2.2): object → TABLE, array → ARRAY, string → STRING, boolean → INT8 (BOOL),
 * integer in [−2^31, 2^31−1] → INT32, other integer within int64 → INT64, else DOUBLE,
 * null → UNSPEC (empty). bigint → INT32/INT64 by the same rule; Uint8Array → UNSPEC with
 * its bytes; undefined members are skipped. Throws RangeError for a bigint beyond int64 or
 * nesting deeper than BLOBMSG_MAX_DEPTH, TypeError for functions/symbols.
 */
export function jsonToBlobmsg(v: unknown, depth = 0): BlobmsgValue {
  if (depth > BLOBMSG_MAX_DEPTH) throw new RangeError(`value nested deeper than ${BLOBMSG_MAX_DEPTH}`);
  if (v instanceof BlobmsgTyped) return v.value;
  switch (typeof v) {
    case 'string': return { type: BlobmsgType.STRING, value: v };
    case 'boolean': return { type: BlobmsgType.INT8, value: v ? 1 : 0 };
    case 'number':
      if (Number.isInteger(v)) {
        if (v >= INT32_MIN && v <= INT32_MAX) return { type: BlobmsgType.INT32, value: v };
        if (v >= -(2 ** 63) && v < 2 ** 63) return { type: BlobmsgType.INT64, value: BigInt(v) };
      }
      return { type: BlobmsgType.DOUBLE, value: v };
    case 'bigint':
      if (v >= BigInt(INT32_MIN) && v <= BigInt(INT32_MAX)) return { type: BlobmsgType.INT32, value: Number(v) };
      if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(`${v} does not fit in int64`);
      return { type: BlobmsgType.INT64, value: v };
    case 'undefined': return { type: BlobmsgType.UNSPEC, value: new Uint8Array(0) };
    case 'object': break;
    default: throw new TypeError(`cannot encode a ${typeof v} as blobmsg`);
  }
  if (v === null) return { type: BlobmsgType.UNSPEC, value: new Uint8Array(0) };
  if (v instanceof Uint8Array) return { type: BlobmsgType.UNSPEC, value: v };
  if (Array.isArray(v)) return { type: BlobmsgType.ARRAY, value: v.map((e) => jsonToBlobmsg(e, depth + 1)) };
  const withJson = v as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return jsonToBlobmsg(withJson.toJSON(), depth + 1);
  return { type: BlobmsgType.TABLE, value: jsonToEntries(v as Record<string, unknown>, depth + 1) };
}

/** The members of a JS object as blobmsg entries (undefined members skipped), in key order. */
export function jsonToEntries(obj: Record<string, unknown>, depth = 0): BlobmsgEntry[] {
  const out: BlobmsgEntry[] = [];
  for (const [name, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    out.push({ name, value: jsonToBlobmsg(value, depth) });
  }
  return out;
}

/** Encodes a JS object as concatenated blobmsg attributes: a ubus DATA payload. Errors as jsonToBlobmsg. */
export function encodeJsonTable(obj: Record<string, unknown>): Uint8Array {
  const w = new BlobWriter();
  for (const e of jsonToEntries(obj)) writeBlobmsg(w, e.name, e.value);
  return w.finish();
}

function setMember(o: Record<string, UbusJson>, k: string, v: UbusJson): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * The JSON value of a blobmsg value, as blobmsg_format_json prints it (libubox blobmsg_json.c):
 * INT8 → boolean (non-zero = true), INT16/INT32/DOUBLE → number, INT64 → number (bigint
 * when a double cannot hold it exactly), UNSPEC → null, tables → objects (a repeated name
 * keeps the last value).
 */
export function blobmsgToJson(v: BlobmsgValue): UbusJson {
  switch (v.type) {
    case BlobmsgType.TABLE: return entriesToJson(v.value);
    case BlobmsgType.ARRAY: return v.value.map(blobmsgToJson);
    case BlobmsgType.STRING: return v.value;
    case BlobmsgType.INT8: return v.value !== 0;
    case BlobmsgType.INT16: case BlobmsgType.INT32: case BlobmsgType.DOUBLE: return v.value;
    case BlobmsgType.INT64: {
      const n = Number(v.value);
      return BigInt(n) === v.value ? n : v.value;
    }
    case BlobmsgType.UNSPEC: return null;
  }
}

/** Table entries → a plain object (own properties only; `__proto__` is an ordinary key). */
export function entriesToJson(entries: readonly BlobmsgEntry[]): { [key: string]: UbusJson } {
  const o: { [key: string]: UbusJson } = {};
  for (const e of entries) setMember(o, e.name, blobmsgToJson(e.value));
  return o;
}

/** Decodes a ubus DATA payload into a plain object. Throws UbusDecodeError on malformed bytes. */
export function decodeJsonTable(buf: Uint8Array): { [key: string]: UbusJson } {
  return entriesToJson(decodeBlobmsgEntries(buf));
}

/** A string as blobmsg_format_string writes it: `\b \n \t \r \" \\` escaped, other bytes < 0x20 as `\u00xx`, the rest as is. */
function cString(v: string): string {
  const esc: Record<string, string> = { '\b': '\\b', '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
  // eslint-disable-next-line no-control-regex
  return `"${v.replace(/[\x00-\x1f"\\]/g, (c) => esc[c] ?? `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** A big-endian IEEE-754 double as C's printf("%lf") prints it: exact value, 6 decimals, ties to even; inf/nan as glibc. */
export function formatDoubleLf(b: Uint8Array): string {
  const bits = view(b).getBigUint64(0);
  const neg = (bits >> 63n) === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (expBits === 0x7ff) return `${neg ? '-' : ''}${mant === 0n ? 'inf' : 'nan'}`;
  let e = -1074;
  if (expBits !== 0) { mant |= 1n << 52n; e = expBits - 1075; }
  let q: bigint;
  if (e >= 0) q = (mant << BigInt(e)) * 1000000n;
  else {
    const num = mant * 1000000n;
    const den = 1n << BigInt(-e);
    q = num / den;
    const twice = 2n * (num - q * den);
    if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  }
  const digits = q.toString().padStart(7, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/**
 * Formats a ubus DATA payload (table members) as the `ubus` CLI prints a call's reply —
 * libubox blobmsg_format_json_indent(msg, true, indent ? 0 : -1): tab-indented with ": " when
 * `indent`, compact with ":" otherwise (`ubus -S`); INT8 as true/false, INT16/32/64 signed,
 * DOUBLE as "%lf" (1.500000), UNSPEC as null; an empty table is "{\n\t\n}" indented.
 * Attributes failing blobmsg_check_attr are skipped (their separator stays, as in libubox).
 */
export function formatBlobmsgJson(data: Uint8Array, indent: boolean): string {
  let level = 0;
  let out = '';
  const sep = () => { if (indent) out += `\n${'\t'.repeat(Math.min(level, 16))}`; };
  const list = (buf: Uint8Array, array: boolean) => {
    out += array ? '[' : '{';
    level++;
    sep();
    walkBlobAttrs(buf, 0, buf.length).forEach((a, i) => {
      if (i > 0) { out += ','; sep(); }
      element(a, array);
    });
    level--;
    sep();
    out += array ? ']' : '}';
  };
  const element = (a: BlobAttr, withoutName: boolean) => {
    if (!blobmsgAttrValid(a, false)) return;
    let v = a.data;
    if (a.extended) {
      const nameLen = (v[0] << 8) | v[1];
      if (!withoutName && nameLen > 0) out += `${cString(decodeUtf8(v, 2, 2 + nameLen))}${indent ? ': ' : ':'}`;
      v = v.subarray(align4(nameLen + 3));
    }
    switch (a.id) {
      case BlobmsgType.UNSPEC: out += 'null'; break;
      case BlobmsgType.INT8: out += v[0] ? 'true' : 'false'; break;
      case BlobmsgType.INT16: out += String(view(v).getInt16(0)); break;
      case BlobmsgType.INT32: out += String(view(v).getInt32(0)); break;
      case BlobmsgType.INT64: out += view(v).getBigInt64(0).toString(); break;
      case BlobmsgType.DOUBLE: out += formatDoubleLf(v).slice(0, 316); break; // libubox's 317-byte buffer
      case BlobmsgType.STRING: out += cString(decodeUtf8(v, 0, v.indexOf(0))); break;
      case BlobmsgType.ARRAY: list(v, true); break;
      case BlobmsgType.TABLE: list(v, false); break;
      default: break;
    }
  };
  list(data, false);
  return out;
}
