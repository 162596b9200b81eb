// Pure mappings from MBIM Basic Connect values to the Modem interface's words (SIM, registration, RAT, signal, IP settings, errors).
import type { IpFamily, IpSettings, RadioPreferences, Rat, Registration, SignalInfo, SimStatus } from './modem';
import {
  MbimAuthProtocol, MbimContextIpType, MbimDataClass, MbimIPConfigurationAvailableFlag, MbimPacketServiceState, MbimPinState, MbimPinType,
  MbimRegisterState, MbimSubscriberReadyState,
} from '../mbim/services/basic-connect';
import { signalBars } from './signal-bars';
import { sanitizeRegistration } from './modem-strings';
import { ModemError } from './modem-errors';
import { MbimAbortedError, MbimFunctionError, MbimStatusError, MbimTimeoutError, MbimTransportError } from '../mbim/errors';

/**
 * RadioPreferences plus what only MBIM needs: mbim.sh's `allow_partner` (connect on a partner
 * network). Carried as an extension until RadioPreferences gains it (issue 5).
 */
export interface MbimRadioPreferences extends RadioPreferences {
  allowPartner?: boolean;
}

/** What a registration gate needs: the latest Register State and the policy (mbim.sh allow_roaming/allow_partner). */
export interface RoamingPolicy { allowRoaming: boolean; allowPartner: boolean }

/**
 * Why connecting must be refused on this registration, or undefined when it may go on.
 * mbim.sh connects on home (3) always, on roaming (4) only with allow_roaming 1, on partner (5)
 * only with allow_partner 1 (umbim `registration` exit codes 0/4/5).
 */
export function roamingRefusal(registerState: number, p: RoamingPolicy): string | undefined {
  if (registerState === MbimRegisterState.roaming && !p.allowRoaming) return 'registered on a roaming network but allow_roaming is 0';
  if (registerState === MbimRegisterState.partner && !p.allowPartner) return 'registered on a partner network but allow_partner is 0';
  return undefined;
}

/** RAT of MbimDataClass bits: the best one present (5G over LTE over 3G over 2G over CDMA). */
export function ratOfDataClass(bits: number): Rat {
  const D = MbimDataClass;
  if (bits & (D['5gNsa'] | D['5gSa'])) return 'nr5g';
  if (bits & D.lte) return 'lte';
  if (bits & (D.umts | D.hsdpa | D.hsupa)) return 'umts';
  if (bits & (D.gprs | D.edge)) return 'gsm';
  if (bits & (D['1xevdo'] | D['1xevdoRevA'] | D['1xevdoRevB'] | D['1xevdv'])) return 'evdo';
  if (bits & (D['1xrtt'] | D['3xrtt'])) return 'cdma';
  return 'unknown';
}

/** Register State values (response or notification) the mapping reads. */
export interface RegisterStateValues {
  nwError: number; registerState: number; availableDataClasses: number; providerId: string; providerName: string;
}

/** Registration state word of an MbimRegisterState: home, roaming and partner are registered. */
export function registrationStateOf(v: number): Registration['state'] {
  switch (v) {
    case MbimRegisterState.home: case MbimRegisterState.roaming: case MbimRegisterState.partner: return 'registered';
    case MbimRegisterState.searching: return 'searching';
    case MbimRegisterState.deregistered: return 'not-registered';
    case MbimRegisterState.denied: return 'denied';
    default: return 'unknown';
  }
}

/**
 * Registration from Register State (+ Packet Service state and highest data class when known).
 * `roaming` is true on roaming and partner networks; MCC/MNC come from the 5–6 digit ProviderId.
 */
