// The plain-ECMAScript text codecs (src/util/utf8.ts) against Node's TextDecoder/TextEncoder and its
// latin1/utf16le codecs on random input. Node-only (QuickJS has neither oracle); the oracle-free
// tests of the same codecs, which run on QuickJS too, are in utf8.test.ts.
import { test } from 'uvu';
import fc from 'fast-check';
import { TextDecoder, TextEncoder } from 'node:util';
import { decodeLatin1, decodeUtf16le, decodeUtf8, encodeLatin1, encodeUtf16le, encodeUtf8, utf8Length } from '../../../src/util/utf8';

const whatwg = new TextDecoder('utf-8');

test('decodeUtf8 = WHATWG TextDecoder on random bytes (invalid sequences become U+FFFD per maximal subpart)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => decodeUtf8(b) === whatwg.decode(b)), { numRuns: 3000 });
  // Biased towards multi-byte lead and continuation bytes, where the edge cases are.
  const tricky = fc.array(fc.constantFrom(0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff), { maxLength: 24 });
  fc.assert(fc.property(tricky, (a) => { const b = Uint8Array.from(a); return decodeUtf8(b) === whatwg.decode(b); }), { numRuns: 5000 });
});

test('encodeUtf8 = TextEncoder (lone surrogates as EF BF BD); utf8Length agrees', () => {
  const enc = new TextEncoder();
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => Buffer.from(encodeUtf8(s)).equals(enc.encode(s)) && utf8Length(s) === enc.encode(s).length), { numRuns: 3000 });
  fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
    (s) => Buffer.from(encodeUtf8(s)).equals(enc.encode(s))), { numRuns: 3000 });
});

test('latin1 and utf16le match Buffer', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => decodeLatin1(b) === Buffer.from(b).toString('latin1') && decodeUtf16le(b) === Buffer.from(b).toString('utf16le')));
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => Buffer.from(encodeUtf16le(s)).equals(Buffer.from(s, 'utf16le')) && Buffer.from(encodeLatin1(s)).equals(Buffer.from(s, 'latin1'))));
});

test.run();
