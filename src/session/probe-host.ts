// Validation of watchdog probe targets and network device names before they reach an argv (pure).
import { ipFamily } from '../util/ip';

/** Longest DNS name (RFC 1035 §2.3.4, without the trailing dot). */
const MAX_HOSTNAME = 253;
/** One DNS label: letters, digits, '-' inside (RFC 1123 §2.1 host names). */
const LABEL_RE = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** Linux IFNAMSIZ is 16 including the NUL; names are letters, digits and `_.-` in practice. */
const IFNAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

/**
 * Why `host` is not a valid probe target, or undefined when it is one: an IPv4 address, an
 * IPv6 address (no zone, no brackets), or an RFC 1123 host name (dot-separated labels of letters,
 * digits and inner `-`, ≤ 253 characters). Anything starting with `-` is refused, so a host can
 * never be read as an option by `ping`.
 */
export function probeHostProblem(host: string): string | undefined {
  if (host === '') return 'empty host';
  if (host.startsWith('-')) return 'must not start with -';
  if (host.includes('%')) return 'no IPv6 zone (%) allowed';
  if (ipFamily(host) !== 0) return undefined;
  if (host.length > MAX_HOSTNAME) return `longer than ${MAX_HOSTNAME} characters`;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (!name.split('.').every((l) => LABEL_RE.test(l))) return 'expected an IPv4/IPv6 address or a host name (letters, digits, - and .)';
  if (/^[0-9.]+$/.test(name)) return 'not a valid IPv4 address';
  return undefined;
}

/** True when `host` is a valid probe target (see probeHostProblem). */
export function isValidProbeHost(host: string): boolean {
  return probeHostProblem(host) === undefined;
}

/** True when `ifname` is a plausible Linux network device name (≤ 15 chars, not starting with `-`). */
export function isValidIfname(ifname: string): boolean {
  return IFNAME_RE.test(ifname);
}
