// MBIMEx 3.0 TLV fields (Microsoft MBIM extensions, libmbim mbim-tlv.c / mbim-tlv.h): an IE inline
// where it stands in the information buffer — guint16 Type, guint8 Reserved, guint8 PaddingLength,
// guint32 DataLength, then DataLength bytes and PaddingLength zero bytes up to a 4-byte boundary.
// `tlv-string` is one IE of type WCHAR_STR (UTF-16LE); `tlv-list` is every IE to the end of the buffer.
import { u16le, u32le } from '../util/bytes';
import { decodeUtf16le, encodeUtf16le } from '../util/utf8';
import type { Field } from './codec';
import { MbimDecodeError } from './errors';
import type { InfoReader, InfoWriter } from './info-buffer';

/** MbimTlvType values used here (libmbim mbim-tlv.h): WCHAR_STR 10, UINT16_TBL 11. */
export const MbimTlvType = Object.freeze({ wcharStr: 10, uint16Tbl: 11 });

/** One TLV information element: its type and its data (padding removed). */
export interface MbimTlv { type: number; data: Uint8Array }

/** Bytes of a TLV header. */
const TLV_HEADER = 8;

/** Encodes one IE: header, data, zero padding to 4 bytes (libmbim mbim_tlv_new). RangeError for a type outside guint16. */
export function encodeTlv(t: MbimTlv): Uint8Array {
  if (!Number.isInteger(t.type) || t.type < 0 || t.type > 0xffff) throw new RangeError(`TLV type ${t.type} out of range`);
  const pad = (4 - (t.data.length % 4)) % 4;
  const out = new Uint8Array(TLV_HEADER + t.data.length + pad);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, t.type, true);
  out[3] = pad;
  dv.setUint32(4, t.data.length, true);
  out.set(t.data, TLV_HEADER);
  return out;
}

/** Reads one IE at the cursor; throws MbimDecodeError when its header or its data and padding run past the buffer. */
function readTlv(r: InfoReader, field: string): MbimTlv {
  const h = r.fixed(TLV_HEADER);
  const type = u16le(h, 0);
  const pad = h[3];
  const len = u32le(h, 4);
  let body: Uint8Array;
  try { body = r.fixed(len + pad); } catch {
    throw new MbimDecodeError(`${r.what} ${field}: TLV type ${type} of ${len} byte(s) (+${pad} padding) runs past the buffer`);
  }
  return { type, data: body.slice(0, len) };
}

/** tlv-string: one WCHAR_STR IE inline; '' is an IE with no data. Decoding an IE of another type throws MbimDecodeError. */
export const tlvString: Field<string> = {
  format: 'tlv-string',
  encode: (v, w: InfoWriter) => w.fixed(encodeTlv({ type: MbimTlvType.wcharStr, data: encodeUtf16le(v) })),
  decode(r, _c, field) {
    const t = readTlv(r, field);
    if (t.type !== MbimTlvType.wcharStr) throw new MbimDecodeError(`${r.what} ${field}: TLV type ${t.type}, expected WCHAR_STR (${MbimTlvType.wcharStr})`);
    return decodeUtf16le(t.data.subarray(0, t.data.length & ~1));
  },
};

/** tlv-list: every IE from the cursor to the end of the buffer (libmbim "UnnamedIes"); [] when none. Must be the last field. */
export const tlvList: Field<MbimTlv[]> & { readonly hasDefault: true } = {
  format: 'tlv-list', hasDefault: true as const, defaultValue: [],
  encode(v, w) { for (const t of v) w.fixed(encodeTlv(t)); },
  decode(r, _c, field) {
    const out: MbimTlv[] = [];
    while (r.remaining() > 0) { r.tick(); out.push(readTlv(r, field)); }
    return out;
  },
};
