// Validates the interface config netifd passes to the handler into a typed InterfaceConfig.
//
// Option names, types and defaults follow OpenWrt's qmi.sh (package/network/utils/uqmi/files/
// lib/netifd/proto/qmi.sh, read 2026-07 at openwrt/openwrt 748a5ce) and mbim.sh (umbim's
// proto handler, the version with allow_roaming/allow_partner/ipv6/dhcp "auto"), so a `proto qmi`
// or `proto mbim` interface moves over by changing only `proto`. Unknown keys are ignored: netifd
// also passes the generic interface attributes (proto, auto, ifname, device, dns, ...).

import { ConfigError } from './config-errors';
import { readBool, readBoolOrAuto, readInt, readList, readString, show, type RawConfig } from './config-values';
import { probeHostProblem } from '../session/probe-host';

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
  /** APN. Default: none (the modem's profile APN; qmi.sh passes --apn only when set). qmi.sh/mbim.sh `apn`. */
  readonly apn?: string;
  /** APN of the IPv6 session. Default: `apn`. qmi.sh `v6apn`. */
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
  /** Firewall zone for the child interfaces. Default: none — the daemon asks fw3 like qmi.sh (`fw3 -q network IFACE`). */
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
}

/**
 * Every uci option this module reads, in the order the handler declares them (the handler's
 * `dump` must declare each; `device` is qmi.sh's name for `wdmif`).
 */
export const CONFIG_OPTION_NAMES = [
  'wdmif', 'device', 'wwanif', 'apn', 'v6apn', 'auth', 'username', 'password', 'pincode', 'pdptype',
  'profile', 'v6profile', 'modes', 'plmn', 'allow_roaming', 'allow_partner', 'timeout', 'mtu', 'dhcp',
  'dhcpv6', 'ipv6', 'delay', 'autoconnect', 'zone', 'ip4table', 'ip6table', 'sourcefilter', 'delegate',
  'defaultroute', 'peerdns', 'metric', 'probe_host', 'probe_interval', 'probe_failures', 'atdevice',
  'reconnect_min', 'reconnect_max', 'registration_grace',
] as const;

/** Options that must never reach a log: secrets and personal info (CONVENTIONS 9). */
export const SECRET_OPTIONS = ['password', 'pincode', 'username'] as const satisfies readonly (keyof InterfaceConfig)[];

const AUTH_TYPES: ReadonlySet<string> = new Set<AuthType>(['none', 'pap', 'chap', 'both', 'mschapv2']);
const ALL_MODES: readonly NetworkMode[] = ['gsm', 'umts', 'lte', 'cdma', 'td-scdma', '5gnr'];
const IDENT_RE = /^[A-Za-z0-9_]+$/;
const TABLE_RE = /^[A-Za-z0-9_-]+$/;

/** Validation options. */
export interface ParseConfigOptions {
  /** Whose defaults to apply. Default `qmi4g`. */
  readonly flavor?: ConfigFlavor;
}

/**
 * Validates netifd's config for one interface (an object, or its JSON text) into an
 * InterfaceConfig. Values may be strings, numbers or booleans as netifd typed them; list options
 * may be arrays. Throws ConfigError naming the first invalid option (`(config)` when the whole
 * thing is not a JSON object).
 */