export function toRegistration(r: RegisterStateValues, packet?: { packetServiceState: number; highestAvailableDataClass: number }): Registration {
  const id = /^\d{5,6}$/.test(r.providerId) ? r.providerId : undefined;
  const rat = ratOfDataClass(packet && packet.highestAvailableDataClass ? packet.highestAvailableDataClass : r.availableDataClasses);
  return sanitizeRegistration({
    state: registrationStateOf(r.registerState),
    roaming: r.registerState === MbimRegisterState.roaming || r.registerState === MbimRegisterState.partner,
    psAttached: packet?.packetServiceState === MbimPacketServiceState.attached,
    rat,
    mcc: id?.slice(0, 3),
    mnc: id?.slice(3),
    operator: r.providerName || undefined,
  });
}

/**
 * SIM status from Subscriber Ready Status ReadyState and, when it was asked, the PIN query
 * (Pin response: the PIN type in question, its state, attempts left). Some modems report
 * NotInitialized while the SIM waits for its PIN, so a locked PIN1/PUK1 wins over ReadyState 0;
 * a device lock with no PIN locked is the moment after a PIN was accepted: `initializing`.
 */
export function toSimStatus(readyState: number, pin?: { pinType: number; pinState: number; remainingAttempts: number }): SimStatus {
  const S = MbimSubscriberReadyState;
  const locked = pin && pin.pinState === MbimPinState.locked;
  if (locked && pin.pinType === MbimPinType.pin1) return { state: 'pin-required', pinRetries: pin.remainingAttempts };
  if (locked && pin.pinType === MbimPinType.puk1) return { state: pin.remainingAttempts === 0 ? 'blocked' : 'puk-required', pinRetries: 0, pukRetries: pin.remainingAttempts };
  switch (readyState) {
    case S.initialized: return { state: 'ready' };
    case S.notInitialized: case S.deviceLocked: return { state: 'initializing' };
    case S.simNotInserted: case S.noEsimProfile: return { state: 'absent' };
    default: return { state: 'error' };
  }
}

/** Does this ReadyState call for a PIN query to tell locked from initialising? */
export function needsPinQuery(readyState: number): boolean {
  return readyState === MbimSubscriberReadyState.deviceLocked || readyState === MbimSubscriberReadyState.notInitialized;
}

/** RSSI in dBm from the Signal State code: 0 → −113, 31 → −51 (dBm = −113 + 2·code), 99 unknown (3GPP TS 27.007 +CSQ). */
export function rssiDbm(code: number): number | undefined {
  if (code === 99 || code > 31) return undefined;
  return -113 + 2 * code;
}

/** SignalInfo from Signal State; the RAT comes from the latest registration. */
export function toSignal(v: { rssi: number }, rat: Rat): SignalInfo {
  const rssi = rssiDbm(v.rssi);
  return { rat, rssi, bars: signalBars(rat, rssi) };
}

/** Connect AuthProtocol of qmi.sh's `auth` word; `both` asks for CHAP (MBIM takes one protocol). Unset = none (umbim). */
export function authProtocolOf(auth: 'none' | 'pap' | 'chap' | 'both' | undefined): number {
  switch (auth) {
    case 'pap': return MbimAuthProtocol.pap;
    case 'chap': case 'both': return MbimAuthProtocol.chap;
    default: return MbimAuthProtocol.none;
  }
}

/** Does a granted MbimContextIpType carry this family? (IPv4v6 and IPv4-and-IPv6 carry both.) */
export function ipTypeCovers(ipType: number, family: IpFamily): boolean {
  if (ipType === MbimContextIpType.ipv4v6 || ipType === MbimContextIpType.ipv4AndIpv6) return true;
  return family === 4 ? ipType === MbimContextIpType.ipv4 : ipType === MbimContextIpType.ipv6;
}

/** IP Configuration values the mapping reads. */
export interface IpConfigurationValues {
  ipv4ConfigurationAvailable: number; ipv6ConfigurationAvailable: number;
  ipv4Address: { onLinkPrefixLength: number; ipv4Address: string }[]; ipv6Address: { onLinkPrefixLength: number; ipv6Address: string }[];
  ipv4Gateway?: string; ipv6Gateway?: string; ipv4DnsServer: string[]; ipv6DnsServer: string[]; ipv4Mtu: number; ipv6Mtu: number;
}

