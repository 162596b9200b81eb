// Byte-array helpers in plain ECMAScript (Uint8Array/DataView; QuickJS has no Buffer).

/** A DataView over exactly `b`'s bytes (respects byteOffset). */
export function view(b: Uint8Array): DataView { return new DataView(b.buffer, b.byteOffset, b.byteLength); }

/** The concatenation of `parts` as a new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** True when `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex of `b` ("0a1b…"), `sep` between bytes. */
export function toHex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i && sep ? sep : '') + (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

/** Bytes of a hex string (whitespace and `:` ignored). Throws RangeError on odd length or non-hex digits. */
export function fromHex(hex: string): Uint8Array {
  const h = hex.replace(/[\s:]/g, '');
  if (h.length % 2 !== 0 || /[^0-9a-fA-F]/.test(h)) throw new RangeError(`not a hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Little-endian u16 at `off` (no bounds check beyond the array's: missing bytes read as 0). */
export function u16le(b: Uint8Array, off: number): number { return (b[off] | (b[off + 1] << 8)) & 0xffff; }

/** Little-endian u32 at `off`. Throws RangeError when fewer than 4 bytes remain (like Buffer's readUInt32LE). */
export function u32le(b: Uint8Array, off: number): number {
  if (off < 0 || off + 4 > b.length) throw new RangeError(`u32 at offset ${off} is outside the ${b.length} bytes`);
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

/** Writes `v` (0..2^32-1) as little-endian u32 at `off`. Throws RangeError when out of range or past the end. */
export function putU32le(b: Uint8Array, off: number, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`u32 value ${v} out of range`);
  if (off < 0 || off + 4 > b.length) throw new RangeError(`u32 at offset ${off} is outside the ${b.length} bytes`);
  b[off] = v & 0xff; b[off + 1] = (v >>> 8) & 0xff; b[off + 2] = (v >>> 16) & 0xff; b[off + 3] = (v >>> 24) & 0xff;
}

/**
 * A copy of `b[start, end)` as a plain Uint8Array. Use this, not `b.slice()`: on Node a Buffer
 * passed in would make `slice` a view (Node's Buffer slice() aliases) and keep the Buffer type.
 */
export function copyBytes(b: Uint8Array, start = 0, end = b.length): Uint8Array {
  return new Uint8Array(b.subarray(start, end));
}
