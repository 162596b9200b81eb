// UTF-8 encoding and decoding in plain ECMAScript (QuickJS has no TextEncoder/TextDecoder).
//
// Decoding follows the WHATWG Encoding Standard's UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder):
// each maximal ill-formed subpart becomes one U+FFFD, so the result equals
// `new TextDecoder('utf-8').decode(bytes)`. Encoding writes lone surrogates as U+FFFD, as TextEncoder does.

/** UTF-8 bytes of `s` (lone surrogates become EF BF BD). */
export function encodeUtf8(s: string): Uint8Array {
  if (s.length <= 64) {
    const a = new Uint8Array(s.length);
    let i = 0;
    for (; i < s.length; i++) { const c = s.charCodeAt(i); if (c >= 0x80) break; a[i] = c; }
    if (i === s.length) return a;
  }
  const out = new Uint8Array(utf8Length(s));
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { out[o++] = c; continue; }
    if (c < 0x800) { out[o++] = 0xc0 | (c >> 6); out[o++] = 0x80 | (c & 0x3f); continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[o++] = 0xf0 | (c >> 18); out[o++] = 0x80 | ((c >> 12) & 0x3f); out[o++] = 0x80 | ((c >> 6) & 0x3f); out[o++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    out[o++] = 0xe0 | (c >> 12); out[o++] = 0x80 | ((c >> 6) & 0x3f); out[o++] = 0x80 | (c & 0x3f);
  }
  return out;
}

/** Length in bytes of `s` encoded as UTF-8 (a lone surrogate counts 3, as U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/**
 * Decodes `bytes[start, end)` as UTF-8; every maximal ill-formed subpart (truncated sequence,
 * overlong form, surrogate, value above U+10FFFF, stray continuation byte) becomes U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  // Fast path: short ASCII (names, keys, most values) needs no decoding.
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  let out = '';
  let chunk: number[] = [];
  let i = start;
  while (i < end) {
    const b = bytes[i];
    let cp = 0xfffd;
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) { cp = b; i++; }
    else if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else { i++; }
    if (need > 0) {
      i++;
      let k = 0;
      for (; k < need; k++) {
        if (i >= end) break;
        const c = bytes[i];
        if (c < lo || c > hi) break;
        lo = 0x80; hi = 0xbf;
        cp = (cp << 6) | (c & 0x3f);
        i++;
      }
      if (k < need) cp = 0xfffd;
    }
    chunk.push(cp);
    if (chunk.length >= 4096) { out += String.fromCodePoint(...chunk); chunk = []; }
  }
  return chunk.length ? out + String.fromCodePoint(...chunk) : out;
}

/** Decodes bytes as ISO-8859-1 (each byte one code point; AT command responses). */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += 4096) out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  return out;
}

/** Encodes a string of code points ≤ 0xFF as ISO-8859-1 bytes (higher ones are masked to 8 bits). */
export function encodeLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** UTF-16LE bytes of `s`, one code unit per 2 bytes (MBIM strings; lone surrogates kept as they are). */
export function encodeUtf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); out[2 * i] = c & 0xff; out[2 * i + 1] = c >> 8; }
  return out;
}

/** Decodes UTF-16LE code units (a trailing odd byte is ignored, as Buffer's 'utf16le' does). */
export function decodeUtf16le(b: Uint8Array): string {
  let out = '';
  const units: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) {
    units.push(b[i] | (b[i + 1] << 8));
    if (units.length >= 4096) { out += String.fromCharCode(...units); units.length = 0; }
  }
  return out + String.fromCharCode(...units);
}