/** One family's IpSettings from IP Configuration: first address, gateway, DNS and MTU where the flags say available. */
export function toIpSettings(c: IpConfigurationValues, family: IpFamily): IpSettings {
  const F = MbimIPConfigurationAvailableFlag;
  const flags = family === 4 ? c.ipv4ConfigurationAvailable : c.ipv6ConfigurationAvailable;
  // Some modems leave the flags 0 and fill the fields anyway: a present value counts as available.
  const has = (bit: number, present: boolean) => present && (flags === 0 || (flags & bit) !== 0);
  const addr = family === 4 ? c.ipv4Address[0] : c.ipv6Address[0];
  const address = addr ? (family === 4 ? (addr as { ipv4Address: string }).ipv4Address : (addr as { ipv6Address: string }).ipv6Address) : undefined;
  const gateway = family === 4 ? c.ipv4Gateway : c.ipv6Gateway;
  const dns = family === 4 ? c.ipv4DnsServer : c.ipv6DnsServer;
  const mtu = family === 4 ? c.ipv4Mtu : c.ipv6Mtu;
  return {
    family,
    address: has(F.address, !!address) ? address : undefined,
    prefix: has(F.address, !!address) ? addr!.onLinkPrefixLength : undefined,
    gateway: has(F.gateway, !!gateway && gateway !== '0.0.0.0' && gateway !== '::') ? gateway : undefined,
    dns: has(F.dns, dns.length > 0) ? [...dns] : [],
    mtu: has(F.mtu, mtu > 0) ? mtu : undefined,
  };
}

/** 3GPP cause names for NwError (TS 24.008 §10.5.6.6 / libmbim MbimNwError), the ones a data session meets. */
const NW_ERRORS: Record<number, string> = {
  2: 'imsi-unknown-in-hlr', 3: 'illegal-ms', 6: 'illegal-me', 7: 'gprs-not-allowed', 8: 'gprs-and-non-gprs-not-allowed',
  11: 'plmn-not-allowed', 12: 'location-area-not-allowed', 13: 'roaming-not-allowed-in-location-area', 14: 'gprs-not-allowed-in-plmn',
  15: 'no-cells-in-location-area', 17: 'network-failure', 22: 'congestion', 26: 'insufficient-resources', 27: 'missing-or-unknown-apn',
  28: 'unknown-pdp-address-or-type', 29: 'user-authentication-failed', 30: 'activation-rejected-by-ggsn-or-gw',
  31: 'activation-rejected-unspecified', 32: 'service-option-not-supported', 33: 'requested-service-option-not-subscribed',
  34: 'service-option-temporarily-out-of-order', 36: 'regular-deactivation', 38: 'network-failure', 50: 'pdp-type-ipv4-only-allowed',
  51: 'pdp-type-ipv6-only-allowed', 55: 'multiple-pdn-connections-for-apn-not-allowed', 112: 'apn-type-conflict',
};

/** A readable NwError, e.g. "missing-or-unknown-apn (27)"; undefined for 0 (none). */
export function describeNwError(nwError: number | undefined): string | undefined {
  if (!nwError) return undefined;
  return `${NW_ERRORS[nwError] ?? 'nw-error'} (${nwError})`;
}

/** Translates an MBIM-layer error into a ModemError with a netifd code; aborts pass through. */
export function asModemError(e: unknown, code: ModemError['code'], what: string): Error {
  if (e instanceof ModemError || e instanceof MbimAbortedError) return e;
  if (e instanceof Error && e.name.includes('Abort')) return e;
  if (e instanceof MbimTransportError) return new ModemError('NO_DEVICE', `${what}: ${e.message}`);
  if (e instanceof MbimTimeoutError) return new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.message}`);
  if (e instanceof MbimFunctionError) return new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.message}`, [e.mbimName]);
  if (e instanceof MbimStatusError) return new ModemError(code, `${what}: ${e.mbimName}`, [e.mbimName]);
  return new ModemError(code, `${what}: ${(e as Error).message}`);
}
