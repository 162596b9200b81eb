// Tests for the QMI field codecs: integers, u64, bool8, strings, IPv4/IPv6, struct, arrays, and a Reader that never over-reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import {
  Codec, Reader, Writer, array16, array8, bool8, bytesToIpv6, fixedArray, fixedString, i16, i32, i8, ipv4, ipv6, ipv6ToBytes,
  rest, str16, str8, string, struct, u16, u32, u64, u8,
} from '../../../src/qmi/codec';
import { QmiDecodeError } from '../../../src/qmi/errors';
import { hex, readU16, toHexStr } from '../../helpers/bytes';

function enc<T>(c: Codec<T>, v: T): string {
  const w = new Writer();
  c.encode(v, w);
  return toHexStr(w.result());
}

/** Decodes and checks the codec consumed every byte (a codec that under-reads would shift the next field). */
function dec<T>(c: Codec<T>, h: string): T {
  const r = new Reader(hex(h), 'test');
  const v = c.decode(r);
  assert.is(r.remaining(), 0, `${c.format} left ${r.remaining()} byte(s) unread`);
  return v;
}

function decodeError(fn: () => unknown): QmiDecodeError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, QmiDecodeError);
    return e as QmiDecodeError;
  }
  assert.unreachable('decoded without error');
  throw new Error('unreachable');
}

// Integers: little endian on the wire (libqmi: TLV integers are QMI_ENDIAN_LITTLE unless a field says big endian).
const intCases: [Codec<number>, number, string][] = [
  [u8, 0, '00'], [u8, 255, 'ff'],
  [u16, 0x1234, '3412'], [u16, 0xffff, 'ffff'],
  [u32, 0xdeadbeef, 'efbeadde'], [u32, 0xffffffff, 'ffffffff'],
  [i8, -1, 'ff'], [i8, -128, '80'], [i8, 127, '7f'],
  [i16, -2, 'feff'], [i16, -32768, '0080'], [i16, 32767, 'ff7f'],
  [i32, -2147483648, '00000080'], [i32, 2147483647, 'ffffff7f'], [i32, -1, 'ffffffff'],
];
for (const [c, v, h] of intCases) {
  test(`${c.format} ${v} <-> ${h}`, () => {
    assert.is(enc(c, v), h);
    assert.is(dec(c, h), v);
  });
}

test('integers out of range or not integers are refused on encode', () => {
  const bad: [Codec<number>, number][] = [
    [u8, 256], [u8, -1], [u8, 1.5], [u16, 0x10000], [u32, 2 ** 32], [u32, -1],
    [i8, 128], [i8, -129], [i16, 32768], [i32, 2 ** 31], [i32, -(2 ** 31) - 1], [u8, Number.NaN],
  ];
  for (const [c, v] of bad) assert.throws(() => enc(c, v), (e: unknown) => e instanceof RangeError, `${c.format} ${v}`);
});

test('u64 is a little-endian bigint over the whole range', () => {
  assert.is(enc(u64, 0x0102030405060708n), '0807060504030201');
  assert.is(dec(u64, '0807060504030201'), 0x0102030405060708n);
  assert.is(dec(u64, 'ffffffffffffffff'), 2n ** 64n - 1n);
  assert.is(enc(u64, 0n), '0000000000000000');
  assert.throws(() => enc(u64, -1n), (e: unknown) => e instanceof RangeError);
  assert.throws(() => enc(u64, 2n ** 64n), (e: unknown) => e instanceof RangeError);
});

test('bool8: 0/1 on encode, any non-zero byte is true on decode', () => {
  assert.is(enc(bool8, true), '01');
  assert.is(enc(bool8, false), '00');
  assert.is(dec(bool8, '00'), false);
  assert.is(dec(bool8, '01'), true);
  assert.is(dec(bool8, '02'), true);
});

test('string fills the whole TLV value: no prefix, no NUL', () => {
  assert.is(enc(string, 'internet'), '696e7465726e6574');
  assert.is(dec(string, '696e7465726e6574'), 'internet');
  assert.is(dec(string, ''), '');
  assert.is(enc(string, 'ü'), 'c3bc');
});

test('str8 and str16 carry a length prefix of the byte count', () => {
  assert.is(enc(str8, 'hello'), '0568656c6c6f');
  assert.is(dec(str8, '0568656c6c6f'), 'hello');
  assert.is(enc(str8, 'ü'), '02c3bc');
  assert.is(enc(str16, 'ab'), '02006162');
  assert.is(dec(str16, '02006162'), 'ab');
  assert.throws(() => enc(str8, 'x'.repeat(256)), (e: unknown) => e instanceof RangeError);
  assert.is(enc(str16, 'x'.repeat(256)).slice(0, 4), '0001');
});

test('fixedString pads with 0xFF, truncates, and trims trailing 0xFF/NUL on decode', () => {
  const f4 = fixedString(4);
  assert.is(enc(f4, 'ab'), '6162ffff');
  assert.is(enc(f4, 'abcdef'), '61626364');
  assert.is(dec(f4, '6162ffff'), 'ab');
  assert.is(dec(f4, '61620000'), 'ab');
  assert.is(dec(f4, '61626364'), 'abcd');
  decodeError(() => f4.decode(new Reader(hex('616263'), 'test')));
});

test('rest takes every remaining byte, copied', () => {
  const src = hex('0a0b0c');
  const v = rest.decode(new Reader(src, 'test'));
  assert.is(toHexStr(v), '0a0b0c');
  src[0] = 0;
  assert.is(v[0], 0x0a, 'decoded bytes must not alias the frame buffer');
});

