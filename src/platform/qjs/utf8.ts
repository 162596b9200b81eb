// UTF-8 encoding and decoding for runtimes without TextEncoder/TextDecoder (QuickJS), after the
// WHATWG Encoding standard's UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder):
// each maximal ill-formed subsequence becomes one U+FFFD, as Node's Buffer#toString does.

/** The UTF-8 bytes of `s`; lone surrogates are encoded as U+FFFD (EF BF BD). */
export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { out[n++] = c; continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 0x3f);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** Text of UTF-8 `bytes[start, end)`; ill-formed sequences become U+FFFD. */
export function utf8Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  let chunk: number[] = [];
  let i = start;
  while (i < end) {
    const b = bytes[i];
    let cp = 0xfffd;
    let len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xf4) {
      const need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
      // the first continuation byte's range depends on the lead byte (no overlongs, no surrogates, ≤ U+10FFFF)
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      let v = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      let k = 1;
      for (; k <= need && i + k < end; k++) {
        const c = bytes[i + k];
        if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) break;
        v = (v << 6) | (c & 0x3f);
      }
      if (k > need) cp = v;
      len = k;
    }
    i += len;
    if (cp > 0xffff) {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      chunk.push(cp);
    }
    if (chunk.length >= 4096) {
      s += String.fromCharCode(...chunk);
      chunk = [];
    }
  }
  return s + String.fromCharCode(...chunk);
}
