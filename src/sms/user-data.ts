// TP-DCS (TS 23.038 §4), TP-User-Data with its header (TS 23.040 §9.2.3.24): concatenation (IEI 0x00 8-bit and
// 0x08 16-bit reference, §9.2.3.24.1/.8) and national language shifts (IEI 0x24 single, 0x25 locking, §9.2.3.24.15/16).
import { DEFAULT_TABLES, ShiftTables, packSeptets, septetsToText, unpackSeptets } from './gsm7';
import { SmsDecodeError, SmsEncodeError } from './errors';

/** Character set of the user data. */
export type SmsEncoding = 'gsm7' | '8bit' | 'ucs2';

/** What TP-DCS says about the user data. */
export interface DataCoding {
  readonly encoding: SmsEncoding;
  /** Message class 0–3 when the DCS gives one. */
  readonly messageClass?: number;
  /** The text is compressed (TS 23.042): delivered as data. */
  readonly compressed: boolean;
}

/** Decodes TP-DCS (TS 23.038 §4); reserved codings read as GSM 7-bit, as §4 asks of receivers. */
export function decodeDcs(dcs: number): DataCoding {
  const group = dcs >> 4;
  if (group <= 0x7) {
    const alpha = (dcs >> 2) & 0x03;
    return {
      encoding: alpha === 1 ? '8bit' : alpha === 2 ? 'ucs2' : 'gsm7',
      messageClass: dcs & 0x10 ? dcs & 0x03 : undefined,
      compressed: (dcs & 0x20) !== 0,
    };
  }
  if (group === 0xe) return { encoding: 'ucs2', compressed: false };
  if (group === 0xf) return { encoding: dcs & 0x04 ? '8bit' : 'gsm7', messageClass: dcs & 0x03, compressed: false };
  return { encoding: 'gsm7', compressed: false };
}

/** Encodes TP-DCS in the general data coding group (00xx): alphabet and optional message class. */
export function encodeDcs(encoding: SmsEncoding, messageClass?: number): number {
  const alpha = encoding === 'gsm7' ? 0 : encoding === '8bit' ? 1 : 2;
  if (messageClass === undefined) return alpha << 2;
  if (!Number.isInteger(messageClass) || messageClass < 0 || messageClass > 3) throw new SmsEncodeError(`message class ${messageClass}: 0–3`);
  return 0x10 | (alpha << 2) | messageClass;
}

/** One information element of a user data header. */
export interface InformationElement { readonly iei: number; readonly data: Uint8Array; }

/** Concatenated short message fields (TS 23.040 §9.2.3.24.1, §9.2.3.24.8). */
export interface ConcatInfo {
  /** Reference shared by all parts (0–255 or 0–65535). */
  readonly reference: number;
  /** Parts in the message (1–255). */
  readonly total: number;
  /** This part's number, 1-based. */
  readonly sequence: number;
  /** 8 or 16: width of the reference. */
  readonly referenceBits: 8 | 16;
}

/** Decoded user data. */
export interface UserData {
  /** The text (absent for 8-bit data and compressed text). */
  readonly text?: string;
  /** The raw user data after the header (8-bit and compressed). */
  readonly data?: Uint8Array;
  readonly header: readonly InformationElement[];
  readonly concat?: ConcatInfo;
  readonly tables: ShiftTables;
}

/** Parses a user data header (without its length octet); throws SmsDecodeError on an element past the end. */
export function parseHeader(h: Uint8Array): InformationElement[] {
  const out: InformationElement[] = [];
  for (let i = 0; i < h.length;) {
    if (i + 2 > h.length) throw new SmsDecodeError(`user data header: element at ${i} truncated`);
    const iei = h[i], len = h[i + 1];
    if (i + 2 + len > h.length) throw new SmsDecodeError(`user data header: element 0x${iei.toString(16)} needs ${len} octet(s)`);
    out.push({ iei, data: h.slice(i + 2, i + 2 + len) });
    i += 2 + len;
  }
  return out;
}

/** Concatenation and shift tables named by header elements; the last of each kind wins (§9.2.3.24: repeated IEs). */
export function headerMeaning(ies: readonly InformationElement[]): { concat?: ConcatInfo; tables: ShiftTables } {
  let concat: ConcatInfo | undefined;
  let locking = 0, single = 0;
  for (const ie of ies) {
    if (ie.iei === 0x00 && ie.data.length === 3 && ie.data[1] > 0 && ie.data[2] > 0) {
      concat = { reference: ie.data[0], total: ie.data[1], sequence: ie.data[2], referenceBits: 8 };
    } else if (ie.iei === 0x08 && ie.data.length === 4 && ie.data[2] > 0 && ie.data[3] > 0) {
      concat = { reference: (ie.data[0] << 8) | ie.data[1], total: ie.data[2], sequence: ie.data[3], referenceBits: 16 };
    } else if (ie.iei === 0x24 && ie.data.length === 1) single = ie.data[0];
    else if (ie.iei === 0x25 && ie.data.length === 1) locking = ie.data[0];
  }
  return { concat, tables: { locking, single } };
}

