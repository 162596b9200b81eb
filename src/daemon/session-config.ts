// Maps a validated InterfaceConfig to what the session and the netifd link need (pure).
import type { Rat } from '../modem/modem';
import type { FccAuthConfig } from '../modem/fcc-unlock';
import type { MbimRadioPreferences } from '../modem/mbim-mapping';
import type { SessionConfig } from '../session/session-types';
import type { LinkConfig } from '../netifd/link';
import type { InterfaceConfig, NetworkMode } from './config';

const RAT_OF_MODE: Record<NetworkMode, Rat> = { gsm: 'gsm', umts: 'umts', lte: 'lte', cdma: 'cdma', 'td-scdma': 'tdscdma', '5gnr': 'nr5g' };

/** Session settings: times in ms; `timeout 0` = wait for registration without limit. `registrationGraceMs` overrides `registration_grace` (tests). */
export function toSessionConfig(c: InterfaceConfig, registrationGraceMs = c.registration_grace * 1000): SessionConfig {
  // allowPartner rides along for MbimModem (mbim.sh allow_partner); QMI ignores it.
  const radio: MbimRadioPreferences = {
    modes: c.modes ? (c.modes.length === 6 ? 'all' : c.modes.map((m) => RAT_OF_MODE[m])) : undefined,
    allowRoaming: c.allow_roaming,
    allowPartner: c.allow_partner,
    plmn: c.plmn === undefined ? undefined : c.plmn === 'auto' ? '' : `${c.plmn.mcc}${c.plmn.mnc}`,
    ...(c.lte_band ? { lteBands: [...c.lte_band] } : {}),
    ...(c.nr5g_band ? { nr5gBands: [...c.nr5g_band] } : {}),
  };
  return {
    device: c.wdmif,
    pdptype: c.pdptype,
    apn: c.apn,
    apnByIccid: c.apn_by_iccid,
    v6apn: c.v6apn,
    auth: c.auth === 'mschapv2' ? 'chap' : c.auth,
    username: c.username,
    password: c.password,
    pincode: c.pincode,
    profile: c.profile,
    v6profile: c.v6profile,
    radio,
    registrationTimeoutMs: c.timeout === 0 ? Infinity : c.timeout * 1000,
    delayMs: c.delay * 1000,
    registrationGraceMs,
    autoconnect: c.autoconnect,
    reconnectMinMs: c.reconnect_min * 1000,
    reconnectMaxMs: c.reconnect_max * 1000,
    fccAuth: fccAuthOf(c),
  };
}

/** uci `fcc_auth` + `fcc_auth_magic` ('N' = the foxconn value, 'STRING,N' = the foxconn-v2 magic) → FccAuthConfig (fcc-unlock.ts). */
export function fccAuthOf(c: Pick<InterfaceConfig, 'fcc_auth' | 'fcc_auth_magic'>): FccAuthConfig {
  const mode = c.fcc_auth === '0' ? 'off' : c.fcc_auth;
  const m = c.fcc_auth_magic;
  if (m === undefined) return { mode };
  const comma = m.lastIndexOf(',');
  if (comma < 0) return { mode, value: Number(m) };
  return { mode, magic: { string: m.slice(0, comma), number: Number(m.slice(comma + 1)) } };
}

/**
 * netifd link settings. `dhcp`/`dhcpv6` pass through with `auto`: the link resolves it when the
 * session is up (link.ts addressingOf — QMI: DHCP as before; MBIM: static when the modem
 * reported an address, as mbim.sh does).
 */
export function toLinkConfig(c: InterfaceConfig): LinkConfig {
  return {
    device: c.wdmif,
    wwanif: c.wwanif,
    dhcp: c.dhcp,
    dhcpv6: c.dhcpv6,
    mtu: c.mtu,
    defaultroute: c.defaultroute,
    peerdns: c.peerdns,
    metric: c.metric,
    zone: c.zone,
    ip4table: c.ip4table,
    ip6table: c.ip6table,
    sourcefilter: c.sourcefilter,
    delegate: c.delegate,
  };
}
