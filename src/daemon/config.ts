// Validates the interface config netifd passes to the handler into a typed InterfaceConfig.
//
// Driven by the option table (src/daemon/options.ts): every option is read as its row says (kind,
// range, pattern, default per flavour); what is left here is what one row cannot say — the
// `device` alias of `wdmif`, `ipv6 0` forcing IPv4, defaults taken from other options
// (v6apn, v6profile, autoconnect, reconnect_max) and the reconnect_min/max cross-check. Names,
// types and defaults follow OpenWrt's qmi.sh and mbim.sh (see options.ts), so a `proto qmi` or
// `proto mbim` interface moves over by changing only `proto`. Unknown keys are ignored: netifd
// also passes the generic interface attributes (proto, auto, ifname, device, dns, ...).

import { ConfigError } from './config-errors';
import { readBool, readBoolOrAuto, readInt, readList, readString, show, type RawConfig } from './config-values';
import { OPTIONS, defaultOf, optionSpec, type OptionSpec, type ValueKind } from './options';
import { probeHostProblem } from '../session/probe-host';
import { parseApnRule, type ApnRule } from '../apn/select';

export { ConfigError } from './config-errors';

/** Which handler's defaults apply: `qmi4g` keeps qmi.sh's, `mbim` keeps mbim.sh's. */
export type ConfigFlavor = 'qmi4g' | 'mbim';

/** PDP context type. qmi.sh spells IPv4 `ip`; `ipv4` is accepted as the same thing. */
export type PdpType = 'ipv4' | 'ipv6' | 'ipv4v6';

/** Authentication: uqmi `--auth-type` values; `mschapv2` only over MBIM (umbim connect). */
export type AuthType = 'none' | 'pap' | 'chap' | 'both' | 'mschapv2';

/** Radio access technologies for `modes` (uqmi --set-network-modes names, plus `5gnr`). */
export type NetworkMode = 'gsm' | 'umts' | 'lte' | 'cdma' | 'td-scdma' | '5gnr';

/** `plmn`: automatic selection, or a manual MCC (3 digits) + MNC (2–3 digits). */
export type PlmnSetting = 'auto' | { readonly mcc: string; readonly mnc: string };

/**
 * A validated interface config. Keys are the uci option names. "qmi.sh"/"mbim.sh" name the
 * option each one keeps; defaults are applied (the flavor picks qmi.sh's or mbim.sh's).
 */
