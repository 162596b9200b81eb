// Byte helpers for tests on plain Uint8Array, so that test code runs on Node and QuickJS alike
// (QuickJS has no Node byte-array global). Thin names over src/util/bytes.ts plus the few
// writers tests use to corrupt frames.
import { bytesEqual, concatBytes, fromHex, toHex } from '../../src/util/bytes';

/** Bytes of a hex string; whitespace is ignored. Throws RangeError on odd length or non-hex digits. */
export const hex = (h: string): Uint8Array => fromHex(h);

/** Lower-case hex of `b`, no separators. */
export const toHexStr = (b: Uint8Array): string => toHex(b);

/** The concatenation of `parts` as a new Uint8Array. */
export const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

/** True when `a` and `b` hold the same bytes. */
export const equal = (a: Uint8Array, b: Uint8Array): boolean => bytesEqual(a, b);

/** `n` bytes, each `fill` (default 0). */
export function filled(n: number, fill = 0): Uint8Array { return new Uint8Array(n).fill(fill); }

/** A copy of `b` as a new Uint8Array. */
export const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);

const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
/** Little-endian u16 at `off`. Throws RangeError past the end. */
export const readU16 = (b: Uint8Array, off: number): number => dv(b).getUint16(off, true);
/** Little-endian u32 at `off`. Throws RangeError past the end. */
export const readU32 = (b: Uint8Array, off: number): number => dv(b).getUint32(off, true);
/** Writes `v` as little-endian u16 at `off`. Throws RangeError past the end. */
export function writeU16(b: Uint8Array, v: number, off: number): void { dv(b).setUint16(off, v, true); }
/** Writes `v` as little-endian u32 at `off`. Throws RangeError past the end. */
export function writeU32(b: Uint8Array, v: number, off: number): void { dv(b).setUint32(off, v, true); }
/** Big-endian u32 at `off`. Throws RangeError past the end. */
export const readU32be = (b: Uint8Array, off: number): number => dv(b).getUint32(off, false);

/** True when `needle` occurs as a contiguous run in `hay` (an empty needle always does). */
export function includesBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
