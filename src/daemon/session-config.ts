// Maps a validated InterfaceConfig to what the session and the netifd link need (pure).
import type { Rat } from '../modem/modem';
import type { SessionConfig } from '../session/session-types';
import type { LinkConfig } from '../netifd/link';
import type { InterfaceConfig, NetworkMode } from './config';

const RAT_OF_MODE: Record<NetworkMode, Rat> = { gsm: 'gsm', umts: 'umts', lte: 'lte', cdma: 'cdma', 'td-scdma': 'tdscdma', '5gnr': 'nr5g' };

/** Session settings: times in ms; `timeout 0` = wait for registration without limit. */
export function toSessionConfig(c: InterfaceConfig, registrationGraceMs = 5000): SessionConfig {
  return {
    device: c.wdmif,
    pdptype: c.pdptype,
    apn: c.apn,
    v6apn: c.v6apn,
    auth: c.auth === 'mschapv2' ? 'chap' : c.auth,
    username: c.username,
    password: c.password,
    pincode: c.pincode,
    profile: c.profile,
    v6profile: c.v6profile,
    radio: {
      modes: c.modes ? (c.modes.length === 6 ? 'all' : c.modes.map((m) => RAT_OF_MODE[m])) : undefined,
      allowRoaming: c.allow_roaming,
      plmn: c.plmn === undefined ? undefined : c.plmn === 'auto' ? '' : `${c.plmn.mcc}${c.plmn.mnc}`,
    },
    registrationTimeoutMs: c.timeout === 0 ? Infinity : c.timeout * 1000,
    delayMs: c.delay * 1000,
    registrationGraceMs,
    autoconnect: c.autoconnect,
  };
}

/** netifd link settings; `auto` DHCP (mbim.sh) is resolved to DHCP here, static when the modem is raw-IP. */
export function toLinkConfig(c: InterfaceConfig): LinkConfig {
  return {
    device: c.wdmif,
    wwanif: c.wwanif,
    dhcp: c.dhcp !== false,
    dhcpv6: c.dhcpv6 === true || c.dhcpv6 === 'auto',
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
