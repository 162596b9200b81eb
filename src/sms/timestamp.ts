// TP-Service-Centre-Time-Stamp (TS 23.040 §9.2.3.11): seven swapped semi-octet pairs YY MM DD hh mm ss zone;
// the zone in quarters of an hour, its sign in bit 3 of the seventh octet. Also used for absolute TP-VP (§9.2.3.12.2).
import { SmsDecodeError, SmsEncodeError } from './errors';

/** A service centre time stamp in the sender's local time with its offset from UTC. */
export interface SmsTimestamp {
  /** Four-digit year (the PDU carries two digits; read as 2000–2099). */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Offset of the local time from UTC in minutes (multiple of 15, −79·15 … +79·15). */
  readonly zoneMinutes: number;
}

function swapped(b: number, what: string): number {
  const lo = b & 0x0f, hi = b >> 4;
  if (lo > 9 || hi > 9) throw new SmsDecodeError(`time stamp ${what}: 0x${b.toString(16)} is not two BCD digits`);
  return lo * 10 + hi;
}

function toSwapped(v: number): number { return ((v % 10) << 4) | Math.floor(v / 10); }

/** Decodes the 7 octets at `offset`; throws SmsDecodeError on non-BCD digits, out-of-range fields or truncation. */
export function decodeTimestamp(pdu: Uint8Array, offset: number): SmsTimestamp {
  if (offset + 7 > pdu.length) throw new SmsDecodeError('time stamp: truncated');
  const f = (i: number, what: string) => swapped(pdu[offset + i], what);
  const ts = {
    year: 2000 + f(0, 'year'), month: f(1, 'month'), day: f(2, 'day'), hour: f(3, 'hour'), minute: f(4, 'minute'), second: f(5, 'second'),
    zoneMinutes: 0,
  };
  const z = pdu[offset + 6];
  const tens = z & 0x07, units = z >> 4;
  if (units > 9) throw new SmsDecodeError(`time stamp zone: 0x${z.toString(16)} is not BCD`);
  const quarters = tens * 10 + units;
  ts.zoneMinutes = (z & 0x08 ? -1 : 1) * quarters * 15 || 0;
  if (ts.month < 1 || ts.month > 12 || ts.day < 1 || ts.day > 31 || ts.hour > 23 || ts.minute > 59 || ts.second > 59) {
    throw new SmsDecodeError(`time stamp: ${timestampToIso(ts)} is not a valid time`);
  }
  return ts;
}

/** Encodes a time stamp into 7 octets; throws SmsEncodeError when a field is out of range. */
export function encodeTimestamp(ts: SmsTimestamp): Uint8Array {
  const q = ts.zoneMinutes / 15;
  if (!Number.isInteger(q) || Math.abs(q) > 79) throw new SmsEncodeError(`time zone ${ts.zoneMinutes} min: multiple of 15 within ±79 quarters`);
  if (ts.year < 2000 || ts.year > 2099) throw new SmsEncodeError(`year ${ts.year}: 2000–2099`);
  const a = Math.abs(q);
  const zone = (Math.floor(a / 10) & 0x07) | ((a % 10) << 4) | (q < 0 ? 0x08 : 0);
  return Uint8Array.of(toSwapped(ts.year - 2000), toSwapped(ts.month), toSwapped(ts.day), toSwapped(ts.hour),
    toSwapped(ts.minute), toSwapped(ts.second), zone);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 text with the zone, e.g. `2011-02-28T11:50:50-05:00`. */
export function timestampToIso(ts: SmsTimestamp): string {
  const a = Math.abs(ts.zoneMinutes);
  const zone = `${ts.zoneMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  return `${ts.year}-${pad(ts.month)}-${pad(ts.day)}T${pad(ts.hour)}:${pad(ts.minute)}:${pad(ts.second)}${zone}`;
}

/** The time stamp of UTC milliseconds `ms` shown in a zone `zoneMinutes` east of UTC. */
export function timestampFromEpoch(ms: number, zoneMinutes = 0): SmsTimestamp {
  const d = new Date(ms + zoneMinutes * 60_000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), zoneMinutes,
  };
}
