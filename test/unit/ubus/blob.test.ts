// Tests for the blob/blobmsg codec and JSON mapping: reference byte vectors, round trips, random input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
// From the codec modules, not the src/ubus index (which also exports the Node-only broker).
import {
  BlobmsgType, decodeBlobmsg, decodeBlobmsgEntries, encodeBlobmsg, encodeBlobmsgEntries, readBlobAttrs,
} from '../../../src/ubus/blob';
import { UbusDecodeError } from '../../../src/ubus/errors';
import { decodeJsonTable, encodeJsonTable, jsonToBlobmsg, jsonToEntries, typed } from '../../../src/ubus/json';
import { BlobWriter } from '../../../src/ubus/blob';
import { copy, readU32be, toHexStr } from '../../helpers/bytes';
import { hex } from './hex';


// Vectors: blobmsg examples checked against libubox (blobmsg.c) — written out by hand, not produced by our encoder.
const VECTORS: Array<[string, string, Parameters<typeof encodeBlobmsg>[1]]> = [
  ['name', '83 00 00 10 | 00 04 6E 61 6D 65 00 00 | 77 61 6E 00', { type: BlobmsgType.STRING, value: 'wan' }],
  ['up', '87 00 00 0D | 00 02 75 70 00 00 00 00 | 01 00 00 00', { type: BlobmsgType.INT8, value: 1 }],
  ['list', '81 00 00 18 | 00 04 6C 69 73 74 00 00 | 85 00 00 0C 00 00 00 00 00 00 00 05',
    { type: BlobmsgType.ARRAY, value: [{ type: BlobmsgType.INT32, value: 5 }] }],
  ['d', '88 00 00 10 | 00 01 64 00 | 3F F8 00 00 00 00 00 00', { type: BlobmsgType.DOUBLE, value: 1.5 }],
];

for (const [name, bytes, value] of VECTORS) {
  test(`libubox blobmsg vector "${name}": encode, decode`, () => {
    assert.equal(toHexStr(encodeBlobmsg(name, value)), toHexStr(hex(bytes)));
    assert.equal(decodeBlobmsg(hex(bytes)), { name, value });
  });
}

test('JSON → blobmsg picks the ubus CLI widths (blobmsg_json.c): int32 range, else int64; bool INT8; null UNSPEC', () => {
  const types = jsonToEntries({ a: 2147483647, b: 2147483648, c: -2147483648, d: -2147483649, e: true, f: 1.5, g: null, h: 'x', i: [], j: {} })
    .map((e) => [e.name, e.value.type]);
  assert.equal(types, [
    ['a', BlobmsgType.INT32], ['b', BlobmsgType.INT64], ['c', BlobmsgType.INT32], ['d', BlobmsgType.INT64],
    ['e', BlobmsgType.INT8], ['f', BlobmsgType.DOUBLE], ['g', BlobmsgType.UNSPEC], ['h', BlobmsgType.STRING],
    ['i', BlobmsgType.ARRAY], ['j', BlobmsgType.TABLE],
  ]);
  assert.equal(jsonToBlobmsg(2n ** 40n), { type: BlobmsgType.INT64, value: 2n ** 40n });
  assert.equal(jsonToBlobmsg(typed({ type: BlobmsgType.INT16, value: 7 })), { type: BlobmsgType.INT16, value: 7 });
});

test('blobmsg → JSON: INT8 as boolean, INT16 number, INT64 beyond 2^53 as bigint, UNSPEC null', () => {
  const buf = encodeBlobmsgEntries([
    { name: 'b', value: { type: BlobmsgType.INT8, value: 0 } },
    { name: 's', value: { type: BlobmsgType.INT16, value: -2 } },
    { name: 'big', value: { type: BlobmsgType.INT64, value: 2n ** 60n + 1n } },
    { name: 'ok', value: { type: BlobmsgType.INT64, value: -5n } },
    { name: 'u', value: { type: BlobmsgType.UNSPEC, value: new Uint8Array([1, 2]) } },
  ]);
  assert.equal(decodeJsonTable(buf), { b: false, s: -2, big: 2n ** 60n + 1n, ok: -5, u: null });
});

test('nested tables/arrays round trip; container length includes the last child\'s padding (libubox blob.h: blob_attr length)', () => {
  const obj = { t: { x: [1, 'two', [true, null], { deep: { deeper: -1.25 } }], y: '' }, n: 9007199254740991 };
  const buf = encodeJsonTable(obj);
  assert.equal(decodeJsonTable(buf), obj);
  for (const a of readBlobAttrs(buf)) assert.is(a.data.length % 4, 0);
  const table = encodeBlobmsg('t', { type: BlobmsgType.TABLE, value: [{ name: 'v', value: { type: BlobmsgType.INT16, value: 1 } }] });
  assert.is(readU32be(table, 0) & 0xffffff, 4 + 4 + 12, 'table = header + name header + padded 10-byte int16');
});

