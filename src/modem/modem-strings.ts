// Strings that come from the modem (names, ids, operator) made safe once, where they enter the
// Modem model: they go on to syslog lines, ubus replies and events, netifd's interface data and
// terminals, so none may carry control characters, broken UTF-16/UTF-8 or unbounded length.

import type { ModemIdentity, Registration } from './modem';

/** Longest modem string kept, in UTF-8 bytes (names and ids are far shorter on real modems). */
export const MODEM_STRING_MAX_BYTES = 256;

/**
 * What is removed: C0 controls and DEL (U+0000–U+001F, U+007F), C1 controls (U+0080–U+009F;
 * ECMA-48 CSI is U+009B), and the Unicode format characters that reorder or hide text
 * (bidi embeddings/overrides/isolates U+202A–U+202E, U+2066–U+2069, LRM/RLM, zero-width U+200B–U+200F,
 * U+2060, BOM U+FEFF), plus the line/paragraph separators U+2028/U+2029. Unicode 15, ch. 23.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
/** A lone UTF-16 surrogate (a JS string that is not valid Unicode, so not encodable as UTF-8). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** UTF-8 length of one code point, in bytes. */
function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * A modem string as it may be shown anywhere: lone surrogates become U+FFFD (so the result is
 * valid UTF-8 when encoded), whitespace controls (TAB, LF, CR, VT, FF) become one space, other
 * controls and format characters (see UNSAFE) are dropped, the ends are trimmed, and the result
 * is cut at `maxBytes` UTF-8 bytes on a code point boundary. Undefined and '' give undefined.
 */
export function sanitizeModemString(s: string | undefined, maxBytes = MODEM_STRING_MAX_BYTES): string | undefined {
  if (s === undefined || s === null) return undefined;
  let t = String(s).replace(LONE_SURROGATE, '\ufffd').replace(/[\t\n\r\v\f]+/g, ' ').replace(UNSAFE, '').trim();
  let bytes = 0;
  let end = 0;
  for (const ch of t) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (bytes + n > maxBytes) break;
    bytes += n;
    end += ch.length;
  }
  if (end < t.length) t = t.slice(0, end).trimEnd();
  return t === '' ? undefined : t;
}

/** ModemIdentity with every field through {@link sanitizeModemString}; empty fields left out. */
export function sanitizeIdentity(id: ModemIdentity): ModemIdentity {
  const out: ModemIdentity = {};
  for (const k of ['manufacturer', 'model', 'revision', 'imei', 'iccid', 'imsi', 'esn', 'meid', 'imeisv', 'msisdn'] as const) {
    const v = sanitizeModemString(id[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Registration with operator, MCC and MNC through {@link sanitizeModemString}. */
export function sanitizeRegistration(r: Registration): Registration {
  const out: Registration = { ...r };
  for (const [k, max] of [['operator', MODEM_STRING_MAX_BYTES], ['mcc', 3], ['mnc', 3]] as const) {
    const v = sanitizeModemString(r[k], max);
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