export interface InterfaceConfig {
  /** Control port, e.g. `/dev/cdc-wdm0` (absolute path). Required. uci `wdmif`, or `device` as in qmi.sh/mbim.sh. */
  readonly wdmif: string;
  /** uci interface to bring up on the modem's network device (seed 000). Default: none — the daemon adds `<iface>_4`/`<iface>_6` children as qmi.sh does. */
  readonly wwanif?: string;
  /** APN. Default: none (the modem's profile APN; qmi.sh passes --apn only when set). `auto` = by the SIM's MCC/MNC (src/apn/select.ts). qmi.sh/mbim.sh `apn`. */
  readonly apn?: string;
  /** APN by ICCID prefix, first match wins, before `apn` (src/apn/select.ts). Default: none. Ours (VintageNetQMI only_iccid_prefixes). */
  readonly apn_by_iccid?: readonly ApnRule[];
  /** APN of the IPv6 session. Default: `apn` (with `apn auto` or `apn_by_iccid`: the chosen APN). qmi.sh `v6apn`. */
  readonly v6apn?: string;
  /** Authentication type. Default: none set — the modem's default (qmi.sh passes --auth-type only when set). qmi.sh/mbim.sh `auth`. */
  readonly auth?: AuthType;
  /** PPP user name (personal info: redacted in logs). qmi.sh/mbim.sh `username`. */
  readonly username?: string;
  /** PPP password (secret: redacted in logs). qmi.sh/mbim.sh `password`. */
  readonly password?: string;
  /** SIM PIN, 4–8 digits (secret: redacted in logs). Default: none. qmi.sh/mbim.sh `pincode`. */
  readonly pincode?: string;
  /** PDP type. Default: `ipv4` for qmi4g (qmi.sh: anything but ip/ipv6/ipv4v6 becomes ip), `ipv4v6` for mbim (mbim.sh). `ipv6 0` forces `ipv4`. qmi.sh/mbim.sh `pdptype`. */
  readonly pdptype: PdpType;
  /** Modem profile index (1–255) used to connect. Default: none. qmi.sh `profile`. */
  readonly profile?: number;
  /** Profile index of the IPv6 session. Default: `profile`. qmi.sh `v6profile`. */
  readonly v6profile?: number;
  /** Allowed radio technologies (`all` = every one). Default: none — leave the modem's setting. qmi.sh `modes` (uqmi --set-network-modes). */
  readonly modes?: readonly NetworkMode[];
  /** LTE bands the modem may use (E-UTRA band numbers, ascending). Default: none — leave the modem's setting. Ours. */
  readonly lte_band?: readonly number[];
  /** 5G NR bands the modem may use, SA and NSA (NR band numbers, ascending). Default: none — leave the modem's setting. Ours. */
  readonly nr5g_band?: readonly number[];
  /** Network selection. Default: none — leave the modem's setting. `0`/`auto` = automatic, else MCC+MNC. qmi.sh `plmn`. */
  readonly plmn?: PlmnSetting;
  /** Connect while roaming. Default: true for qmi4g (qmi.sh never checks), false for mbim (mbim.sh). mbim.sh `allow_roaming`. */
  readonly allow_roaming: boolean;
  /** Connect on a partner network. Default: false (mbim.sh). mbim.sh `allow_partner`. */
  readonly allow_partner: boolean;
  /** Seconds to wait for SIM and registration; 0 = no limit. Default: 10 (qmi.sh). qmi.sh `timeout`. */
  readonly timeout: number;
  /** MTU of the network device, bytes. Default: none — leave it (qmi4g) / the modem's (mbim.sh). qmi.sh/mbim.sh `mtu`. */
  readonly mtu?: number;
  /** IPv4 by DHCP (true) or the modem's static settings (false); `auto` = static when the modem reports an address (mbim.sh). Default: true (qmi.sh), `auto` (mbim). qmi.sh/mbim.sh `dhcp`. */
  readonly dhcp: boolean | 'auto';
  /** IPv6 by DHCPv6 (true) or the modem's static settings (false); `auto` as for dhcp. Default: false (qmi.sh: static unless dhcpv6 1), `auto` (mbim). qmi.sh/mbim.sh `dhcpv6`. */
  readonly dhcpv6: boolean | 'auto';
  /** IPv6 wanted at all; false forces pdptype ipv4. Default: true. mbim.sh `ipv6`. */
  readonly ipv6: boolean;
  /** Seconds to wait before starting. Default: 0. qmi.sh/mbim.sh `delay`. */
  readonly delay: number;
  /** Let the modem reconnect by itself (uqmi --autoconnect). Default: true for pdptype ipv4, else false (qmi.sh). qmi.sh `autoconnect`. */
  readonly autoconnect: boolean;
  /** Install a default route. Default: true. netifd common (proto_config_add_defaults). */
  readonly defaultroute: boolean;
  /** Use the DNS servers the network gives. Default: true. netifd common. */
  readonly peerdns: boolean;
  /** Route metric. Default: 0 (qmi.sh sets 0 when unset). netifd common. */
  readonly metric: number;
  /** Firewall zone for the child interfaces. Default: none here — at link-up the zone this interface is in (src/netifd/zone.ts, as qmi.sh asks `fw3 -q network IFACE`). */
  readonly zone?: string;
  /** Routing table for IPv4 (name or number). Default: none. netifd interface `ip4table`, copied to the DHCP child as qmi.sh does. */
  readonly ip4table?: string;
  /** Routing table for IPv6. Default: none. netifd interface `ip6table`. */
  readonly ip6table?: string;
  /** Source filtering on the DHCPv6 child. Default: true (qmi.sh passes only `0`). qmi.sh `sourcefilter`. */
  readonly sourcefilter: boolean;
  /** Delegate the IPv6 prefix on the DHCPv6 child. Default: true (qmi.sh passes only `0`). qmi.sh `delegate`. */
  readonly delegate: boolean;
  /** Connectivity watchdog targets (IPv4, IPv6 or host name), 1–8; pinged through the modem's device. Default: none — no watchdog. Ours. */
  readonly probe_host?: readonly string[];
  /** Seconds between watchdog rounds, ≥ 5. Default: 60. Ours. */
  readonly probe_interval: number;
  /** Failed watchdog rounds in a row before the connection is restarted, 1–100. Default: 3. Ours. */
  readonly probe_failures: number;
  /** The modem's AT port (absolute path, e.g. `/dev/ttyUSB2`) for the recovery ladder's AT reset and `ubus call qmi4g at`. Default: none. Ours. */
  readonly atdevice?: string;
  /** Shortest wait before reconnecting after a failure or a repeated drop, seconds (0–3600). Default: 1. Ours. */
  readonly reconnect_min: number;
  /** Longest wait between reconnect attempts (the backoff cap, ±20 % jitter), seconds (1–86400, ≥ reconnect_min). Default: 300. Ours. */
  readonly reconnect_max: number;
  /** Seconds a lost registration is tolerated while connected before reconnecting (0–3600). Default: 5. Ours. */
  readonly registration_grace: number;
  /** FCC unlock: `auto` (default), `0` never, or a method (src/modem/fcc-unlock.ts). Ours. */
  readonly fcc_auth: 'auto' | '0' | 'sierra' | 'foxconn' | 'foxconn-v2';
  /** `N` (foxconn value) or `STRING,N` (foxconn-v2 magic); secret. Default: none. Ours. */
  readonly fcc_auth_magic?: string;
}

