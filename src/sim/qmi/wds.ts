// Simulator handlers for WDS (0x01): start/stop network, packet service status, settings, statistics.
import {
  ConnectionStatus, GetCurrentSettings, GetPacketServiceStatus, GetPacketStatistics, RequestedSettings, SetIpFamily, StartNetwork, StopNetwork,
} from '../../qmi/services/wds';
import { GetProfileSettings, ModifyProfile, PdpType, ProfileType } from '../../qmi/services/wds-profile';
import { IndicationOf, ResponseOf } from '../../qmi/message';
import type { PdpKind } from '../scenario';
import type { CallEnd, DataSession, ModemModel } from '../model';
import { ClientState, Route, route, SimError } from './context';

/** The model's session owner key for a WDS client. */
export function wdsOwner(cid: number): string { return `wds:${cid}`; }

/** The session a WDS client started, if it is up. */
export function sessionOf(model: ModemModel, client: ClientState): DataSession | undefined {
  return model.listSessions().find((s) => s.owner === wdsOwner(client.cid));
}

function endValues(end: CallEnd) {
  return {
    callEndReason: end.reason,
    ...(end.verboseType !== undefined ? { verboseCallEndReason: { type: end.verboseType, reason: end.verboseReason ?? 0 } } : {}),
  };
}

/** Packet Service Status indication values for a session going up or down (libqmi qmi-service-wds.json: Packet Service Status). */
export function packetServiceStatusValues(session: DataSession, connected: boolean, end?: CallEnd): IndicationOf<typeof GetPacketServiceStatus> {
  return {
    connectionStatus: { status: connected ? ConnectionStatus.connected : ConnectionStatus.disconnected, reconfigurationRequired: false },
    ...(end && !connected ? endValues(end) : {}),
    ipFamily: session.family,
  };
}

