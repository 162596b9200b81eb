// Checks on the IP settings a modem reports (WDS Get Current Settings, MBIM IP Configuration)
// before any of them becomes netifd static config or a default route.
//
// Rules: RFC 1122 §3.2.1.3 (no 0.0.0.0/8 "this network", no 127/8 loopback, no limited or
// subnet broadcast, no all-zero host part, no class D multicast 224/4 or class E 240/4 as an
// address), RFC 4291 §2.5.2/2.5.3/2.7 (no ::, no ::1, no ff00::/8 multicast as an address),
// prefix 1–32 / 1–128; MTU: IPv4 at least 576 (RFC 791/1122 §3.3.3), IPv6 at least 1280
// (RFC 8200 §5), at most 9000 (jumbo frames); an MTU outside that is ignored, not refused.

import type { IpFamily, IpSettings } from './modem';

/** MTU bounds in bytes per family: [minimum, maximum]. */
export const MTU_RANGE: Readonly<Record<IpFamily, readonly [number, number]>> = { 4: [576, 9000], 6: [1280, 9000] };

/** An IPv4 dotted quad as an unsigned 32-bit number; undefined when it is not one. */
export function ipv4ToNumber(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

/** Prefix length of a contiguous IPv4 netmask ("255.255.255.252" → 30); undefined when not contiguous or not a quad. */
export function prefixOfNetmask(mask: string): number | undefined {
  const n = ipv4ToNumber(mask);
  if (n === undefined) return undefined;
  const inverted = ~n >>> 0;
  // Contiguous means the inverted mask is 2^k − 1.
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  let bits = 0;
  for (let v = n; v !== 0; v = (v << 1) >>> 0) bits++;
  return bits;
}

/** The 8 16-bit groups of an IPv6 address text (with :: and an embedded IPv4 tail); undefined when malformed. */
export function ipv6Groups(s: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined;
  let text = s;
  const tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToNumber(v4[1]!);
    if (n === undefined) return undefined;
    tail.push(n >>> 16, n & 0xffff);
    text = text.slice(0, -v4[1]!.length); // keeps the ':' before the quad
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === '' ? [] : h.split(':'));
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const want = 8 - tail.length;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== want : given >= want) return undefined;
  const zeros = new Array<number>(want - given).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16)), ...tail];
}

/** Why an IPv4 address cannot be a host's address (RFC 1122 §3.2.1.3), or undefined when it can. */
export function ipv4Unusable(s: string): string | undefined {
  const n = ipv4ToNumber(s);
  if (n === undefined) return 'is not an IPv4 address';
  const first = n >>> 24;
  if (first === 0) return 'is unspecified (0.0.0.0/8)';
  if (first === 127) return 'is loopback (127.0.0.0/8)';
  if (n === 0xffffffff) return 'is the limited broadcast address';
  if (first >= 224 && first <= 239) return 'is multicast (224.0.0.0/4)';
  if (first >= 240) return 'is reserved (240.0.0.0/4)';
  return undefined;
}

/** Why an IPv6 address cannot be a host's address (RFC 4291), or undefined when it can. */
export function ipv6Unusable(s: string): string | undefined {
  const g = ipv6Groups(s);
  if (!g) return 'is not an IPv6 address';
  if (g.every((x) => x === 0)) return 'is unspecified (::)';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'is loopback (::1)';
  if ((g[0]! & 0xff00) === 0xff00) return 'is multicast (ff00::/8)';
  return undefined;
}

/** Result of {@link checkIpSettings}: settings safe to hand on (bad DNS servers and MTU dropped, with notes), or why not. */
export type IpSettingsCheck = { ok: true; settings: IpSettings; notes: string[] } | { ok: false; reason: string };

/**
 * Validates a modem's IP settings. Refused (ok false): an address that is not a host address,
 * a prefix outside 1–32 / 1–128, an IPv4 address that is the network or broadcast address of
 * its own prefix (prefix ≤ 30), a gateway that is not a host address. Dropped with a note: DNS
 * servers that are not host addresses, an MTU outside {@link MTU_RANGE}. Settings without an
 * address (nothing reported, e.g. DHCP will be used) pass with what is usable. Pure.
 */
export function checkIpSettings(s: IpSettings): IpSettingsCheck {
  const fam = s.family;
  const unusable = fam === 4 ? ipv4Unusable : ipv6Unusable;
  const notes: string[] = [];
  const out: IpSettings = { ...s, dns: [] };
  if (s.address !== undefined) {
    const why = unusable(s.address);
    if (why) return { ok: false, reason: `IPv${fam} address ${s.address} ${why}` };
    const max = fam === 4 ? 32 : 128;
    if (s.prefix !== undefined && !(Number.isInteger(s.prefix) && s.prefix >= 1 && s.prefix <= max)) {
      return { ok: false, reason: `IPv${fam} prefix length ${s.prefix} is outside 1–${max}` };
    }
    if (fam === 4 && s.prefix !== undefined && s.prefix <= 30) {
      const n = ipv4ToNumber(s.address)!;
      const host = n & (~0 >>> s.prefix);
      if (host === 0) return { ok: false, reason: `IPv4 address ${s.address}/${s.prefix} is the network address of its subnet` };
      if (host === ~0 >>> s.prefix) return { ok: false, reason: `IPv4 address ${s.address}/${s.prefix} is the broadcast address of its subnet` };
    }
  } else if (s.prefix !== undefined) {
    delete out.prefix;
  }
  if (s.gateway !== undefined) {
    const why = unusable(s.gateway);
    if (why) return { ok: false, reason: `IPv${fam} gateway ${s.gateway} ${why}` };
  }
  for (const d of s.dns) {
    const why = unusable(d);
    if (why) notes.push(`IPv${fam} DNS server ${d} ${why}: ignored`);
    else out.dns.push(d);
  }
  if (s.mtu !== undefined) {
    const [lo, hi] = MTU_RANGE[fam];
    if (!(Number.isInteger(s.mtu) && s.mtu >= lo && s.mtu <= hi)) {
      notes.push(`IPv${fam} MTU ${s.mtu} is outside ${lo}–${hi}: ignored`);
      delete out.mtu;
    }
  }
  return { ok: true, settings: out, notes };
}
