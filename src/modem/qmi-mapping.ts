// Pure mappings from QMI values to the Modem interface's words (SIM state, RAT, registration, call-end reasons).
import type { IpFamily, IpSettings, Rat, Registration, SignalInfo, SimStatus } from './modem';
import { signalBars } from './signal-bars';
import { ModemError } from './modem-errors';
import { sanitizeModemString } from './modem-strings';
import { prefixOfNetmask } from './ip-settings';
import { ApplicationState, CardState, PinState } from '../qmi/services/uim';
import { DmsPinStatus } from '../qmi/services/dms';
import { RadioInterface, RatModePreference, RegistrationState } from '../qmi/services/nas';
import { QmiTimeoutError, QmiTransportError } from '../qmi/errors';

/** Translates a QMI-layer error into a ModemError with a netifd code: transport loss → NO_DEVICE, a timeout → MODEM_UNRESPONSIVE, else `code`; ModemErrors and aborts pass unchanged. */
export function asModemError(e: unknown, code: ModemError['code'], what: string): Error {
  if (e instanceof ModemError) return e;
  if (e instanceof QmiTransportError) return new ModemError('NO_DEVICE', `${what}: ${e.message}`);
  if (e instanceof QmiTimeoutError) return new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.message}`);
  if (e instanceof Error && e.name.includes('Abort')) return e;
  return new ModemError(code, `${what}: ${(e as Error).message}`);
}

/** RAT of a NAS radio interface value (QmiNasRadioInterface). */
export function ratOf(radioInterface: number | undefined): Rat {
  switch (radioInterface) {
    case RadioInterface.gsm: return 'gsm';
    case RadioInterface.umts: return 'umts';
    case RadioInterface.lte: return 'lte';
    case RadioInterface.nr5g: return 'nr5g';
    case RadioInterface.cdma1x: return 'cdma';
    case RadioInterface.cdma1xevdo: return 'evdo';
    case RadioInterface.tdscdma: return 'tdscdma';
    default: return 'unknown';
  }
}

/** The best RAT of a serving-system radio interface list (5G over LTE over 3G over 2G). */
export function bestRat(list: number[]): Rat {
  const order: Rat[] = ['nr5g', 'lte', 'tdscdma', 'umts', 'evdo', 'gsm', 'cdma'];
  const rats = list.map(ratOf);
  return order.find((r) => rats.includes(r)) ?? 'unknown';
}

/** NAS Set System Selection Preference mode bits for qmi.sh `modes` (all → undefined: leave as is). */
export function modeBits(modes: Rat[] | 'all' | undefined): number | undefined {
  if (!modes) return undefined;
  // As uqmi --set-network-modes: `cdma` is 1x and EVDO, `all` every mode (so a modem once set
  // to LTE-only gets all of them back instead of keeping its stored preference).
  const bits: Partial<Record<Rat, number>> = {
    gsm: RatModePreference.gsm, umts: RatModePreference.umts, lte: RatModePreference.lte, nr5g: RatModePreference.nr5g,
    cdma: RatModePreference.cdma1x | RatModePreference.cdma1xevdo, evdo: RatModePreference.cdma1xevdo, tdscdma: RatModePreference.tdscdma,
  };
  if (modes === 'all') return Object.values(bits).reduce((acc, b) => acc | (b ?? 0), 0);
  return modes.reduce((acc, m) => acc | (bits[m] ?? 0), 0);
}

/** Registration state word of a NAS registration state value. */
export function registrationStateOf(v: number): Registration['state'] {
  switch (v) {
    case RegistrationState.registered: return 'registered';
    case RegistrationState.searching: return 'searching';
    case RegistrationState.notRegistered: return 'not-registered';
    case RegistrationState.denied: return 'denied';
    default: return 'unknown';
  }
}

/** Formats an MNC with 2 or 3 digits (3 when the modem says it includes the PCS digit or it is ≥ 100). */
export function formatMnc(mnc: number, threeDigits: boolean | undefined): string {
  return String(mnc).padStart(threeDigits || mnc >= 100 ? 3 : 2, '0');
}

type CardStatusValue = {
  indexGwPrimary: number;
  cards: { cardState: number; upinState: number; upinRetries: number; upukRetries: number; applications: { type: number; state: number; upinReplacesPin1: boolean; pin1State: number; pin1Retries: number; puk1Retries: number }[] }[];
};

/** SIM status from UIM Get Card Status: the primary GW application (index high byte slot, low byte app). */
export function simStatusFromCard(cs: CardStatusValue): SimStatus {
  const slot = cs.indexGwPrimary === 0xffff ? 0 : cs.indexGwPrimary >> 8;
  const appIndex = cs.indexGwPrimary === 0xffff ? 0 : cs.indexGwPrimary & 0xff;
  const card = cs.cards[slot] ?? cs.cards[0];
  if (!card || card.cardState === CardState.absent) return { state: 'absent' };
  if (card.cardState === CardState.error) return { state: 'error' };
  const app = card.applications[appIndex] ?? card.applications[0];
  if (!app) return { state: 'initializing' };
  const pinState = app.upinReplacesPin1 ? card.upinState : app.pin1State;
  const pinRetries = app.upinReplacesPin1 ? card.upinRetries : app.pin1Retries;
  const pukRetries = app.upinReplacesPin1 ? card.upukRetries : app.puk1Retries;
  switch (app.state) {
    case ApplicationState.ready: return { state: 'ready', pinRetries, pukRetries };
    case ApplicationState.pin1OrUpinRequired: return { state: 'pin-required', pinRetries, pukRetries };
    case ApplicationState.puk1OrPukRequired: return { state: pukRetries === 0 ? 'blocked' : 'puk-required', pinRetries, pukRetries };
    case ApplicationState.pin1Blocked: return { state: 'blocked', pinRetries, pukRetries };
    case ApplicationState.illegal: return { state: 'error', pinRetries, pukRetries };
    default:
      if (pinState === PinState.permanentlyBlocked) return { state: 'blocked', pinRetries, pukRetries };
      return { state: 'initializing', pinRetries, pukRetries };
  }
}

/** SIM status from DMS UIM Get PIN Status PIN1 (legacy path, modems without UIM service). */
export function simStatusFromDmsPin(p: { status: number; verifyRetriesLeft: number; unblockRetriesLeft: number }): SimStatus {
  const r = { pinRetries: p.verifyRetriesLeft, pukRetries: p.unblockRetriesLeft };
  switch (p.status) {
    case DmsPinStatus.enabledNotVerified: return { state: 'pin-required', ...r };
    case DmsPinStatus.blocked: return { state: p.unblockRetriesLeft === 0 ? 'blocked' : 'puk-required', ...r };
    case DmsPinStatus.permanentlyBlocked: return { state: 'blocked', ...r };
    case DmsPinStatus.notInitialized: return { state: 'initializing', ...r };
    default: return { state: 'ready', ...r };
  }
}

/** Call-end reason names for the common codes (libqmi qmi-enums-wds.h; libqmi QmiWdsCallEndReason). */
const CALL_END_REASONS: Record<number, string> = {
  1: 'unspecified', 2: 'client-end', 3: 'no-service', 4: 'fade', 5: 'release-normal', 6: 'access-attempt-in-progress',
  7: 'access-failure', 8: 'redirection-or-handoff', 9: 'close-in-progress', 10: 'authentication-failed', 11: 'internal-error',
  1002: 'gsm-wcdma-no-service', 1003: 'gsm-wcdma-network-end', 1005: 'gsm-wcdma-insufficient-resources',
  1008: 'gsm-wcdma-regular-deactivation', 1009: 'gsm-wcdma-network-failure', 1010: 'gsm-wcdma-reattach-required',
  1011: 'gsm-wcdma-protocol-error',
};

/** Verbose 3GPP reasons (type 6) and internal reasons (type 2), libqmi qmi-enums-wds.h. */
const VERBOSE_3GPP: Record<number, string> = {
  8: 'operator-determined-barring', 26: 'insufficient-resources', 27: 'unknown-apn', 28: 'unknown-pdp',
  29: 'authentication-failed', 30: 'ggsn-reject', 31: 'activation-reject', 32: 'option-not-supported',
  33: 'option-unsubscribed', 34: 'option-temporarily-out-of-order', 36: 'regular-deactivation', 38: 'network-failure',
  50: 'ipv4-only-allowed', 51: 'ipv6-only-allowed', 52: 'single-address-bearer-only', 55: 'multi-conn-to-same-pdn-not-allowed',
  111: 'protocol-error', 112: 'apn-type-conflict',
};
const VERBOSE_TYPES: Record<number, string> = { 1: 'mip', 2: 'internal', 3: 'call-manager', 6: '3gpp', 7: 'ppp', 8: 'ehrpd', 9: 'ipv6' };

/** A readable call-end reason, e.g. "3gpp: unknown-apn (27)" or "no-service (3)". */
export function describeCallEnd(reason?: number, verbose?: { type: number; reason: number }): string {
  if (verbose) {
    const t = VERBOSE_TYPES[verbose.type] ?? `type-${verbose.type}`;
    const name = verbose.type === 6 ? VERBOSE_3GPP[verbose.reason] : undefined;
    return `${t}: ${name ?? 'reason'} (${verbose.reason})`;
  }
  if (reason === undefined) return 'unknown';
  return `${CALL_END_REASONS[reason] ?? 'reason'} (${reason})`;
}

/** A Registration from NAS Get Serving System values (response or indication; libqmi qmi-service-nas.json). */
export function registrationOfServingSystem(v: { servingSystem: { registrationState: number; psAttachState: number; radioInterfaces: number[] }; roamingIndicator?: number;
  currentPlmn?: { mcc: number; mnc: number; description: string }; lac3gpp?: number; cid3gpp?: number; lteTac?: number;
  mncPcsDigitIncludeStatus?: { includesPcsDigit: boolean } }): Registration {
  const ss = v.servingSystem;
  return {
    state: registrationStateOf(ss.registrationState),
    roaming: v.roamingIndicator === 0,
    psAttached: ss.psAttachState === 1,
    rat: bestRat(ss.radioInterfaces),
    mcc: v.currentPlmn ? String(v.currentPlmn.mcc).padStart(3, '0') : undefined,
    mnc: v.currentPlmn ? formatMnc(v.currentPlmn.mnc, v.mncPcsDigitIncludeStatus?.includesPcsDigit) : undefined,
    operator: sanitizeModemString(v.currentPlmn?.description),
    lac: v.lac3gpp, cellId: v.cid3gpp, tac: v.lteTac,
  };
}

/** SignalInfo from NAS Get Signal Info values (RSRP/RSSI dBm, RSRQ dB, SNR in 0.1 dB → dB; -32768 = not available). */
export function signalOfInfo(v: { gsm?: number; wcdma?: { rssi: number }; lte?: { rssi: number; rsrq: number; rsrp: number; snr: number }; nr5g?: { rsrp: number; snr: number }; nr5gExtended?: number }): SignalInfo {
  if (v.nr5g && v.nr5g.rsrp !== -32768) {
    const snr = v.nr5g.snr === -32768 ? undefined : v.nr5g.snr / 10;
    const rsrq = v.nr5gExtended !== undefined && v.nr5gExtended !== -32768 ? v.nr5gExtended : undefined;
    return { rat: 'nr5g', rsrp: v.nr5g.rsrp, snr, rsrq, rssi: v.lte?.rssi, bars: signalBars('nr5g', undefined, v.nr5g.rsrp) };
  }
  if (v.lte) return { rat: 'lte', rssi: v.lte.rssi, rsrq: v.lte.rsrq, rsrp: v.lte.rsrp, snr: v.lte.snr / 10, bars: signalBars('lte', v.lte.rssi, v.lte.rsrp) };
  if (v.wcdma) return { rat: 'umts', rssi: v.wcdma.rssi, bars: signalBars('umts', v.wcdma.rssi) };
  if (v.gsm !== undefined) return { rat: 'gsm', rssi: v.gsm, bars: signalBars('gsm', v.gsm) };
  return { rat: 'unknown', bars: 0 };
}

/**
 * IpSettings of one family from WDS Get Current Settings values (libqmi qmi-service-wds.json).
 * Throws ModemError CALL_FAILED (data `netmask`) for a non-contiguous IPv4 netmask, which has no
 * prefix length (RFC 4632); the caller stops the call.
 */
export function settingsOfCurrent(r: {
  ipv4Address?: string; ipv4GatewaySubnetMask?: string; ipv4GatewayAddress?: string; ipv4PrimaryDnsAddress?: string; ipv4SecondaryDnsAddress?: string;
  ipv6Address?: { address: string; prefixLength: number }; ipv6GatewayAddress?: { address: string }; ipv6PrimaryDnsAddress?: string; ipv6SecondaryDnsAddress?: string; mtu?: number;
}, family: IpFamily): IpSettings {
  if (family === 6) {
    return {
      family, address: r.ipv6Address?.address, prefix: r.ipv6Address?.prefixLength, gateway: r.ipv6GatewayAddress?.address,
      dns: [r.ipv6PrimaryDnsAddress, r.ipv6SecondaryDnsAddress].filter((x): x is string => !!x), mtu: r.mtu,
    };
  }
  const prefix = r.ipv4GatewaySubnetMask ? prefixOfNetmask(r.ipv4GatewaySubnetMask) : undefined;
  if (r.ipv4GatewaySubnetMask && prefix === undefined) throw new ModemError('CALL_FAILED', `the modem reported a non-contiguous netmask ${r.ipv4GatewaySubnetMask}`, ['netmask']);
  return {
    family, address: r.ipv4Address, prefix,
    gateway: r.ipv4GatewayAddress, dns: [r.ipv4PrimaryDnsAddress, r.ipv4SecondaryDnsAddress].filter((x): x is string => !!x), mtu: r.mtu,
  };
}
