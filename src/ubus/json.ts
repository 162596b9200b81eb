// JSON ⇄ blobmsg the way libubox's blobmsg_json (and so the `ubus` CLI) maps them, pure.
import {
  BLOBMSG_MAX_DEPTH, BlobWriter, BlobmsgEntry, BlobmsgType, BlobmsgValue, decodeBlobmsgEntries, writeBlobmsg,
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
export function encodeJsonTable(obj: Record<string, unknown>): Buffer {
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
export function decodeJsonTable(buf: Buffer): { [key: string]: UbusJson } {
  return entriesToJson(decodeBlobmsgEntries(buf));
}
