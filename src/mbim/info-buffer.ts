// MBIM information buffer writer and reader: fixed part + variable part, offsets from the struct start, bounded reads.
import { concatBytes, putU32le, u32le } from '../util/bytes';
import { Writer } from '../qmi/codec';
import { MbimDecodeError } from './errors';

/**
 * Encoding state of one struct (the top-level information buffer, or one element of a
 * ref-struct-array): the fixed part, the variable part, and the fixed-part positions of
 * offsets to fix up. libmbim's MbimStructBuilder: offsets are written as variable-part
 * positions and, on finish, shifted by the fixed part's size so they count from the struct start.
 */
export class InfoWriter {
  private readonly fixedW = new Writer();
  private readonly variableW = new Writer();
  private readonly fixups: number[] = [];

  /** Appends raw bytes to the fixed part. */
  fixed(b: Uint8Array): void { this.fixedW.bytes(b); }

  /** Appends a u32 (LE) to the fixed part. */
  u32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`guint32: ${v} out of range`);
    putU32le(this.fixedW.reserve(4), 0, v);
  }

  /**
   * Appends `data` to the variable part and its offset (0 when `data` is empty, libmbim) to
   * the fixed part, followed by its size when `withSize`; pads the variable part to 4 bytes
   * unless `pad` is false (libmbim `pad-array: FALSE`).
   */
  ref(data: Uint8Array, withSize: boolean, pad = true): void {
    if (data.length === 0) {
      this.u32(0);
    } else {
      this.fixups.push(this.fixedSize());
      this.u32(this.variableW.result().length);
      this.variableW.bytes(data);
      const rem = this.variableW.result().length % 4;
      if (pad && rem !== 0) this.variableW.reserve(4 - rem).fill(0);
    }
    if (withSize) this.u32(data.length);
  }

  /** Bytes in the fixed part so far. */
  fixedSize(): number { return this.fixedW.result().length; }

  /** Fixed part then variable part, with every offset made relative to the struct start. */
  finish(): Uint8Array {
    const fixed = this.fixedW.result();
    for (const at of this.fixups) putU32le(fixed, at, u32le(fixed, at) + fixed.length);
    const variable = this.variableW.result();
    return concatBytes([fixed, variable]);
  }
}

/** Decode work allowed per information buffer (elements and fields): bounds the cost of hostile counts/offsets. */
export const DECODE_BUDGET = 1 << 16;

/**
 * Reads one struct: fixed fields from a cursor, referenced data at offsets counted from the
 * struct start (`base`). Every read is bounds-checked against the whole buffer and throws
 * MbimDecodeError; nothing is read past `buf.length`.
 */
export class InfoReader {
  private pos: number;
  constructor(
    private readonly buf: Uint8Array,
    readonly base: number,
    readonly what: string,
    private readonly budget: { left: number } = { left: DECODE_BUDGET },
  ) { this.pos = base; }

  /** Counts one unit of decode work; throws MbimDecodeError when the budget is spent. */
  tick(): void {
    if (--this.budget.left < 0) throw new MbimDecodeError(`${this.what}: too many elements to decode`);
  }

  /** Takes `n` bytes of the fixed part at the cursor. */
  fixed(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) {
      throw new MbimDecodeError(`${this.what}: needs ${n} byte(s) at offset ${this.pos - this.base}, ${Math.max(0, this.buf.length - this.pos)} left`);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads a u32 (LE) of the fixed part. */
  u32(): number { return u32le(this.fixed(4), 0); }

  /** How many bytes are left between the cursor and the end of the buffer. */
  remaining(): number { return Math.max(0, this.buf.length - this.pos); }

  /** Bytes between the cursor and the end of the buffer. */
  rest(): Uint8Array { return this.fixed(this.buf.length - this.pos); }

  /** `size` bytes at `offset` from the struct start; throws MbimDecodeError when they run past the buffer. */
  at(offset: number, size: number, field: string): Uint8Array {
    if (size === 0) return new Uint8Array(0);
    const start = this.base + offset;
    if (start + size > this.buf.length) {
      throw new MbimDecodeError(`${this.what} ${field}: ${size} byte(s) at offset ${offset} run past the buffer (${this.buf.length - this.base})`);
    }
    return this.buf.subarray(start, start + size);
  }

  /** Checks that `count` items of `size` bytes can exist in the fixed part before reading them. */
  needFixed(count: number, size: number, field: string): void {
    if (count * size > this.buf.length - this.pos) {
      throw new MbimDecodeError(`${this.what} ${field}: count ${count} needs ${count * size} bytes, ${this.buf.length - this.pos} left`);
    }
  }

  /** A reader for a struct starting at `offset` from this struct's start (same buffer and budget). */
  child(offset: number, what: string): InfoReader {
    if (this.base + offset > this.buf.length) throw new MbimDecodeError(`${what}: offset ${offset} past the buffer`);
    return new InfoReader(this.buf, this.base + offset, what, this.budget);
  }
}
