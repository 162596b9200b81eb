// Address fields of SMS PDUs: TP-OA/TP-DA (TS 23.040 §9.1.2.5) and the SMSC address in front of the TPDU
// (TS 24.011 §8.2.5.1, RP-Address; the +CMGR PDU layout of TS 27.005 §3.1). Semi-octets per TS 23.040 §9.1.2.3.
import { packSeptets, septetsToText, textToSeptets, unpackSeptets } from './gsm7';
import { SmsDecodeError, SmsEncodeError } from './errors';

/** Type of number values (TS 23.040 §9.1.2.5, bits 6–4 of the type-of-address octet). */
export const TypeOfNumber = Object.freeze({ unknown: 0, international: 1, national: 2, networkSpecific: 3, subscriber: 4, alphanumeric: 5, abbreviated: 6 });

/** A decoded address: `+` then digits for international numbers, the text of alphanumeric senders, digits otherwise. */
export interface SmsAddress {
  readonly address: string;
  /** Type of number (TypeOfNumber). */
  readonly ton: number;
  /** Numbering plan identification (1 = ISDN/E.164). */
  readonly npi: number;
}

const DIGITS = '0123456789*#abc';

function bcdDigits(b: Uint8Array, count: number, what: string): string {
  let s = '';
  for (let i = 0; i < count; i++) {
    const nibble = (b[i >> 1] >> ((i & 1) * 4)) & 0x0f;
    if (nibble === 0x0f) {
      if (i === count - 1) break;
      throw new SmsDecodeError(`${what}: filler semi-octet inside the number`);
    }
    s += DIGITS[nibble];
  }
  return s;
}

function digitsToBcd(digits: string, what: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(digits.length / 2)).fill(0xff);
  for (let i = 0; i < digits.length; i++) {
    const v = DIGITS.indexOf(digits[i]);
    if (v < 0) throw new SmsEncodeError(`${what}: '${digits[i]}' is not a digit, *, # or a–c`);
    const shift = (i & 1) * 4;
    out[i >> 1] = (out[i >> 1] & ~(0x0f << shift)) | (v << shift);
  }
  return out;
}

function decodeValue(toa: number, value: Uint8Array, semiOctets: number, what: string): SmsAddress {
  const ton = (toa >> 4) & 0x07, npi = toa & 0x0f;
  if (ton === TypeOfNumber.alphanumeric) {
    const septets = Math.floor((semiOctets * 4) / 7);
    return { address: septetsToText(unpackSeptets(value, septets)), ton, npi };
  }
  const digits = bcdDigits(value, semiOctets, what);
  return { address: ton === TypeOfNumber.international ? `+${digits}` : digits, ton, npi };
}

/**
 * Decodes TP-OA/TP-DA at `offset`: length in semi-octets, type of address, value. Returns the address and the
 * bytes consumed. Throws SmsDecodeError when truncated.
 */
export function decodeTpAddress(pdu: Uint8Array, offset: number, what: string): { address: SmsAddress; length: number } {
  if (offset + 2 > pdu.length) throw new SmsDecodeError(`${what}: truncated at offset ${offset}`);
  const semiOctets = pdu[offset];
  if (semiOctets > 20) throw new SmsDecodeError(`${what}: length ${semiOctets} semi-octets exceeds 20`);
  const octets = Math.ceil(semiOctets / 2);
  if (offset + 2 + octets > pdu.length) throw new SmsDecodeError(`${what}: ${octets} octet(s) needed, ${pdu.length - offset - 2} left`);
  const address = decodeValue(pdu[offset + 1], pdu.subarray(offset + 2, offset + 2 + octets), semiOctets, what);
  return { address, length: 2 + octets };
}

/**
 * Decodes the SMSC address at `offset`: length in octets (type of address included; 0 = none). Returns undefined
 * for an absent SMSC and the bytes consumed.
 */
export function decodeSmscAddress(pdu: Uint8Array, offset: number): { address: SmsAddress | undefined; length: number } {
  if (offset >= pdu.length) throw new SmsDecodeError('SMSC address: empty PDU');
  const octets = pdu[offset];
  if (octets === 0) return { address: undefined, length: 1 };
  if (octets > 11) throw new SmsDecodeError(`SMSC address: length ${octets} octets exceeds 11`);
  if (offset + 1 + octets > pdu.length) throw new SmsDecodeError('SMSC address: truncated');
  const value = pdu.subarray(offset + 2, offset + 1 + octets);
  const address = decodeValue(pdu[offset + 1], value, value.length * 2, 'SMSC address');
  return { address, length: 1 + octets };
}

/** Type of address for a number string: `+digits` international/ISDN (0x91), other digits unknown/ISDN (0x81). */
function numberToa(address: string): { toa: number; digits: string } | undefined {
  if (/^\+[0-9*#abc]{1,20}$/.test(address)) return { toa: 0x91, digits: address.slice(1) };
  if (/^[0-9*#abc]{1,20}$/.test(address)) return { toa: 0x81, digits: address };
  return undefined;
}

/**
 * Encodes TP-OA/TP-DA. Numbers as in numberToa; any other text becomes an alphanumeric address (TON 5, GSM 7-bit
 * packed, at most 11 characters), allowed only when `alphanumeric` is set (senders). Throws SmsEncodeError.
 */
export function encodeTpAddress(address: string, alphanumeric: boolean): Uint8Array {
  const n = numberToa(address);
  if (n) return Uint8Array.of(n.digits.length, n.toa, ...digitsToBcd(n.digits, 'address'));
  if (!alphanumeric) throw new SmsEncodeError(`address '${address}': not a phone number (+, digits, *, #)`);
  const septets = textToSeptets(address);
  if (!septets || septets.length === 0 || septets.length > 11) {
    throw new SmsEncodeError(`alphanumeric address '${address}': 1–11 GSM 7-bit characters`);
  }
  const packed = packSeptets(septets);
  return Uint8Array.of(Math.ceil((septets.length * 7) / 4), 0xd0, ...packed);
}

/** Encodes the SMSC address field; undefined or '' gives the one-octet "no SMSC" form (0x00). */
export function encodeSmscAddress(address: string | undefined): Uint8Array {
  if (address === undefined || address === '') return Uint8Array.of(0);
  const n = numberToa(address);
  if (!n || n.digits.length > 20) throw new SmsEncodeError(`SMSC address '${address}': not a phone number`);
  const bcd = digitsToBcd(n.digits, 'SMSC address');
  return Uint8Array.of(bcd.length + 1, n.toa, ...bcd);
}