export function parseInterfaceConfig(input: unknown, options: ParseConfigOptions = {}): InterfaceConfig {
  const flavor = options.flavor ?? 'qmi4g';
  const raw = toRaw(input);

  const wdmif = readControlPort(raw);
  const wwanif = readIdent(raw, 'wwanif');
  const apn = readApn(raw, 'apn');
  const v6apn = readApn(raw, 'v6apn') ?? apn;
  const auth = readAuth(raw);
  const username = readString(raw, 'username', true);
  const password = readString(raw, 'password', true);
  const pincode = readPin(raw);
  const ipv6 = readBool(raw, 'ipv6') ?? true;
  const pdptype = ipv6 ? readPdpType(raw) ?? (flavor === 'mbim' ? 'ipv4v6' : 'ipv4') : 'ipv4';
  const profile = readInt(raw, 'profile', 1, 255);
  const v6profile = readInt(raw, 'v6profile', 1, 255) ?? profile;
  const modes = readModes(raw);
  const plmn = readPlmn(raw);
  const autoconnect = readBool(raw, 'autoconnect') ?? pdptype === 'ipv4';

  return dropUndefined({
    wdmif,
    wwanif,
    apn,
    v6apn,
    auth,
    username,
    password,
    pincode,
    pdptype,
    profile,
    v6profile,
    modes,
    plmn,
    allow_roaming: readBool(raw, 'allow_roaming') ?? flavor === 'qmi4g',
    allow_partner: readBool(raw, 'allow_partner') ?? false,
    timeout: readInt(raw, 'timeout', 0, 86400, ' s') ?? 10,
    mtu: readInt(raw, 'mtu', 68, 65535, ' bytes'),
    dhcp: readBoolOrAuto(raw, 'dhcp') ?? (flavor === 'mbim' ? 'auto' : true),
    dhcpv6: readBoolOrAuto(raw, 'dhcpv6') ?? (flavor === 'mbim' ? 'auto' : false),
    ipv6,
    delay: readInt(raw, 'delay', 0, 3600, ' s') ?? 0,
    autoconnect,
    defaultroute: readBool(raw, 'defaultroute') ?? true,
    peerdns: readBool(raw, 'peerdns') ?? true,
    metric: readInt(raw, 'metric', 0, 0x7fffffff) ?? 0,
    zone: readIdent(raw, 'zone', /^[A-Za-z0-9_-]+$/),
    ip4table: readIdent(raw, 'ip4table', TABLE_RE),
    ip6table: readIdent(raw, 'ip6table', TABLE_RE),
    sourcefilter: readBool(raw, 'sourcefilter') ?? true,
    delegate: readBool(raw, 'delegate') ?? true,
    probe_host: readProbeHosts(raw),
    probe_interval: readInt(raw, 'probe_interval', 5, 86400, ' s') ?? 60,
    probe_failures: readInt(raw, 'probe_failures', 1, 100) ?? 3,
    atdevice: readDevicePath(raw, 'atdevice'),
    ...readReconnect(raw),
    registration_grace: readInt(raw, 'registration_grace', 0, 3600, ' s') ?? 5,
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

/** `wdmif`, or qmi.sh's `device`; both set to different ports is an error. */
function readControlPort(raw: RawConfig): string {
  const wdmif = readString(raw, 'wdmif');
  const device = readString(raw, 'device');
  if (wdmif !== undefined && device !== undefined && wdmif !== device) {
    throw new ConfigError('device', `conflicts with wdmif ${show(wdmif)}; set only one`);
  }
  const port = wdmif ?? device;
  const key = wdmif !== undefined ? 'wdmif' : 'device';
  if (port === undefined) throw new ConfigError('wdmif', 'required: the control port, e.g. /dev/cdc-wdm0 (or set device)');
  if (!port.startsWith('/') || port.length > 255) throw new ConfigError(key, `expected an absolute device path like /dev/cdc-wdm0, got ${show(port)}`);
  return port;
}

function readIdent(raw: RawConfig, key: string, re = IDENT_RE): string | undefined {
  const v = readString(raw, key);
  if (v !== undefined && (!re.test(v) || v.length > 64)) throw new ConfigError(key, `invalid name ${show(v)}`);
  return v;
}

/**
 * APN: at most 100 characters of labels made of letters, digits, `-` and `_`, separated by dots
 * (3GPP TS 23.003 §9.1 allows letters, digits and `-`; `_` is tolerated as networks use it).
 */
function readApn(raw: RawConfig, key: string): string | undefined {
  const v = readString(raw, key);
  if (v === undefined) return undefined;
  if (v.length > 100 || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(v)) {
    throw new ConfigError(key, `invalid APN ${show(v)}: letters, digits, '-', '_' in dot-separated labels, at most 100`);
  }
  return v;
}

function readAuth(raw: RawConfig): AuthType | undefined {
  const v = readString(raw, 'auth')?.toLowerCase();
  if (v === undefined) return undefined;
  if (!AUTH_TYPES.has(v)) throw new ConfigError('auth', `expected none, pap, chap, both or mschapv2, got ${show(v)}`);
  return v as AuthType;
}

function readPin(raw: RawConfig): string | undefined {
  const v = readString(raw, 'pincode', true);
  if (v !== undefined && !/^\d{4,8}$/.test(v)) throw new ConfigError('pincode', 'expected 4 to 8 digits');
  return v;
}

/** qmi.sh lower-cases pdptype; `ip` and `ipv4` both mean IPv4. Unknown values are an error here. */
function readPdpType(raw: RawConfig): PdpType | undefined {
  const v = readString(raw, 'pdptype')?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'ip' || v === 'ipv4') return 'ipv4';
  if (v === 'ipv6' || v === 'ipv4v6') return v;
  throw new ConfigError('pdptype', `expected ip, ipv4, ipv6 or ipv4v6, got ${show(v)}`);
}

/** Comma list (or uci list) of modes; `all` means every mode; empty items are skipped as uqmi's strtok does. */
function readModes(raw: RawConfig): NetworkMode[] | undefined {
  const items = readList(raw, 'modes');
  if (items === undefined) return undefined;
  const words = items.flatMap((i) => i.split(',')).map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const out = new Set<NetworkMode>();
  for (const w of words) {
    if (w === 'all') ALL_MODES.forEach((m) => out.add(m));
    else if ((ALL_MODES as readonly string[]).includes(w)) out.add(w as NetworkMode);
    else throw new ConfigError('modes', `unknown mode ${show(w)}; expected all or a comma list of ${ALL_MODES.join(', ')}`);
  }
  return ALL_MODES.filter((m) => out.has(m));
}

/** `0`/`auto` = automatic; 5–6 digits = MCC (3) + MNC (rest), as qmi.sh splits `${plmn:0:3}`/`${plmn:3}`. */
function readPlmn(raw: RawConfig): PlmnSetting | undefined {
  const v = readString(raw, 'plmn');
  if (v === undefined) return undefined;
  if (v === '0' || v.toLowerCase() === 'auto') return 'auto';
  if (!/^\d{5,6}$/.test(v)) throw new ConfigError('plmn', `expected 0/auto or MCC+MNC as 5-6 digits, got ${show(v)}`);
  return { mcc: v.slice(0, 3), mnc: v.slice(3) };
}

/** Most watchdog targets per interface: each round probes all of them. */
const MAX_PROBE_HOSTS = 8;

/** `probe_host`: a uci list or one option (items may be space-separated, as netifd splits array options). */
function readProbeHosts(raw: RawConfig): string[] | undefined {
  const items = readList(raw, 'probe_host');
  if (items === undefined) return undefined;
  const hosts = items.flatMap((i) => i.split(/[ \t]+/)).filter((h) => h !== '');
  if (hosts.length === 0) return undefined;
  if (hosts.length > MAX_PROBE_HOSTS) throw new ConfigError('probe_host', `at most ${MAX_PROBE_HOSTS} hosts, got ${hosts.length}`);
  for (const h of hosts) {
    const problem = probeHostProblem(h);
    if (problem) throw new ConfigError('probe_host', `invalid host ${show(h)}: ${problem}`);
  }
  return hosts;
}

/** An absolute device path such as `/dev/ttyUSB2` (no NUL or line break: readString refuses those). */
function readDevicePath(raw: RawConfig, key: string): string | undefined {
  const v = readString(raw, key);
  if (v === undefined) return undefined;
  if (!v.startsWith('/') || v.length > 255) throw new ConfigError(key, `expected an absolute device path like /dev/ttyUSB2, got ${show(v)}`);
  return v;
}

/** `reconnect_min`/`reconnect_max` (seconds): the backoff floor and cap; the cap may not be below the floor. */
function readReconnect(raw: RawConfig): { reconnect_min: number; reconnect_max: number } {
  const min = readInt(raw, 'reconnect_min', 0, 3600, ' s') ?? 1;
  const max = readInt(raw, 'reconnect_max', 1, 86400, ' s') ?? Math.max(300, min);
  if (max < min) throw new ConfigError('reconnect_max', `must be at least reconnect_min (${min} s), got ${max}`);
  return { reconnect_min: min, reconnect_max: max };
}
