// Splitting a text into concatenated short messages and merging received parts by reference.
// Source: TS 23.040 §9.2.3.24.1 (8-bit reference), §9.2.3.24.8 (16-bit reference); TS 23.038 §6.2.1 (escape
// sequences count two septets and are never split).
import { DEFAULT_TABLES, ESC, ShiftTables, textToSeptets } from './gsm7';
import { SmsEncodeError } from './errors';
import { EncodedUserData, SmsPdu } from './pdu';
import { SmsEncoding, buildHeader, encodeDcs, encodeUcs2, encodeUserData, headerSeptets } from './user-data';

/** Options for splitting a text. */
export interface SplitOptions {
  /** National languages (TS 23.038 §6.2.1.2.4 ids) whose shift tables may be used when the default alphabet can't. */
  readonly nationalLanguages?: readonly number[];
  /** Concatenation reference for a multipart message (default 0). */
  readonly reference?: number;
  /** Width of the reference (default 8). */
  readonly referenceBits?: 8 | 16;
  /** At most this many parts (default 255, the most TS 23.040 allows); more throws SmsEncodeError. */
  readonly maxParts?: number;
  readonly messageClass?: number;
}

/** A split text: its encoding and one user data per part. */
export interface SplitText {
  readonly encoding: SmsEncoding;
  readonly tables: ShiftTables;
  readonly parts: readonly EncodedUserData[];
}

function choose(text: string, langs: readonly number[]): { encoding: SmsEncoding; septets?: number[]; tables: ShiftTables } {
  const d = textToSeptets(text);
  if (d) return { encoding: 'gsm7', septets: d, tables: DEFAULT_TABLES };
  let best: { septets: number[]; tables: ShiftTables } | undefined;
  for (const lang of langs) {
    for (const tables of [{ locking: 0, single: lang }, { locking: lang, single: 0 }, { locking: lang, single: lang }]) {
      let s: number[] | undefined;
      try { s = textToSeptets(text, tables); } catch { s = undefined; }
      if (s && (!best || s.length < best.septets.length)) best = { septets: s, tables };
    }
  }
  if (best) return { encoding: 'gsm7', ...best };
  return { encoding: 'ucs2', tables: DEFAULT_TABLES };
}

/** Chunks septets into pieces of at most `size`, never splitting ESC from the septet after it. */
function chunkSeptets(septets: number[], size: number): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < septets.length; i++) {
    const token = septets[i] === ESC && i + 1 < septets.length ? [septets[i], septets[++i]] : [septets[i]];
    if (cur.length + token.length > size) { out.push(cur); cur = []; }
    cur.push(...token);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Chunks UTF-16 code units into pieces of at most `size`, never splitting a surrogate pair. */
function chunkUtf16(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff && end - i > 1) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * Splits `text` into the user data of one or more SMS: GSM 7-bit when the default alphabet (or a national shift
 * table from `nationalLanguages`) covers it, else UCS-2; 160 septets / 140 octets in one part, otherwise parts
 * behind a concatenation header. Throws SmsEncodeError past `maxParts`.
 */
export function splitText(text: string, opts: SplitOptions = {}): SplitText {
  const c = choose(text, opts.nationalLanguages ?? []);
  const bits = opts.referenceBits ?? 8;
  const ref = opts.reference ?? 0;
  if (!Number.isInteger(ref) || ref < 0 || ref > (bits === 16 ? 0xffff : 0xff)) throw new SmsEncodeError(`concatenation reference ${ref}: ${bits}-bit`);
  const maxParts = Math.min(opts.maxParts ?? 255, 255);
  const dcs = encodeDcs(c.encoding, opts.messageClass);
  const shiftIes = buildHeader(undefined, c.tables);
  const shiftOctets = shiftIes.reduce((n, ie) => n + 2 + ie.data.length, 0);
  const concatOctets = bits === 16 ? 6 : 5;
  const make = (pieces: (number[] | string)[]): EncodedUserData[] => pieces.map((piece, i) => {
    const concat = pieces.length > 1 ? { reference: ref, total: pieces.length, sequence: i + 1, referenceBits: bits } : undefined;
    const ies = buildHeader(concat, c.tables);
    const body = typeof piece === 'string' ? { octets: encodeUcs2(piece) } : { septets: piece };
    return { bytes: encodeUserData(body, ies), hasHeader: ies.length > 0, dcs };
  });
  let pieces: (number[] | string)[];
  if (c.septets) {
    const single = 160 - (shiftOctets ? headerSeptets(1 + shiftOctets) : 0);
    pieces = c.septets.length <= single ? [c.septets] : chunkSeptets(c.septets, 160 - headerSeptets(1 + shiftOctets + concatOctets));
  } else {
    const single = (140 - (shiftOctets ? 1 + shiftOctets : 0)) >> 1;
    pieces = text.length <= single ? [text] : chunkUtf16(text, (140 - 1 - shiftOctets - concatOctets) >> 1);
  }
  if (pieces.length > maxParts) throw new SmsEncodeError(`text needs ${pieces.length} SMS parts, at most ${maxParts} allowed`);
  return { encoding: c.encoding, tables: c.tables, parts: make(pieces) };
}

/** A stored part with the key the caller uses to find it again (e.g. storage and index). */
export interface StoredPart<K> { readonly key: K; readonly pdu: SmsPdu; }

/** A message merged from one or more parts. */
export interface MergedMessage<K> {
  /** Keys of the parts present, in sequence order. */
  readonly keys: readonly K[];
  /** The first part present (sender/recipient, time stamp of the first part). */
  readonly first: SmsPdu;
  /** Text of the parts present joined in order; missing parts are left out. */
  readonly text: string;
  /** Parts expected (1 for a single SMS). */
  readonly total: number;
  /** Sequence numbers not present (empty when complete). */
  readonly missing: readonly number[];
}

function peer(p: SmsPdu): string { return p.type === 'deliver' ? `d:${p.sender.address}` : `s:${p.recipient.address}`; }

/**
 * Merges parts of concatenated messages by (direction, peer address, reference width, reference, total),
 * in sequence order whatever order they arrived in; a repeated sequence number keeps the first copy. Messages
 * come out in the order their first part was given.
 */
export function mergeParts<K>(parts: readonly StoredPart<K>[]): MergedMessage<K>[] {
  const groups = new Map<string, StoredPart<K>[]>();
  const order: string[] = [];
  parts.forEach((sp, i) => {
    const c = sp.pdu.concat;
    const key = c && c.total > 1 ? `${peer(sp.pdu)}|${c.referenceBits}|${c.reference}|${c.total}` : `single|${i}`;
    let g = groups.get(key);
    if (!g) { g = []; groups.set(key, g); order.push(key); }
    g.push(sp);
  });
  return order.map((key) => {
    const g = groups.get(key)!;
    const total = g[0].pdu.concat && g[0].pdu.concat.total > 1 ? g[0].pdu.concat.total : 1;
    const bySeq = new Map<number, StoredPart<K>>();
    for (const sp of g) {
      const seq = total > 1 ? sp.pdu.concat!.sequence : 1;
      if (!bySeq.has(seq)) bySeq.set(seq, sp);
    }
    const present = [...bySeq.keys()].sort((a, b) => a - b);
    const missing: number[] = [];
    for (let s = 1; s <= total; s++) if (!bySeq.has(s)) missing.push(s);
    const ordered = present.map((s) => bySeq.get(s)!);
    return {
      keys: ordered.map((sp) => sp.key), first: ordered[0].pdu, total, missing,
      text: ordered.map((sp) => sp.pdu.text ?? '').join(''),
    };
  });
}
