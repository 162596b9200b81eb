// MBIM "ms-struct" and "ms-struct-array" fields (Microsoft MBIM extensions, e.g. Base Stations Info):
// an {offset, size} pair to one standalone struct, or to a u32 count followed by the elements back
// to back, each its fixed part then its own strings (padded to 4), string offsets counting from the
// element's start. Layout facts: libmbim build-aux/mbim-codegen/Struct.py (the ms-struct readers).
import { concatBytes, u32le } from '../util/bytes';
import type { Decoded, Field, Fields, Input } from './codec';
import { MbimDecodeError } from './errors';
import type { Struct } from './struct';

/** ms-struct: {offset, size} to one struct, or 0/0 for none (undefined; may be left out of an input). */
export function msStruct<F extends Fields>(elem: Struct<F>): Field<Decoded<F> | undefined> & { readonly hasDefault: true } {
  return {
    format: `ms-struct<${elem.format}>`, hasDefault: true, defaultValue: undefined,
    encode(v, w) { w.ref(v === undefined ? new Uint8Array(0) : elem.encodeAlone(v as unknown as Input<F>), true); },
    decode(r, _c, field) {
      const offset = r.u32();
      const size = r.u32();
      if (offset === 0) return undefined;
      r.at(offset, size, field);
      return elem.decode(r.child(offset, `${r.what} ${field}`), 0, field);
    },
  };
}

/**
 * Bytes one element of an ms-struct-array takes: its fixed part plus each string's size rounded
 * up to 4 (libmbim reads the next element there). Only fixed-size fields (guint32, guint64) and strings are allowed.
 */
function elementStride<F extends Fields>(elem: Struct<F>, buf: Uint8Array, at: number, what: string): number {
  let fixed = 0;
  let extra = 0;
  for (const f of Object.values(elem.fields)) {
    if (f.format === 'string') {
      if (at + fixed + 8 > buf.length) throw new MbimDecodeError(`${what}: element runs past the buffer`);
      const size = u32le(buf, at + fixed + 4);
      extra += (size + 3) & ~3;
      fixed += 8;
    } else fixed += f.staticSize as number;
  }
  return fixed + extra;
}

/**
 * ms-struct-array: {offset, size} to `u32 count` and `count` elements (see the file header).
 * Throws Error at definition for an element with fields other than fixed-size ones and strings
 * (MBIMEx 3.0 MbimCellInfoServingNr has guint64 Nci and TimingAdvance).
 */
export function msStructArray<F extends Fields>(elem: Struct<F>): Field<Decoded<F>[]> {
  for (const [k, f] of Object.entries(elem.fields)) {
    if (f.format !== 'string' && (f.staticSize === undefined || f.staticSize === 0)) throw new Error(`ms-struct-array element field ${k} (${f.format}) is neither a string nor fixed-size`);
  }
  return {
    format: `ms-struct-array<${elem.format}>`,
    encode(v, w) {
      if (v.length === 0) { w.u32(0); w.u32(0); return; }
      const count = new Uint8Array(4);
      new DataView(count.buffer).setUint32(0, v.length, true);
      w.ref(concatBytes([count, ...v.map((e) => elem.encodeAlone(e as unknown as Input<F>))]), true);
    },
    decode(r, _c, field) {
      const offset = r.u32();
      const size = r.u32();
      if (offset === 0) return [];
      const buf = r.at(offset, size, field);
      if (buf.length < 4) throw new MbimDecodeError(`${r.what} ${field}: ${buf.length} byte(s), no element count`);
      const count = u32le(buf, 0);
      const out: Decoded<F>[] = [];
      let pos = 4;
      for (let i = 0; i < count; i++) {
        r.tick();
        const what = `${r.what} ${field}[${i}]`;
        const stride = elementStride(elem, buf, pos, what);
        if (pos + stride > buf.length) throw new MbimDecodeError(`${what}: runs past its ${buf.length} bytes`);
        out.push(elem.decode(r.child(offset + pos, what), 0, field));
        pos += stride;
      }
      return out;
    },
  };
}
