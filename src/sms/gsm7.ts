// GSM 7-bit default alphabet and its extension table, septet packing. Source: 3GPP TS 23.038 §6.1.2.1 (packing),
// §6.2.1 (default alphabet), §6.2.1.1 (default alphabet extension table).
import { DEFAULT_ALPHABET, DEFAULT_EXTENSION } from './alphabet';
import { lockingShiftTable, singleShiftTable } from './national';

export { DEFAULT_ALPHABET, DEFAULT_EXTENSION };

/** The escape septet (TS 23.038 §6.2.1: "escape to extension table"). */
export const ESC = 0x1b;

/** National language shift tables selected for a message (TS 23.038 §6.2.1.2.4; TS 23.040 §9.2.3.24.15/16). */
export interface ShiftTables {
  /** National language identifier of the locking shift table (0 = the default alphabet). */
  readonly locking: number;
  /** National language identifier of the single shift table (0 = the default extension table). */
  readonly single: number;
}

/** The default alphabet with the default extension table. */
export const DEFAULT_TABLES: ShiftTables = Object.freeze({ locking: 0, single: 0 });

interface Alphabet { readonly base: string; readonly ext: Readonly<Record<number, string>>; }
interface EncodeMap { readonly base: Map<string, number>; readonly ext: Map<string, number>; }

const encodeMaps = new Map<string, EncodeMap>();

function alphabet(t: ShiftTables): Alphabet {
  return {
    base: t.locking === 0 ? DEFAULT_ALPHABET : lockingShiftTable(t.locking),
    ext: t.single === 0 ? DEFAULT_EXTENSION : singleShiftTable(t.single),
  };
}

function encodeMap(t: ShiftTables): EncodeMap {
  const key = `${t.locking}/${t.single}`;
  let m = encodeMaps.get(key);
  if (!m) {
    const a = alphabet(t);
    const base = new Map<string, number>();
    for (let i = 0; i < 128; i++) if (i !== ESC && !base.has(a.base[i])) base.set(a.base[i], i);
    const ext = new Map<string, number>();
    for (const [k, v] of Object.entries(a.ext)) if (!base.has(v)) ext.set(v, Number(k));
    m = { base, ext };
    encodeMaps.set(key, m);
  }
  return m;
}

/**
 * Text → septet values (ESC + code for extension characters), or undefined when a character has no 7-bit
 * representation in these tables. Source: TS 23.038 §6.2.1.
 */
export function textToSeptets(text: string, tables: ShiftTables = DEFAULT_TABLES): number[] | undefined {
  const m = encodeMap(tables);
  const out: number[] = [];
  for (const ch of text) {
    const b = m.base.get(ch);
    if (b !== undefined) { out.push(b); continue; }
    const e = m.ext.get(ch);
    if (e === undefined) return undefined;
    out.push(ESC, e);
  }
  return out;
}

/**
 * Septet values → text. An ESC followed by a code the single shift table lacks decodes as the character of
 * the locking table for that code (TS 23.038 §6.2.1.1 note: "display the character of the main table"); a
 * trailing lone ESC is dropped.
 */
export function septetsToText(septets: ArrayLike<number>, tables: ShiftTables = DEFAULT_TABLES): string {
  const a = alphabet(tables);
  let s = '';
  for (let i = 0; i < septets.length; i++) {
    const v = septets[i] & 0x7f;
    if (v === ESC) {
      if (i + 1 >= septets.length) break;
      const n = septets[++i] & 0x7f;
      const e = a.ext[n];
      s += e !== undefined ? e : n === ESC ? ' ' : a.base[n];
      continue;
    }
    s += a.base[v];
  }
  return s;
}

/**
 * Packs septets into octets, least significant bit first, after `fillBits` (0–6) zero bits that align the text
 * to a septet boundary after a user data header. Source: TS 23.038 §6.1.2.1.1; TS 23.040 §9.2.3.24.
 */
export function packSeptets(septets: ArrayLike<number>, fillBits = 0): Uint8Array {
  const totalBits = fillBits + septets.length * 7;
  const out = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (let i = 0; i < septets.length; i++) {
    const v = septets[i] & 0x7f;
    const byte = bit >> 3, shift = bit & 7;
    out[byte] |= (v << shift) & 0xff;
    if (shift > 1) out[byte + 1] |= v >> (8 - shift);
    bit += 7;
  }
  return out;
}

/** Unpacks `count` septets from octets after `fillBits` bits; throws RangeError when the octets are too few. */
export function unpackSeptets(octets: Uint8Array, count: number, fillBits = 0): number[] {
  if (fillBits + count * 7 > octets.length * 8) {
    throw new RangeError(`7-bit user data: ${count} septet(s) need ${Math.ceil((fillBits + count * 7) / 8)} octet(s), ${octets.length} present`);
  }
  const out: number[] = [];
  let bit = fillBits;
  for (let i = 0; i < count; i++) {
    const byte = bit >> 3, shift = bit & 7;
    let v = octets[byte] >> shift;
    if (shift > 1) v |= octets[byte + 1] << (8 - shift);
    out.push(v & 0x7f);
    bit += 7;
  }
  return out;
}
