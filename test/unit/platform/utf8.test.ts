// The plain-ECMAScript text codecs (src/util/utf8.ts) on known vectors and round trips; runs on Node
// and QuickJS. The comparison against Node's own codecs as an oracle is in utf8-oracle.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decodeLatin1, decodeUtf16le, decodeUtf8, encodeLatin1, encodeUtf16le, encodeUtf8, utf8Length } from '../../../src/util/utf8';
import { equal, toHexStr } from '../../helpers/bytes';

test('decodeUtf8 known vectors: overlong, surrogate, truncated, above U+10FFFF', () => {
  assert.is(decodeUtf8(Uint8Array.of(0xc0, 0xaf)), '\ufffd\ufffd');
  assert.is(decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80)), '\ufffd\ufffd\ufffd');
  assert.is(decodeUtf8(Uint8Array.of(0xe2, 0x82)), '\ufffd');
  assert.is(decodeUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80)), '\ufffd\ufffd\ufffd\ufffd');
  assert.is(decodeUtf8(Uint8Array.of(0xf0, 0x9f, 0x93, 0xb6, 0x41)), '📶A');
  assert.is(decodeUtf8(Uint8Array.of(0x61, 0x62, 0x63), 1, 2), 'b');
});

test('encodeUtf8 known vectors: 1 to 4 bytes, lone surrogates as EF BF BD', () => {
  assert.is(toHexStr(encodeUtf8('A\u00e9\u20ac📶')), '41' + 'c3a9' + 'e282ac' + 'f09f93b6');
  assert.is(toHexStr(encodeUtf8('\ud800x\udfff')), 'efbfbd' + '78' + 'efbfbd');
  assert.is(utf8Length('A\u00e9\u20ac📶\ud800'), 1 + 2 + 3 + 4 + 3);
});

test('UTF-8 round trips every string without lone surrogates; utf8Length is the encoded length', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
    const b = encodeUtf8(s);
    return decodeUtf8(b) === s && utf8Length(s) === b.length;
  }), { numRuns: 2000 });
});

test('UTF-16LE round trips any string (lone surrogates too) and any even byte sequence', () => {
  fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
    (s) => decodeUtf16le(encodeUtf16le(s)) === s && encodeUtf16le(s).length === 2 * s.length));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 32 }).map((b) => b.subarray(0, b.length & ~1)), (b) => equal(encodeUtf16le(decodeUtf16le(b)), b)));
  assert.is(toHexStr(encodeUtf16le('a\u20ac')), '6100' + 'ac20');
});

test('latin1 round trips every byte sequence, one character per byte', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
    const s = decodeLatin1(b);
    return s.length === b.length && equal(encodeLatin1(s), b);
  }));
  assert.is(decodeLatin1(Uint8Array.of(0x41, 0xe9, 0xff)), 'A\u00e9\u00ff');
});

test('decodeUtf8 on long input', () => {
  assert.is(decodeUtf8(new Uint8Array(100000).fill(0x41)).length, 100000, 'long input (chunked fromCodePoint)');
});

test.run();