function prefixToMask(prefix: number): string {
  const n = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

function currentSettings(s: DataSession, mask: number): ResponseOf<typeof GetCurrentSettings> {
  const out: ResponseOf<typeof GetCurrentSettings> = {};
  const has = (bit: number) => (mask & bit) !== 0;
  const ip = s.settings;
  if (has(RequestedSettings.pdpType)) out.pdpType = s.family === 6 ? 2 : 0;
  if (has(RequestedSettings.apnName)) out.apnName = s.apn;
  if (has(RequestedSettings.username) && s.username) out.username = s.username;
  if (has(RequestedSettings.authProtocol)) out.authentication = s.auth;
  if (has(RequestedSettings.mtu)) out.mtu = s.mtu;
  if (has(RequestedSettings.ipFamily)) out.ipFamily = s.family;
  if (s.family === 4) {
    if (has(RequestedSettings.ipAddress)) out.ipv4Address = ip.address;
    if (has(RequestedSettings.gatewayInfo)) { out.ipv4GatewayAddress = ip.gateway; out.ipv4GatewaySubnetMask = ip.netmask ?? prefixToMask(Math.min(32, ip.prefix)); }
    if (has(RequestedSettings.dnsAddress)) {
      if (ip.dns[0]) out.ipv4PrimaryDnsAddress = ip.dns[0];
      if (ip.dns[1]) out.ipv4SecondaryDnsAddress = ip.dns[1];
    }
  } else {
    if (has(RequestedSettings.ipAddress)) out.ipv6Address = { address: ip.address, prefixLength: ip.prefix };
    if (has(RequestedSettings.gatewayInfo)) out.ipv6GatewayAddress = { address: ip.gateway, prefixLength: ip.prefix };
    if (has(RequestedSettings.dnsAddress)) {
      if (ip.dns[0]) out.ipv6PrimaryDnsAddress = ip.dns[0];
      if (ip.dns[1]) out.ipv6SecondaryDnsAddress = ip.dns[1];
    }
  }
  return out;
}

/** The "any handle" of Stop Network (libqmi qmi-service-wds.json: Start Network / Stop Network). */
const ANY_HANDLE = 0xffffffff;

const PDP_KIND: Record<number, PdpKind> = { [PdpType.ipv4]: 'ipv4', [PdpType.ipv6]: 'ipv6', [PdpType.ipv4v6]: 'ipv4v6' };
const PDP_CODE: Record<PdpKind, number> = { ipv4: PdpType.ipv4, ipv6: PdpType.ipv6, ipv4v6: PdpType.ipv4v6 };
/** QmiWdsDsProfileError 0x0B: invalid profile number (libqmi qmi-enums-wds.h). */
const PROFILE_INVALID = 0x0b;

/** WDS routes. Source: libqmi qmi-service-wds.json (via src/qmi/services/wds.ts). */
export const wdsRoutes: Route[] = [
  route(SetIpFamily, (r, { client }) => {
    if (r.preference !== 4 && r.preference !== 6 && r.preference !== 8) return { error: SimError.InvalidIpFamilyPreference };
    client.ipFamily = r.preference === 6 ? 6 : 4;
    return { values: {} };
  }),
  route(StartNetwork, (r, { model, client }) => {
    if (sessionOf(model, client)) return { error: SimError.NoEffect };
    const pref = r.ipFamilyPreference;
    if (pref !== undefined && pref !== 4 && pref !== 6 && pref !== 8) return { error: SimError.InvalidIpFamilyPreference };
    const family = pref === 6 ? 6 : pref === 4 ? 4 : client.ipFamily;
    const res = model.startSession({ owner: wdsOwner(client.cid), apn: r.apn ?? '', family, auth: r.authenticationPreference, username: r.username, autoconnect: r.enableAutoconnect });
    if (!res.ok) return { error: SimError.CallFailed, values: endValues(res.end) };
    return { values: { packetDataHandle: res.session.handle } };
  }),
  route(StopNetwork, (r, { model, client }) => {
    if (r.disableAutoconnect) model.autoconnectDisabled++;
    const handle = r.packetDataHandle === ANY_HANDLE ? sessionOf(model, client)?.handle : r.packetDataHandle;
    if (handle !== undefined && model.stopSession(handle)) return { values: {} };
    if (handle === undefined || model.wasEnded(handle)) return { error: SimError.OutOfCall };
    return { error: SimError.InvalidHandle };
  }),
  route(GetProfileSettings, (r, { model }) => {
    const p = r.profileId.profileType === ProfileType.threeGpp ? model.profile(r.profileId.profileIndex) : undefined;
    if (!p) return { error: SimError.ExtendedInternal, values: { extendedErrorCode: PROFILE_INVALID } };
    return { values: { apnName: p.apn, pdpType: PDP_CODE[p.pdpType], profileName: '' } };
  }),
  route(ModifyProfile, (r, { model }) => {
    if (r.pdpType !== undefined && PDP_KIND[r.pdpType] === undefined) return { error: SimError.InvalidArgument };
    const ok = r.profileIdentifier.profileType === ProfileType.threeGpp
      && model.modifyProfile(r.profileIdentifier.profileIndex, { apn: r.apnName, pdpType: r.pdpType === undefined ? undefined : PDP_KIND[r.pdpType] });
    return ok ? { values: {} } : { error: SimError.ExtendedInternal, values: { extendedErrorCode: PROFILE_INVALID } };
  }),
  route(GetPacketServiceStatus, (_r, { model, client }) => ({
    values: { connectionStatus: sessionOf(model, client) ? ConnectionStatus.connected : ConnectionStatus.disconnected },
  })),
  route(GetCurrentSettings, (r, { model, client }) => {
    const s = sessionOf(model, client);
    return s ? { values: currentSettings(s, r.requestedSettings) } : { error: SimError.OutOfCall };
  }),
  route(GetPacketStatistics, (r, { model, client }) => {
    const s = sessionOf(model, client);
    const st = (s && model.stats(s.handle)) ?? { txPackets: 0, rxPackets: 0, txBytes: 0n, rxBytes: 0n };
    const has = (bit: number) => (r.mask & bit) !== 0;
    const e = model.radio.scenario.packetErrors;
    return {
      values: {
        ...(has(0x1) ? { txPacketsOk: st.txPackets } : {}),
        ...(has(0x2) ? { rxPacketsOk: st.rxPackets } : {}),
        ...(has(0x4) ? { txPacketsError: e.txErrors } : {}),
        ...(has(0x8) ? { rxPacketsError: e.rxErrors } : {}),
        ...(has(0x10) ? { txOverflows: e.txOverflows } : {}),
        ...(has(0x20) ? { rxOverflows: e.rxOverflows } : {}),
        ...(has(0x40) ? { txBytesOk: st.txBytes } : {}),
        ...(has(0x80) ? { rxBytesOk: st.rxBytes } : {}),
        ...(has(0x100) ? { txPacketsDropped: e.txDropped } : {}),
        ...(has(0x200) ? { rxPacketsDropped: e.rxDropped } : {}),
      },
    };
  }),
];