/**
 * Every uci option the handlers declare one by one (proto_config_add_*), in table order; the
 * netifd defaults defaultroute, peerdns and metric come with proto_config_add_defaults.
 * `device` is qmi.sh's name for `wdmif`.
 */
export const CONFIG_OPTION_NAMES: readonly string[] = OPTIONS.filter((o) => !Object.values(o.handler).includes('defaults')).map((o) => o.name);

/** Options that must never reach a log: secrets and personal info (CONVENTIONS 9); the table marks them. */
export const SECRET_OPTIONS = OPTIONS.filter((o) => o.secret).map((o) => o.name) as readonly (keyof InterfaceConfig)[];

/** Validation options. */
export interface ParseConfigOptions {
  /** Whose defaults to apply. Default `qmi4g`. */
  readonly flavor?: ConfigFlavor;
}

/**
 * Validates netifd's config for one interface (an object, or its JSON text) into an
 * InterfaceConfig. Values may be strings, numbers or booleans as netifd typed them; list options
 * may be arrays. Throws ConfigError naming the first invalid option in table order (`(config)`
 * when the whole thing is not a JSON object).
 */
export function parseInterfaceConfig(input: unknown, options: ParseConfigOptions = {}): InterfaceConfig {
  const flavor = options.flavor ?? 'qmi4g';
  const raw = toRaw(input);
  const v: Record<string, unknown> = {};
  for (const o of OPTIONS) v[o.name] = readOption(raw, o, flavor);

  const ipv6 = v.ipv6 as boolean;
  const pdptype: PdpType = ipv6 ? (v.pdptype as PdpType) : 'ipv4';
  const reconnectMin = v.reconnect_min as number;
  const reconnectMax = readOption(raw, optionSpec('reconnect_max'), flavor, false) as number | undefined ?? Math.max(300, reconnectMin);
  if (reconnectMax < reconnectMin) throw new ConfigError('reconnect_max', `must be at least reconnect_min (${reconnectMin} s), got ${reconnectMax}`);

  return dropUndefined({
    wdmif: controlPort(v.wdmif as string | undefined, v.device as string | undefined),
    wwanif: v.wwanif as string | undefined,
    apn: v.apn as string | undefined,
    apn_by_iccid: v.apn_by_iccid as ApnRule[] | undefined,
    // With a per-SIM choice the IPv6 session follows the chosen APN unless v6apn is set (session).
    v6apn: (v.v6apn ?? (v.apn === 'auto' || v.apn_by_iccid ? undefined : v.apn)) as string | undefined,
    auth: v.auth as AuthType | undefined,
    username: v.username as string | undefined,
    password: v.password as string | undefined,
    pincode: v.pincode as string | undefined,
    pdptype,
    profile: v.profile as number | undefined,
    v6profile: (v.v6profile ?? v.profile) as number | undefined,
    modes: v.modes as NetworkMode[] | undefined,
    plmn: v.plmn as PlmnSetting | undefined,
    lte_band: v.lte_band as number[] | undefined,
    nr5g_band: v.nr5g_band as number[] | undefined,
    allow_roaming: v.allow_roaming as boolean,
    allow_partner: v.allow_partner as boolean,
    timeout: v.timeout as number,
    mtu: v.mtu as number | undefined,
    dhcp: v.dhcp as boolean | 'auto',
    dhcpv6: v.dhcpv6 as boolean | 'auto',
    ipv6,
    delay: v.delay as number,
    autoconnect: (v.autoconnect as boolean | undefined) ?? pdptype === 'ipv4',
    defaultroute: v.defaultroute as boolean,
    peerdns: v.peerdns as boolean,
    metric: v.metric as number,
    zone: v.zone as string | undefined,
    ip4table: v.ip4table as string | undefined,
    ip6table: v.ip6table as string | undefined,
    sourcefilter: v.sourcefilter as boolean,
    delegate: v.delegate as boolean,
    probe_host: v.probe_host as string[] | undefined,
    probe_interval: v.probe_interval as number,
    probe_failures: v.probe_failures as number,
    atdevice: v.atdevice as string | undefined,
    reconnect_min: reconnectMin,
    reconnect_max: reconnectMax,
    registration_grace: v.registration_grace as number,
    fcc_auth: v.fcc_auth as InterfaceConfig['fcc_auth'],
    fcc_auth_magic: v.fcc_auth_magic as string | undefined,
  });
}