test('an empty table/array is the bare header part; empty DATA is zero bytes', () => {
  assert.equal(toHexStr(encodeBlobmsg('', { type: BlobmsgType.ARRAY, value: [] })), '8100000800000000');
  assert.is(encodeJsonTable({}).length, 0);
  assert.equal(decodeJsonTable(new Uint8Array(0)), {});
});

test('`__proto__` is an ordinary member name', () => {
  const buf = encodeBlobmsgEntries([{ name: '__proto__', value: { type: BlobmsgType.STRING, value: 'x' } }]);
  const o = decodeJsonTable(buf);
  assert.is(Object.getPrototypeOf(o), Object.prototype);
  assert.is(Object.getOwnPropertyDescriptor(o, '__proto__')?.value, 'x');
});

function decodeErr(bytes: string): UbusDecodeError {
  try { decodeBlobmsgEntries(hex(bytes)); } catch (e) { assert.instance(e, UbusDecodeError); return e as UbusDecodeError; }
  assert.unreachable(`decoded ${bytes}`);
  throw new Error('unreachable');
}

test('malformed blobmsg → UbusDecodeError (length past end, short header, bad value sizes, no NUL)', () => {
  decodeErr('83 00 00 20 | 00 04 6E 61 6D 65 00 00 | 77 61 6E 00');
  decodeErr('83 00 00 02');
  decodeErr('83 00');
  decodeErr('85 00 00 0E | 00 01 61 00 | 00 00 00 00 00 00');
  decodeErr('83 00 00 0C | 00 01 61 00 | 77 61 6E 21');
  decodeErr('83 00 00 0C | 00 09 61 00 | 77 61 6E 00');
  decodeErr('89 00 00 0C | 00 01 61 00 | 00 00 00 00');
  assert.is(decodeErr('83 00 00 10 | 00 04 6E 61 6D 65 00 00 | 77 61 6E 00 | 85 00 00 02').offset, 16);
});

test('nesting deeper than BLOBMSG_MAX_DEPTH is a typed error, not a stack overflow', () => {
  let v: Parameters<typeof encodeBlobmsg>[1] = { type: BlobmsgType.INT32, value: 1 };
  for (let i = 0; i < 100; i++) v = { type: BlobmsgType.ARRAY, value: [v] };
  const buf = encodeBlobmsg('a', v);
  assert.throws(() => decodeBlobmsg(buf), (e: unknown) => e instanceof UbusDecodeError);
});

test('encoder range checks throw RangeError', () => {
  assert.throws(() => encodeBlobmsg('x', { type: BlobmsgType.INT8, value: 300 }), RangeError);
  assert.throws(() => jsonToBlobmsg(2n ** 64n), RangeError);
});

const jsonTable = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }) as fc.Arbitrary<Record<string, unknown>>;

test('property: JSON tables round trip through blobmsg (integers beyond int64 become doubles, -0 becomes 0)', () => {
  fc.assert(fc.property(jsonTable, (obj) => {
    const back = decodeJsonTable(encodeJsonTable(obj));
    assert.equal(JSON.stringify(back, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)), JSON.stringify(obj));
  }), { numRuns: 300 });
});

test('property: random bytes into the blobmsg decoder → value or UbusDecodeError only', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
    try { decodeBlobmsgEntries(copy(bytes)); } catch (e) { if (!(e instanceof UbusDecodeError)) throw e; }
  }), { numRuns: 3000 });
});

test('property: mutated valid blobmsg → value or UbusDecodeError only', () => {
  fc.assert(fc.property(jsonTable, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (obj, flips) => {
    const buf = copy(encodeJsonTable(obj));
    if (buf.length === 0) return;
    for (const [at, v] of flips) buf[at % buf.length] = v;
    try { decodeBlobmsgEntries(buf); } catch (e) { if (!(e instanceof UbusDecodeError)) throw e; }
  }), { numRuns: 2000 });
});

test('INT64 negatives are two\'s complement on the wire without BigInt.asUintN (QuickJS returns -5n for asUintN(64, -5n))', () => {
  const w = new BlobWriter();
  w.int64(-5n);
  w.int64(-(1n << 63n));
  w.int64((1n << 64n) - 1n);
  assert.is(toHexStr(w.finish()), 'fffffffffffffffb' + '8000000000000000' + 'ffffffffffffffff');
  const real = BigInt.asUintN;
  (BigInt as unknown as { asUintN: (b: number, v: bigint) => bigint }).asUintN = (_b, v) => v; // the QuickJS behaviour
  try {
    const b = encodeBlobmsg('n', { type: BlobmsgType.INT64, value: -5n });
    assert.equal(decodeBlobmsg(b).value, { type: BlobmsgType.INT64, value: -5n });
  } finally { BigInt.asUintN = real; }
});

test.run();