// libqmi qmi-service-wds.json (Get Current Settings, IPv4 Address as guint32): 192.168.1.2 = 0xC0A80102, on the wire 02 01 A8 C0.
test('ipv4 is a little-endian u32 whose value is the address (libqmi qmi-service-wds.json: Get Current Settings)', () => {
  assert.is(enc(ipv4, '192.168.1.2'), '0201a8c0');
  assert.is(dec(ipv4, '0201a8c0'), '192.168.1.2');
  assert.is(enc(ipv4, '255.255.255.255'), 'ffffffff');
  assert.is(dec(ipv4, '00000000'), '0.0.0.0');
  assert.is(enc(ipv4, '10.0.0.1'), '0100000a');
  for (const bad of ['1.2.3', '1.2.3.4.5', '256.0.0.1', 'a.b.c.d', '', '1.2.3.-1', '1.2.3.4.']) {
    assert.throws(() => enc(ipv4, bad), (e: unknown) => e instanceof RangeError, bad);
  }
});

test('ipv4 round trips every address', () => {
  fc.assert(fc.property(fc.ipV4(), (a) => dec(ipv4, enc(ipv4, a)) === a), { numRuns: 300 });
});

// libqmi qmi-service-wds.json (Get Current Settings, IPv6 Address as 8 × guint16 big endian): IPv6 = 8 × u16 big endian = the 16 address bytes in order.
test('ipv6 is the 16 address bytes in network order', () => {
  assert.is(enc(ipv6, '2001:db8::1'), '20010db8000000000000000000000001');
  assert.is(dec(ipv6, '20010db8000000000000000000000001'), '2001:db8::1');
  assert.is(enc(ipv6, '::'), '0'.repeat(32));
  assert.is(dec(ipv6, '0'.repeat(32)), '::');
  assert.is(dec(ipv6, '0'.repeat(30) + '01'), '::1');
  assert.is(dec(ipv6, 'fe80' + '0'.repeat(28)), 'fe80::');
  assert.is(enc(ipv6, 'FE80::ABCD'), 'fe80' + '0'.repeat(24) + 'abcd');
});

test('ipv6 text form follows RFC 5952: longest zero run, first on a tie, never a lone zero', () => {
  const text = (groups: number[]) => bytesToIpv6(new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff])));
  assert.is(text([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
  assert.is(text([0x2001, 0, 0, 1, 0, 0, 0, 1]), '2001:0:0:1::1');
  assert.is(text([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
  assert.is(text([1, 2, 3, 4, 5, 6, 7, 8]), '1:2:3:4:5:6:7:8');
  assert.is(text([0, 0, 1, 2, 3, 4, 5, 6]), '::1:2:3:4:5:6');
});

test('malformed IPv6 text is refused on encode', () => {
  for (const bad of ['1:2:3', '1::2::3', ':::', 'g::1', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8', '']) {
    assert.throws(() => ipv6ToBytes(bad), (e: unknown) => e instanceof RangeError, JSON.stringify(bad));
  }
});

test('struct encodes fields back to back in declaration order', () => {
  const s = struct({ service: u8, majorVersion: u16, minorVersion: u16 });
  assert.is(enc(s, { service: 1, majorVersion: 0x0102, minorVersion: 3 }), '0102010300');
  assert.equal(dec(s, '0102010300'), { service: 1, majorVersion: 0x0102, minorVersion: 3 });
});

test('array8, array16 and fixedArray', () => {
  assert.is(enc(array8(u16), [1, 2]), '0201000200');
  assert.equal(dec(array8(u16), '0201000200'), [1, 2]);
  assert.equal(dec(array8(u8), '00'), []);
  assert.is(enc(array16(u8), [1, 2]), '02000102');
  assert.equal(dec(array16(u8), '02000102'), [1, 2]);
  assert.is(enc(fixedArray(2, u8), [7, 8]), '0708');
  assert.equal(dec(fixedArray(2, u8), '0708'), [7, 8]);
  assert.throws(() => enc(fixedArray(2, u8), [1]), (e: unknown) => e instanceof RangeError);
  assert.equal(dec(array8(str8), '020161026263'), ['a', 'bc']);
});

test('Writer grows past its initial buffer without losing bytes', () => {
  const w = new Writer();
  for (let i = 0; i < 1000; i++) u16.encode(i, w);
  const b = w.result();
  assert.is(b.length, 2000);
  for (let i = 0; i < 1000; i++) assert.is(readU16(b, i * 2), i);
});

test('Reader never reads past its end: a typed QmiDecodeError instead', () => {
  const r = new Reader(hex('0102'), 'TLV x');
  assert.is(r.take(1)[0], 1);
  const e = decodeError(() => r.take(2));
  assert.match(e.message, /TLV x/);
  assert.is(e.code, 'InvalidMessage');
  assert.is(r.remaining(), 1, 'a failed take consumes nothing');
  decodeError(() => r.take(-1));
  assert.is(r.take(1)[0], 2);
  decodeError(() => r.take(1));
});

test('every codec fails typed on a value one byte short', () => {
  const cases: [Codec<unknown>, string][] = [
    [u8, ''], [u16, '01'], [u32, '010203'], [i8, ''], [i16, '01'], [i32, '010203'], [u64, '01020304050607'],
    [bool8, ''], [str8, '0361'], [str16, '030061'], [str16, '03'], [fixedString(3), '6162'], [ipv4, '010203'],
    [ipv6, '00'.repeat(15)], [struct({ a: u8, b: u16 }), '0102'], [array8(u16), '02010002'], [array16(u8), '0300'],
    [array16(u8), '030001'], [fixedArray(3, u8), '0102'],
  ];
  for (const [c, h] of cases) decodeError(() => c.decode(new Reader(hex(h), 'test')));
});

test.run();
