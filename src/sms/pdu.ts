// SMS-DELIVER and SMS-SUBMIT TPDUs (3GPP TS 23.040 §9.2.2.1, §9.2.2.2) behind the SMSC address, as modems store
// and exchange them (TS 27.005 §3.1 PDU mode; libqmi WMS raw "GSM/WCDMA PP" format; MBIM SMS PDU records).
import { SmsAddress, decodeSmscAddress, decodeTpAddress, encodeSmscAddress, encodeTpAddress } from './address';
import { SmsDecodeError, SmsEncodeError } from './errors';
import { SmsTimestamp, decodeTimestamp, encodeTimestamp } from './timestamp';
import { ConcatInfo, DataCoding, InformationElement, decodeDcs, decodeUserData, encodeUserData } from './user-data';

/** Fields both TPDU types carry after decoding. */
interface SmsCommon {
  /** SMSC address, when the PDU carries one. */
  readonly smsc?: string;
  readonly protocolId: number;
  readonly dataCodingScheme: number;
  readonly coding: DataCoding;
  readonly text?: string;
  /** User data of 8-bit or compressed messages. */
  readonly data?: Uint8Array;
  readonly header: readonly InformationElement[];
  readonly concat?: ConcatInfo;
}

/** An SMS-DELIVER (network → phone). */
export interface SmsDeliver extends SmsCommon {
  readonly type: 'deliver';
  readonly sender: SmsAddress;
  readonly timestamp: SmsTimestamp;
  /** TP-MMS clear: more messages wait at the SMSC. */
  readonly moreMessages: boolean;
  readonly statusReportIndication: boolean;
  readonly replyPath: boolean;
}

/** An SMS-SUBMIT (phone → network). */
export interface SmsSubmit extends SmsCommon {
  readonly type: 'submit';
  readonly recipient: SmsAddress;
  /** TP-MR, 0–255. */
  readonly messageReference: number;
  /** Relative validity in minutes (TP-VPF 10), when present. */
  readonly validityMinutes?: number;
  readonly statusReportRequest: boolean;
  readonly rejectDuplicates: boolean;
}

/** A decoded PDU. */
export type SmsPdu = SmsDeliver | SmsSubmit;

/** Relative TP-VP octet → minutes (TS 23.040 §9.2.3.12.1). */
export function validityToMinutes(v: number): number {
  if (v <= 143) return (v + 1) * 5;
  if (v <= 167) return 12 * 60 + (v - 143) * 30;
  if (v <= 196) return (v - 166) * 24 * 60;
  return (v - 192) * 7 * 24 * 60;
}

/** Minutes → the smallest relative TP-VP octet that lasts at least that long (capped at 63 weeks). */
export function minutesToValidity(minutes: number): number {
  for (let v = 0; v < 256; v++) if (validityToMinutes(v) >= minutes) return v;
  return 255;
}

function need(pdu: Uint8Array, at: number, n: number, what: string): void {
  if (at + n > pdu.length) throw new SmsDecodeError(`${what}: truncated at offset ${at}`);
}

/**
 * Decodes an SMSC address + TPDU (`withSmsc`, the default) or a bare TPDU. MTI 00 is read as SMS-DELIVER and 01 as
 * SMS-SUBMIT (a stored message is one of those); other types throw SmsDecodeError, as do truncated fields.
 */