/**
 * A copy of `cfg` safe to log: each set SECRET_OPTIONS value replaced by `'***'`.
 */
export function redactConfig(cfg: InterfaceConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...cfg };
  for (const key of SECRET_OPTIONS) if (out[key] !== undefined) out[key] = '***';
  return out;
}

/**
 * The value of option `o` as its row says, or its default for `flavor` (read the same way) when
 * unset (`withDefault` false: undefined then). Throws ConfigError naming the option.
 */
function readOption(raw: RawConfig, o: OptionSpec, flavor: ConfigFlavor, withDefault = true): unknown {
  const value = readKind(raw, o.name, o.value);
  if (value !== undefined || !withDefault) return value;
  const d = defaultOf(o, flavor);
  return d === undefined ? undefined : readKind({ [o.name]: d }, o.name, o.value);
}

function readKind(raw: RawConfig, key: string, k: ValueKind): unknown {
  switch (k.kind) {
    case 'text': return readString(raw, key, k.secret);
    case 'int': return readInt(raw, key, k.min, k.max, k.unit ? ` ${k.unit}` : '');
    case 'bool': return readBool(raw, key);
    case 'bool-auto': return readBoolOrAuto(raw, key);
    case 'choice': return readChoice(raw, key, k.values, k.aliases ?? {});
    case 'pattern': return readPattern(raw, key, k);
    case 'path': return readDevicePath(raw, key, k.example);
    case 'modes': return readModes(raw, key, k.values as readonly NetworkMode[]);
    case 'plmn': return readPlmn(raw, key);
    case 'hosts': return readProbeHosts(raw, key, k.maxHosts);
    case 'pattern-list': return readPatternList(raw, key, k);
    case 'bands': return readBands(raw, key, k.radio, k.values);
  }
}

function toRaw(input: unknown): RawConfig {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ConfigError('(config)', 'not valid JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('(config)', 'expected a JSON object of options');
  }
  return value as RawConfig;
}

function dropUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/** `wdmif`, or qmi.sh's `device`; both set to different ports is an error; one is required. */
function controlPort(wdmif: string | undefined, device: string | undefined): string {
  if (wdmif !== undefined && device !== undefined && wdmif !== device) {
    throw new ConfigError('device', `conflicts with wdmif ${show(wdmif)}; set only one`);
  }
  const port = wdmif ?? device;
  if (port === undefined) throw new ConfigError('wdmif', 'required: the control port, e.g. /dev/cdc-wdm0 (or set device)');
  return port;
}

/** Text matching the row's pattern and length; a secret's value is never shown. */
function readPattern(raw: RawConfig, key: string, k: Extract<ValueKind, { kind: 'pattern' }>): string | undefined {
  const v = readString(raw, key, k.secret);
  if (v === undefined) return undefined;
  if (v.length > k.max || !new RegExp(k.re).test(v)) throw new ConfigError(key, k.secret ? `expected ${k.expect}` : `expected ${k.expect}, got ${show(v)}`);
  return v;
}

/** One of `values`, case-insensitive; `aliases` map other spellings (qmi.sh's `ip` = ipv4). */
function readChoice(raw: RawConfig, key: string, values: readonly string[], aliases: Readonly<Record<string, string>>): string | undefined {
  const v = readString(raw, key)?.toLowerCase();
  if (v === undefined) return undefined;
  const value = aliases[v] ?? v;
  if (!values.includes(value)) throw new ConfigError(key, `expected ${[...Object.keys(aliases), ...values].join(', ')}, got ${show(v)}`);
  return value;
}

/** Comma list (or uci list) of modes; `all` means every mode; empty items are skipped as uqmi's strtok does. */
function readModes(raw: RawConfig, key: string, all: readonly NetworkMode[]): NetworkMode[] | undefined {
  const items = readList(raw, key);
  if (items === undefined) return undefined;
  const words = items.flatMap((i) => i.split(',')).map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const out = new Set<NetworkMode>();
  for (const w of words) {
    if (w === 'all') all.forEach((m) => out.add(m));
    else if ((all as readonly string[]).includes(w)) out.add(w as NetworkMode);
    else throw new ConfigError(key, `unknown mode ${show(w)}; expected all or a comma list of ${all.join(', ')}`);
  }
  return all.filter((m) => out.has(m));
}

