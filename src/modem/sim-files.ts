// Decoders of the SIM elementary files qmi4g reads (pure): EF_ICCID, EF_IMSI, EF_AD, EF_SPN.
// Sources: ETSI TS 102 221 §13.2 (EF_ICCID), 3GPP TS 31.102 §4.2.2 (EF_IMSI), §4.2.18 (EF_AD) and
// §4.2.12 (EF_SPN), 3GPP TS 24.008 §10.5.1.4 (the mobile identity digit layout EF_IMSI uses),
// ETSI TS 102 221 Annex A (alpha identifiers: GSM default alphabet unpacked, or UCS2 after 0x80).
import { DEFAULT_ALPHABET, DEFAULT_EXTENSION } from '../sms/alphabet';

/** GSM default alphabet septets (one per byte) → text, ESC + code through the extension table (3GPP TS 23.038 §6.2.1). */
function defaultAlphabet(septets: readonly number[]): string {
  let s = '';
  for (let i = 0; i < septets.length; i++) {
    if (septets[i] === 0x1b) { s += DEFAULT_EXTENSION[septets[++i]] ?? ''; continue; }
    s += DEFAULT_ALPHABET[septets[i]];
  }
  return s;
}

/** Digits of swapped-nibble BCD (low nibble first), stopping at the first filler nibble 0xF; undefined on a nibble 0xA–0xE. */
function bcdDigits(bytes: ArrayLike<number>, start: number, end: number, skipFirstLow = false): string | undefined {
  let out = '';
  for (let i = start; i < end; i++) {
    const nibbles = [bytes[i] & 0x0f, (bytes[i] >> 4) & 0x0f];
    for (let n = i === start && skipFirstLow ? 1 : 0; n < 2; n++) {
      const d = nibbles[n];
      if (d === 0xf) return out;
      if (d > 9) return undefined;
      out += String(d);
    }
  }
  return out;
}

/** EF_ICCID (10 bytes, swapped-nibble BCD, 0xF filler) → the ICCID digits; undefined when malformed or shorter than 18 digits. */
export function iccidOfEf(bytes: ArrayLike<number>): string | undefined {
  const d = bcdDigits(bytes, 0, Math.min(bytes.length, 10));
  return d !== undefined && d.length >= 18 ? d : undefined;
}

/**
 * EF_IMSI (9 bytes): byte 0 = length L of what follows; byte 1 low nibble = identity type and
 * parity (bits 1–3 `001` = IMSI), high nibble = first digit; then two digits per byte, low nibble
 * first, 0xF filler. Returns the IMSI digits, or undefined when the file is empty (L = 0 or 0xFF),
 * not an IMSI, or not 6–15 digits.
 */
export function imsiOfEf(bytes: ArrayLike<number>): string | undefined {
  const len = bytes[0];
  if (bytes.length < 2 || len === undefined || len === 0 || len === 0xff || len + 1 > bytes.length) return undefined;
  if ((bytes[1] & 0x07) !== 0x01) return undefined;
  const d = bcdDigits(bytes, 1, 1 + len, true);
  return d !== undefined && /^\d{6,15}$/.test(d) ? d : undefined;
}

/** EF_AD: byte 4 (index 3), low nibble = number of MNC digits in the IMSI (2 or 3); undefined when the file is shorter or holds another value. */
export function mncLengthOfEfAd(bytes: ArrayLike<number>): 2 | 3 | undefined {
  if (bytes.length < 4) return undefined;
  const n = bytes[3] & 0x0f;
  return n === 2 || n === 3 ? n : undefined;
}

/**
 * EF_SPN (17 bytes): byte 0 display condition, then the service provider name as an alpha
 * identifier — GSM default alphabet, one septet per byte, 0xFF padding; or 0x80 and UCS2
 * big-endian, 0xFFFF padding. Returns the trimmed name, or undefined for an empty file or another
 * coding (0x81/0x82).
 */
export function spnOfEf(bytes: ArrayLike<number>): string | undefined {
  if (bytes.length < 2) return undefined;
  let name = '';
  if (bytes[1] === 0x80) {
    for (let i = 2; i + 1 < bytes.length; i += 2) {
      const u = (bytes[i] << 8) | bytes[i + 1];
      if (u === 0xffff) break;
      name += String.fromCharCode(u);
    }
  } else if (bytes[1] === 0x81 || bytes[1] === 0x82) {
    return undefined;
  } else {
    const septets: number[] = [];
    for (let i = 1; i < bytes.length && bytes[i] !== 0xff; i++) septets.push(bytes[i] & 0x7f);
    name = defaultAlphabet(septets);
  }
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name === '' ? undefined : name;
}

/** The inverse of imsiOfEf, for the simulator and tests: a 9-byte EF_IMSI for 6–15 digits; throws RangeError otherwise. */
export function efOfImsi(imsi: string): number[] {
  if (!/^\d{6,15}$/.test(imsi)) throw new RangeError(`not an IMSI: ${imsi.length} characters`);
  const odd = imsi.length % 2 === 1;
  const nibbles = [odd ? 0x9 : 0x1, ...[...imsi].map(Number)];
  if (nibbles.length % 2) nibbles.push(0xf);
  const body: number[] = [];
  for (let i = 0; i < nibbles.length; i += 2) body.push(nibbles[i] | (nibbles[i + 1] << 4));
  const len = body.length;
  while (body.length < 8) body.push(0xff);
  return [len, ...body];
}

/** The inverse of iccidOfEf: 10 bytes of swapped-nibble BCD, 0xF filler; throws RangeError for anything but 18–20 digits. */
export function efOfIccid(iccid: string): number[] {
  if (!/^\d{18,20}$/.test(iccid)) throw new RangeError(`not an ICCID: ${iccid.length} characters`);
  const nibbles = [...iccid].map(Number);
  while (nibbles.length < 20) nibbles.push(0xf);
  const out: number[] = [];
  for (let i = 0; i < 20; i += 2) out.push(nibbles[i] | (nibbles[i + 1] << 4));
  return out;
}
