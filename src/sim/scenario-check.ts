// The checks every scenario key goes through (type, range, pattern, unknown keys → ScenarioError
// naming the key), and the resolvers of small keys: identity.mncLength, data.acceptApns, `hostile`.
import type { IpSettings } from './scenario';

/** A scenario key has a wrong type or value; `key` is its dotted path (e.g. `sim.pinRetries`). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly key: string, reason: string) { super(`scenario: ${key}: ${reason}`); }
}

/** A JSON object of the scenario. */
export type Obj = Record<string, unknown>;

/** Is `v` a JSON object (not null, not an array)? */
export function isObj(v: unknown): v is Obj { return typeof v === 'object' && v !== null && !Array.isArray(v); }

/** Throws ScenarioError for the first key of `o` not in `allowed` (`at`: the dotted path of `o`). */
export function checkKeys(o: Obj, allowed: string[], at: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new ScenarioError(at ? `${at}.${k}` : k, `unknown key (allowed: ${allowed.join(', ')})`);
}

/** `v` as an object, undefined when absent; anything else throws ScenarioError. */
export function obj(v: unknown, key: string): Obj | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new ScenarioError(key, 'must be an object');
  return v;
}

/** `v` as a number in min..max (an integer unless `integer` is false), `dflt` when absent; else ScenarioError. */
export function num(v: unknown, key: string, dflt: number, min = -Infinity, max = Infinity, integer = true): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new ScenarioError(key, `must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** `v` as a string (matching `pattern`), `dflt` when absent; else ScenarioError. */
export function str(v: unknown, key: string, dflt: string, pattern?: RegExp): string {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || (pattern && !pattern.test(v))) throw new ScenarioError(key, `must be a string${pattern ? ` matching ${pattern}` : ''}, got ${JSON.stringify(v)}`);
  return v;
}

/** `v` as a boolean, `dflt` when absent; else ScenarioError. */
export function bool(v: unknown, key: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ScenarioError(key, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** `v` as one of `values`, `dflt` when absent; else ScenarioError. */
export function oneOf<T extends string>(v: unknown, key: string, dflt: T, values: readonly T[]): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !values.includes(v as T)) throw new ScenarioError(key, `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-fA-F:]+$/;

/** `v` as the IPv4/IPv6 settings of a data session (address, prefix, gateway, dns, netmask), `dflt` when absent; else ScenarioError. */
export function ipSettings(v: unknown, key: string, dflt: IpSettings, family: 4 | 6): IpSettings {
  const o = obj(v, key);
  if (!o) return dflt;
  checkKeys(o, ['address', 'prefix', 'gateway', 'dns', 'netmask'], key);
  const re = family === 4 ? IPV4 : IPV6;
  const dns = o.dns === undefined ? dflt.dns : o.dns;
  if (!Array.isArray(dns) || dns.some((d) => typeof d !== 'string' || !re.test(d))) throw new ScenarioError(`${key}.dns`, 'must be a list of addresses');
  return {
    address: str(o.address, `${key}.address`, dflt.address, re),
    prefix: num(o.prefix, `${key}.prefix`, dflt.prefix, 0, 255),
    gateway: str(o.gateway, `${key}.gateway`, dflt.gateway, re),
    dns: dns as string[],
    ...(o.netmask !== undefined ? { netmask: str(o.netmask, `${key}.netmask`, '', IPV4) } : {}),
  };
}

/** `hostile.allocateCid`: CIDs a hostile modem hands out (0–255); checks the keys of `hostile`. */
export function hostileCids(v: unknown): number[] {
  const h = obj(v, 'hostile');
  if (!h) return [];
  checkKeys(h, ['allocateCid', 'truncateTlv', 'strayCtlReplies'], 'hostile');
  const list = h.allocateCid ?? [];
  if (!Array.isArray(list) || list.some((c) => !Number.isInteger(c) || c < 0 || c > 255)) throw new ScenarioError('hostile.allocateCid', 'must be a list of CIDs 0–255');
  return list as number[];
}

/** `hostile.truncateTlv`: TLVs of named messages the modem sends cut to `length` bytes. */
export function hostileTruncations(v: unknown): { message: string; tlv: number; length: number }[] {
  const h = obj(v, 'hostile');
  const list = h?.truncateTlv ?? [];
  if (!Array.isArray(list)) throw new ScenarioError('hostile.truncateTlv', 'must be a list of {message, tlv, length}');
  return list.map((t, i) => {
    const o = obj(t, `hostile.truncateTlv[${i}]`);
    if (!o) throw new ScenarioError(`hostile.truncateTlv[${i}]`, 'must be {message, tlv, length}');
    checkKeys(o, ['message', 'tlv', 'length'], `hostile.truncateTlv[${i}]`);
    return { message: str(o.message, `hostile.truncateTlv[${i}].message`, ''), tlv: num(o.tlv, `hostile.truncateTlv[${i}].tlv`, 0, 0, 255), length: num(o.length, `hostile.truncateTlv[${i}].length`, 0, 0, 65535) };
  });
}

/** `identity.mncLength`: 0 (no EF_AD), 2 or 3; `dflt` when absent. */
export function mncLengthOf(v: unknown, dflt: 0 | 2 | 3): 0 | 2 | 3 {
  const n = num(v, 'identity.mncLength', dflt, 0, 3);
  if (n === 1) throw new ScenarioError('identity.mncLength', 'must be 0 (no EF_AD), 2 or 3');
  return n as 0 | 2 | 3;
}

/** `data.acceptApns`: the only APNs the network accepts (undefined: any). */
export function acceptApns(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((a) => typeof a !== 'string')) throw new ScenarioError('data.acceptApns', 'must be a list of APNs');
  return [...v] as string[];
}
