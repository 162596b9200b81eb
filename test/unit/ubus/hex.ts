// The hex notation of the ubus test vectors, as plain ECMAScript (runs on Node and QuickJS).
import { concatBytes, fromHex } from '../../../src/util/bytes';

/**
 * Hex with spaces, `|` separators and `"text"` (ASCII, `\0` for NUL; as in the ubus captures) → bytes.
 * Throws RangeError on a malformed hex part or a non-ASCII character in a text part.
 */
export function hex(s: string): Uint8Array {
  const parts = s.split('"');
  return concatBytes(parts.map((p, i) => (i % 2 ? ascii(p.replace(/\\0/g, '\0')) : fromHex(p.replace(/[\s|]/g, '')))));
}

function ascii(t: string): Uint8Array {
  const out = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c > 0x7f) throw new RangeError(`non-ASCII text in a hex vector: ${JSON.stringify(t)}`);
    out[i] = c;
  }
  return out;
}