/** Header elements for concatenation and shift tables (the inverse of headerMeaning). */
export function buildHeader(concat: ConcatInfo | undefined, tables: ShiftTables = DEFAULT_TABLES): InformationElement[] {
  const ies: InformationElement[] = [];
  if (concat) {
    ies.push(concat.referenceBits === 16
      ? { iei: 0x08, data: Uint8Array.of(concat.reference >> 8, concat.reference & 0xff, concat.total, concat.sequence) }
      : { iei: 0x00, data: Uint8Array.of(concat.reference, concat.total, concat.sequence) });
  }
  if (tables.single) ies.push({ iei: 0x24, data: Uint8Array.of(tables.single) });
  if (tables.locking) ies.push({ iei: 0x25, data: Uint8Array.of(tables.locking) });
  return ies;
}

function headerBytes(ies: readonly InformationElement[]): Uint8Array {
  if (ies.length === 0) return new Uint8Array(0);
  const len = ies.reduce((n, ie) => n + 2 + ie.data.length, 0);
  const out = new Uint8Array(1 + len);
  out[0] = len;
  let p = 1;
  for (const ie of ies) { out[p++] = ie.iei; out[p++] = ie.data.length; out.set(ie.data, p); p += ie.data.length; }
  return out;
}

/** Septets a header of `octets` bytes (length octet included) takes in 7-bit user data. */
export function headerSeptets(octets: number): number { return Math.ceil((octets * 8) / 7); }

/** UTF-16 code units → big-endian UCS-2 octets (surrogate pairs pass through as UTF-16, as phones send them). */
export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); out[2 * i] = c >> 8; out[2 * i + 1] = c & 0xff; }
  return out;
}

/** Big-endian UCS-2/UTF-16 octets → text; throws SmsDecodeError on an odd length. */
export function decodeUcs2(b: Uint8Array): string {
  if (b.length % 2) throw new SmsDecodeError(`UCS-2 user data: odd length ${b.length}`);
  let s = '';
  for (let i = 0; i < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
  return s;
}

/**
 * Decodes TP-UDL and TP-UD starting at `offset` (the TP-UDL octet). Throws SmsDecodeError when the lengths do not
 * fit the PDU, exceed 140 octets, or the header is malformed.
 */
export function decodeUserData(pdu: Uint8Array, offset: number, udhi: boolean, coding: DataCoding): UserData {
  if (offset >= pdu.length) throw new SmsDecodeError('TP-UDL: missing');
  const udl = pdu[offset];
  const septetMode = coding.encoding === 'gsm7' && !coding.compressed;
  const octets = septetMode ? Math.ceil((udl * 7) / 8) : udl;
  if (octets > 140) throw new SmsDecodeError(`TP-UDL ${udl}: more than 140 octets of user data`);
  const ud = pdu.subarray(offset + 1, offset + 1 + octets);
  if (ud.length < octets) throw new SmsDecodeError(`TP-UD: TP-UDL ${udl} needs ${octets} octet(s), ${ud.length} present`);
  let ies: InformationElement[] = [];
  let hLen = 0;
  if (udhi && octets > 0) {
    hLen = 1 + ud[0];
    if (hLen > ud.length) throw new SmsDecodeError(`user data header: length ${ud[0]} exceeds the user data`);
    ies = parseHeader(ud.subarray(1, hLen));
  }
  const { concat, tables } = headerMeaning(ies);
  if (septetMode) {
    const hs = hLen ? headerSeptets(hLen) : 0;
    if (hs > udl) throw new SmsDecodeError(`user data header: ${hs} septets exceed TP-UDL ${udl}`);
    const fill = hs * 7 - hLen * 8;
    const septets = unpackSeptets(ud.subarray(hLen), udl - hs, fill);
    return { text: septetsToText(septets, tables), header: ies, concat, tables };
  }
  const body = ud.slice(hLen);
  if (coding.encoding === 'ucs2' && !coding.compressed) return { text: decodeUcs2(body), header: ies, concat, tables };
  return { data: body, header: ies, concat, tables };
}

/**
 * Encodes TP-UDL + TP-UD: `septets` for GSM 7-bit or `octets` for 8-bit/UCS-2, behind the header elements.
 * Throws SmsEncodeError beyond 140 octets (160 septets).
 */
export function encodeUserData(body: { septets: number[] } | { octets: Uint8Array }, ies: readonly InformationElement[]): Uint8Array {
  const h = headerBytes(ies);
  if ('septets' in body) {
    const hs = h.length ? headerSeptets(h.length) : 0;
    const udl = hs + body.septets.length;
    if (udl > 160) throw new SmsEncodeError(`user data: ${udl} septets exceed 160`);
    const packed = packSeptets(body.septets, hs * 7 - h.length * 8);
    return Uint8Array.of(udl, ...h, ...packed);
  }
  const udl = h.length + body.octets.length;
  if (udl > 140) throw new SmsEncodeError(`user data: ${udl} octets exceed 140`);
  return Uint8Array.of(udl, ...h, ...body.octets);
}