export function decodePdu(pdu: Uint8Array, withSmsc = true): SmsPdu {
  let p = 0;
  let smsc: string | undefined;
  if (withSmsc) {
    const s = decodeSmscAddress(pdu, 0);
    smsc = s.address?.address;
    p = s.length;
  }
  need(pdu, p, 1, 'first octet');
  const first = pdu[p++];
  const mti = first & 0x03;
  const udhi = (first & 0x40) !== 0;
  if (mti === 0) {
    const oa = decodeTpAddress(pdu, p, 'TP-OA');
    p += oa.length;
    need(pdu, p, 2, 'TP-PID/TP-DCS');
    const protocolId = pdu[p++], dataCodingScheme = pdu[p++];
    const timestamp = decodeTimestamp(pdu, p);
    p += 7;
    const coding = decodeDcs(dataCodingScheme);
    const ud = decodeUserData(pdu, p, udhi, coding);
    return {
      type: 'deliver', smsc, sender: oa.address, timestamp, protocolId, dataCodingScheme, coding,
      text: ud.text, data: ud.data, header: ud.header, concat: ud.concat,
      moreMessages: (first & 0x04) === 0, statusReportIndication: (first & 0x20) !== 0, replyPath: (first & 0x80) !== 0,
    };
  }
  if (mti === 1) {
    need(pdu, p, 1, 'TP-MR');
    const messageReference = pdu[p++];
    const da = decodeTpAddress(pdu, p, 'TP-DA');
    p += da.length;
    need(pdu, p, 2, 'TP-PID/TP-DCS');
    const protocolId = pdu[p++], dataCodingScheme = pdu[p++];
    const vpf = (first >> 3) & 0x03;
    let validityMinutes: number | undefined;
    if (vpf === 2) { need(pdu, p, 1, 'TP-VP'); validityMinutes = validityToMinutes(pdu[p++]); }
    else if (vpf !== 0) { need(pdu, p, 7, 'TP-VP'); p += 7; }
    const coding = decodeDcs(dataCodingScheme);
    const ud = decodeUserData(pdu, p, udhi, coding);
    return {
      type: 'submit', smsc, recipient: da.address, messageReference, protocolId, dataCodingScheme, coding, validityMinutes,
      text: ud.text, data: ud.data, header: ud.header, concat: ud.concat,
      statusReportRequest: (first & 0x20) !== 0, rejectDuplicates: (first & 0x04) !== 0,
    };
  }
  throw new SmsDecodeError(`TP-MTI ${mti}: ${mti === 2 ? 'SMS-STATUS-REPORT' : 'reserved'} is not a stored message this codec reads`);
}

/** Encoded user data as encodeUserData gives it (TP-UDL first) and whether it has a header. */
export interface EncodedUserData { readonly bytes: Uint8Array; readonly hasHeader: boolean; readonly dcs: number; }

/** Fields of an SMS-DELIVER to encode (the simulator's network side). */
export interface DeliverFields {
  readonly smsc?: string;
  /** Phone number or alphanumeric sender (up to 11 GSM characters). */
  readonly sender: string;
  readonly timestamp: SmsTimestamp;
  readonly userData: EncodedUserData;
  readonly protocolId?: number;
}

/** Encodes SMSC address + SMS-DELIVER; throws SmsEncodeError on an address that cannot be encoded. */
export function encodeDeliver(f: DeliverFields): Uint8Array {
  const first = 0x04 | (f.userData.hasHeader ? 0x40 : 0); // TP-MMS set: no more messages waiting
  return concatBytes([
    encodeSmscAddress(f.smsc), Uint8Array.of(first), encodeTpAddress(f.sender, true),
    Uint8Array.of(f.protocolId ?? 0, f.userData.dcs), encodeTimestamp(f.timestamp), f.userData.bytes,
  ]);
}

/** Fields of an SMS-SUBMIT to encode. */
export interface SubmitFields {
  readonly smsc?: string;
  /** Destination phone number (`+` and digits for international). */
  readonly recipient: string;
  readonly userData: EncodedUserData;
  /** TP-MR 0–255 (the modem usually replaces it). */
  readonly messageReference?: number;
  /** Relative validity in minutes; absent: no TP-VP. */
  readonly validityMinutes?: number;
  readonly statusReportRequest?: boolean;
}

/** Encodes SMSC address + SMS-SUBMIT; throws SmsEncodeError on a bad recipient or reference. */
export function encodeSubmit(f: SubmitFields): Uint8Array {
  const mr = f.messageReference ?? 0;
  if (!Number.isInteger(mr) || mr < 0 || mr > 255) throw new SmsEncodeError(`TP-MR ${mr}: 0–255`);
  const vp = f.validityMinutes === undefined ? undefined : minutesToValidity(f.validityMinutes);
  const first = 0x01 | (vp !== undefined ? 0x10 : 0) | (f.statusReportRequest ? 0x20 : 0) | (f.userData.hasHeader ? 0x40 : 0);
  return concatBytes([
    encodeSmscAddress(f.smsc), Uint8Array.of(first, mr), encodeTpAddress(f.recipient, false),
    Uint8Array.of(0, f.userData.dcs), vp !== undefined ? Uint8Array.of(vp) : new Uint8Array(0), f.userData.bytes,
  ]);
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let p = 0;
  for (const b of parts) { out.set(b, p); p += b.length; }
  return out;
}

export { encodeUserData };
