// MBIM structs: field lists used inline, as struct-array / ref-struct-array elements, or as a whole information buffer.
import { concatBytes } from '../util/bytes';
import { Decoded, Fields, Field, Input } from './codec';
import { MbimDecodeError } from './errors';
import { InfoReader, InfoWriter } from './info-buffer';

/** A struct (libmbim "Struct"): a field list usable inline, as array element, or as a whole information buffer. */
export interface Struct<F extends Fields> extends Field<Decoded<F>> {
  readonly fields: F;
  /** Encodes `values` as a standalone struct (own fixed + variable part); RangeError on bad values. */
  encodeAlone(values: Input<F>): Uint8Array;
  /** Decodes a standalone struct; trailing bytes are accepted (newer firmware appends); throws MbimDecodeError. */
  decodeAlone(b: Uint8Array, what: string): Decoded<F>;
}

/**
 * Declares a struct from its fields in wire order. Throws Error at definition when a count
 * field does not name a later counted array, or a counted array has no count field before it.
 */
export function struct<F extends Fields>(fields: F): Struct<F> {
  const entries = Object.entries(fields);
  entries.forEach(([k, f], i) => {
    if (f.countOf !== undefined && !entries.slice(i + 1).some(([k2, f2]) => k2 === f.countOf && f2.counted)) {
      throw new Error(`struct: count field ${k} names no later counted array ${f.countOf}`);
    }
    if (f.counted && !entries.slice(0, i).some(([, f2]) => f2.countOf === k)) throw new Error(`struct: array ${k} has no count field`);
  });
  const sizes = entries.map(([, f]) => f.staticSize);
  const staticSize = sizes.every((s) => s !== undefined) ? sizes.reduce((a: number, s) => a + (s as number), 0) : undefined;
  const valueOf = (vals: Record<string, unknown>, k: string): unknown => {
    const v = vals[k];
    if (v !== undefined) return v;
    const f = fields[k];
    if (f.hasDefault) return f.defaultValue;
    throw new RangeError(`field ${k} (${f.format}) missing`);
  };
  const s: Struct<F> = {
    format: `struct{${entries.map(([k, f]) => `${k}: ${f.format}`).join(', ')}}`,
    staticSize,
    fields,
    encode(v, w) {
      const vals = v as Record<string, unknown>;
      for (const [k, f] of entries) {
        if (f.countOf !== undefined) w.u32((valueOf(vals, f.countOf) as unknown[]).length);
        else f.encode(valueOf(vals, k), w);
      }
    },
    decode(r) {
      const counts = new Map<string, number>();
      const out: Record<string, unknown> = {};
      for (const [k, f] of entries) {
        r.tick();
        if (f.countOf !== undefined) counts.set(f.countOf, r.u32());
        else out[k] = f.decode(r, counts.get(k) ?? 0, k);
      }
      return out as Decoded<F>;
    },
    encodeAlone(values) {
      const w = new InfoWriter();
      s.encode(values as unknown as Decoded<F>, w);
      return w.finish();
    },
    decodeAlone(b, what) { return s.decode(new InfoReader(b, 0, what), 0, what); },
  };
  return s;
}

/**
 * struct-array: u32 offset to `count` contiguous fixed-size structs (libmbim "struct-array",
 * e.g. IP Configuration's MbimIPv4Element). Throws Error at definition when `elem` has variable data.
 */
export function structArray<F extends Fields>(elem: Struct<F>): Field<Decoded<F>[]> {
  const size = elem.staticSize;
  if (size === undefined || size === 0) throw new Error(`struct-array element must be fixed-size: ${elem.format}`);
  return {
    format: `struct-array<${elem.format}>`, counted: true,
    encode(v, w) { w.ref(concatBytes(v.map((e) => elem.encodeAlone(e as unknown as Input<F>))), false, false); },
    decode(r, count, field) {
      const offset = r.u32();
      if (count === 0) return [];
      if (offset === 0) throw new MbimDecodeError(`${r.what} ${field}: ${count} element(s) at offset 0`);
      r.at(offset, count * size, field);
      const out: Decoded<F>[] = [];
      for (let i = 0; i < count; i++) {
        r.tick();
        out.push(elem.decode(r.child(offset + i * size, `${r.what} ${field}[${i}]`), 0, field));
      }
      return out;
    },
  };
}

/**
 * ref-struct-array: `count` {offset, size} pairs, each to one standalone struct whose own
 * offsets count from its start; each element padded to 4 bytes (libmbim mbim-codegen Struct.py).
 */
export function refStructArray<F extends Fields>(elem: Struct<F>): Field<Decoded<F>[]> {
  return {
    format: `ref-struct-array<${elem.format}>`, counted: true,
    encode(v, w) { for (const e of v) w.ref(elem.encodeAlone(e as unknown as Input<F>), true); },
    decode(r, count, field) {
      r.needFixed(count, 8, field);
      const out: Decoded<F>[] = [];
      for (let i = 0; i < count; i++) {
        r.tick();
        const offset = r.u32();
        const size = r.u32();
        r.at(offset, size, `${field}[${i}]`);
        out.push(elem.decode(r.child(offset, `${r.what} ${field}[${i}]`), 0, field));
      }
      return out;
    },
  };
}

/** Renders decoded values for logs with secret fields replaced by "***". */
export function redact(s: Struct<Fields>, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = s.fields[k]?.secret ? '***' : v;
  return out;
}