/** `0`/`auto` = automatic; 5–6 digits = MCC (3) + MNC (rest), as qmi.sh splits `${plmn:0:3}`/`${plmn:3}`. */
function readPlmn(raw: RawConfig, key: string): PlmnSetting | undefined {
  const v = readString(raw, key);
  if (v === undefined) return undefined;
  if (v === '0' || v.toLowerCase() === 'auto') return 'auto';
  if (!/^\d{5,6}$/.test(v)) throw new ConfigError(key, `expected 0/auto or MCC+MNC as 5-6 digits, got ${show(v)}`);
  return { mcc: v.slice(0, 3), mnc: v.slice(3) };
}

/** `probe_host`: a uci list or one option (items may be space-separated, as netifd splits array options). */
function readProbeHosts(raw: RawConfig, key: string, maxHosts: number): string[] | undefined {
  const items = readList(raw, key);
  if (items === undefined) return undefined;
  const hosts = items.flatMap((i) => i.split(/[ \t]+/)).filter((h) => h !== '');
  if (hosts.length === 0) return undefined;
  if (hosts.length > maxHosts) throw new ConfigError(key, `at most ${maxHosts} hosts, got ${hosts.length}`);
  for (const h of hosts) {
    const problem = probeHostProblem(h);
    if (problem) throw new ConfigError(key, `invalid host ${show(h)}: ${problem}`);
  }
  return hosts;
}

/** A list of entries each matching the row's pattern; `apn_by_iccid` entries become ApnRules (parseApnRule). */
function readPatternList(raw: RawConfig, key: string, k: Extract<ValueKind, { kind: 'pattern-list' }>): unknown[] | undefined {
  const items = readList(raw, key)?.filter((i) => i.trim() !== '');
  if (items === undefined || items.length === 0) return undefined;
  if (items.length > k.maxItems) throw new ConfigError(key, `at most ${k.maxItems} entries, got ${items.length}`);
  const re = new RegExp(k.re);
  const isApn = (a: string) => { const apn = optionSpec('apn').value; return apn.kind === 'pattern' && a.length <= apn.max && new RegExp(apn.re).test(a); };
  return items.map((item, i) => {
    if (/[\0\n\r]/.test(item)) throw new ConfigError(key, `entry ${i} contains a NUL or line break`);
    const rule = key === 'apn_by_iccid' ? parseApnRule(item, isApn) : undefined;
    if (typeof rule === 'string') throw new ConfigError(key, `entry ${i} ${show(item)}: ${rule}`);
    if (item.length > k.max || !re.test(item)) throw new ConfigError(key, `entry ${i}: expected ${k.expect}, got ${show(item)}`);
    return rule ?? item;
  });
}

/**
 * `lte_band`/`nr5g_band`: a uci list or one option, items separated by blanks or commas; each a
 * decimal band number of `values` (`n78` is read as 78 for NR). Ascending, without duplicates;
 * an empty list is unset. An unknown band is CONFIG_INVALID naming the value.
 */
function readBands(raw: RawConfig, key: string, radio: 'lte' | 'nr5g', values: readonly number[]): number[] | undefined {
  const items = readList(raw, key);
  if (items === undefined) return undefined;
  const words = items.flatMap((i) => i.split(/[\s,]+/)).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const out = new Set<number>();
  for (const w of words) {
    const digits = radio === 'nr5g' ? w.replace(/^n/i, '') : w;
    const n = /^\d{1,3}$/.test(digits) ? Number(digits) : NaN;
    if (!values.includes(n)) throw new ConfigError(key, `unknown ${radio === 'lte' ? 'LTE' : '5G NR'} band ${show(w)}; expected ${radio === 'lte' ? 'E-UTRA band numbers such as 1, 3, 7, 20' : 'NR band numbers such as 1, 78, 258'}`);
    out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** An absolute device path such as `/dev/ttyUSB2` (no NUL or line break: readString refuses those). */
function readDevicePath(raw: RawConfig, key: string, example: string): string | undefined {
  const v = readString(raw, key);
  if (v === undefined) return undefined;
  if (!v.startsWith('/') || v.length > 255) throw new ConfigError(key, `expected an absolute device path like ${example}, got ${show(v)}`);
  return v;
}
