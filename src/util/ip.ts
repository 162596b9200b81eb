// Textual IP address checks (pure; what node:net's isIP answers).

const V4_PART = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const V4_RE = new RegExp(`^${V4_PART}(\\.${V4_PART}){3}$`);
const HEX = /^[0-9a-fA-F]{1,4}$/;

/** True for a dotted-quad IPv4 address without leading zeros (RFC 6943 §3.1.1 strict form). */
export function isIPv4(s: string): boolean { return V4_RE.test(s); }

/**
 * True for an RFC 4291 §2.2 IPv6 address: eight groups of 1–4 hex digits, one `::`, an optional
 * trailing dotted IPv4, and an optional zone `%name`.
 */
export function isIPv6(s: string): boolean {
  let a = s;
  const pct = a.indexOf('%');
  if (pct >= 0) { if (pct === a.length - 1 || !/^[A-Za-z0-9_.-]+$/.test(a.slice(pct + 1))) return false; a = a.slice(0, pct); }
  let groups = 8;
  const lastColon = a.lastIndexOf(':');
  if (lastColon >= 0 && a.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(a.slice(lastColon + 1))) return false;
    a = `${a.slice(0, lastColon + 1)}0`;
    groups = 7;
  }
  const dbl = a.indexOf('::');
  if (dbl >= 0) {
    if (a.indexOf('::', dbl + 1) >= 0) return false;
    const head = a.slice(0, dbl);
    const tail = a.slice(dbl + 2);
    const hs = head === '' ? [] : head.split(':');
    const ts = tail === '' ? [] : tail.split(':');
    return [...hs, ...ts].every((g) => HEX.test(g)) && hs.length + ts.length <= groups - 1;
  }
  const gs = a.split(':');
  return gs.length === groups && gs.every((g) => HEX.test(g));
}

/** 4 for IPv4, 6 for IPv6, 0 otherwise (node:net isIP's answer). */
export function ipFamily(s: string): 0 | 4 | 6 {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}
