// Simulator scenario: the JSON knobs describing one simulated modem, their defaults and validation.
import { DEFAULT_SMS, SmsScenario, resolveSmsScenario } from './sms-scenario';
import { FccLockScenario, ResolvedFccLock, ResolvedUsbComposition, UsbCompositionScenario, resolveFccLock, resolveUsbComposition } from './scenario-vendor';
import { BANDS_SCAN_KEYS, BandsScanScenario, DEFAULT_BANDS_SCAN, ResolvedBandsScan, resolveBandsScan } from './bands-scan-scenario';
import { DEFAULT_RADIO, ResolvedRadio as ResolvedCellRadio, resolveRadio } from './radio-scenario';
import { ScenarioError, acceptApns, bool, checkKeys, hostileCids, hostileTruncations, ipSettings, mncLengthOf, num, obj, oneOf, str } from './scenario-check';
import { DEFAULT_MBIM_KNOBS, MbimKnobs, ResolvedMbimKnobs, resolveMbimKnobs } from './mbim/knobs';

export { ScenarioError } from './scenario-check';

/** SIM lock states the simulator models. */
export type SimLockState = 'ready' | 'pin' | 'puk' | 'absent';
/** Radio access technologies the simulator can report. */
export type Rat = 'gsm' | 'umts' | 'lte' | 'nr5g';
/** How outgoing frames reach the reader: one per write (cdc-wdm), each split in two, or several in one write. */
export type DeliveryMode = 'whole' | 'split' | 'coalesced';

/** PDP type of a 3GPP profile. */
export type PdpKind = 'ipv4' | 'ipv6' | 'ipv4v6';

/** A network's answer to one APN: call-end reason (u16) and optional verbose type/reason (libqmi qmi-enums-wds.h). */
export interface ApnRejection { reason: number; verboseType?: number; verboseReason?: number }

/** IP settings the network hands out for one family; prefix in bits, dns as text addresses. */
/**
 * IP settings the simulated network hands out. `prefix` 0–255 and any MTU the wire can carry are
 * accepted so a hostile modem can be played; `netmask` (QMI IPv4 only) is sent as Get Current
 * Settings' subnet mask instead of the prefix's, e.g. a non-contiguous "255.0.255.0".
 */
export interface IpSettings { address: string; prefix: number; gateway: string; dns: string[]; netmask?: string }

/**
 * One simulated modem, as read from `--scenario FILE.json`. Every key is optional; times in ms,
 * signal in dBm (rssi, rsrp) and dB (rsrq, snr).
 */
export interface Scenario {
  /** Delay before each response is written, ms. */
  latencyMs?: number;
  /**
   * `msisdn` ('' = DMS Get MSISDN refused, MBIM no TelephoneNumbers), `meid` ('' = none), `mncLength`
   * the MNC length EF_AD holds (0: EF_AD not readable), `dmsImsi: false`: DMS UIM Get IMSI refused
   * (only UIM Read Transparent of EF_IMSI gives the IMSI), `spn` the service provider name in
   * EF_SPN ('' = no EF_SPN).
   */
  identity?: { manufacturer?: string; model?: string; revision?: string; imei?: string; iccid?: string; imsi?: string; msisdn?: string; meid?: string; mncLength?: 0 | 2 | 3; dmsImsi?: boolean; spn?: string };
  /** `initDelayMs`: the SIM reports "not initialised" for this long after start (MBIM Subscriber Ready Status, QMI card "detected"). */
  /**
   * `verifyErrors`: QMI error codes (e.g. 52 DeviceNotReady, 37 UimUninitialized) answered to the
   * first Verify PIN requests, one each, without consuming a try — what modems do while the card
   * is still busy. `uimVerifyPin: false`: UIM Verify PIN answers InvalidQmiCommand (71), only
   * DMS UIM Verify PIN works (modems without the UIM service's PIN commands).
   */
  sim?: { state?: SimLockState; pin?: string; puk?: string; pinRetries?: number; pukRetries?: number; initDelayMs?: number; verifyErrors?: number[]; uimVerifyPin?: boolean };
  registration?: {
    delayMs?: number; never?: boolean; denied?: boolean; roaming?: boolean;
    /**
     * Registration lost while online (registered → searching) keeps the data sessions up, as real
     * modems keep the bearer and the network the PDP context through a short loss (cell
     * reselection, a brief coverage gap), so a registration flap does not end the call. Default
     * false: leaving registered drops them. Going to low power, `denied` or not-registered always
     * ends them. (One knob for #11's kept call and #12's registration flood; `keepSessions` was
     * its second name.)
     */
    lossKeepsCalls?: boolean;
    /** PS attach state reported while registered: modems that attach on demand say `detached` or `unknown` (NAS Serving System). */
    psAttach?: 'attached' | 'detached' | 'unknown';
    mcc?: number; mnc?: number; mncDigits?: 2 | 3; operator?: string; rat?: Rat;
    /** Home network (the SIM's PLMN); defaults to the serving one unless roaming. */
    home?: { mcc: number; mnc: number; operator: string };
    lac?: number; cellId?: number; tac?: number;
  };
  /**
   * Radio conditions. `indicationsNeedConfig` (default true): a signal change is indicated (NAS
   * Signal Info) only to clients that sent NAS Config Signal Info, as Qualcomm firmware does.
   */
  signal?: { rssi?: number; rsrq?: number; rsrp?: number; snr?: number; indicationsNeedConfig?: boolean };
  /**
   * The modem's stored NAS system selection (what an earlier owner left in NV): mode preference
   * bits (QmiNasRatModePreference: 0x01 1x, 0x02 EVDO, 0x04 GSM, 0x08 UMTS, 0x10 LTE, 0x20
   * TD-SCDMA, 0x40 5G NR) and roaming preference (QmiNasRoamingPreference: 0x01 off, 0x02 not
   * off, 0x03 not flashing, 0xFF any). Default: every mode, any roaming.
   */
  selection?: { modePreference?: number; roamingPreference?: number };
  /**
   * The radio picture: serving cell, NR5G NSA/SA, neighbours, CA, network time, registration reject
   * (radio-scenario.ts); band preference, network scan and packet error counters (`bands`, `scan`,
   * `packetErrors`: bands-scan-scenario.ts).
   */
  radio?: BandsScanScenario & Record<string, unknown>;
  /** 3GPP profile 1 at power-on, the profile LTE attaches with (default: empty APN, IPv4v6). */
  profile?: { apn?: string; pdpType?: PdpKind };
  data?: {
    rejectApns?: Record<string, ApnRejection>;
    /** Only these APNs (case-insensitive) get a call; any other is refused with 3GPP cause 27 (missing or unknown APN). */
    acceptApns?: string[];
    /**
     * The network grants only the PDN the modem attached with (profile 1 at registration): a call
     * for another APN is refused with 3GPP cause 55 (multi-conn-to-same-pdn-not-allowed), an IPv6
     * call on an IPv4 attach with 50 (ipv4-only-allowed), IPv4 on IPv6 with 51.
     */
    singlePdn?: boolean;
    dropAfterMs?: number;
    /** Missing fields keep the defaults. */
    ipv4?: Partial<IpSettings>;
    /** null = the network offers no IPv6. */
    ipv6?: Partial<IpSettings> | null;
    mtu?: number;
  };
  /** Link-layer format at power-on. */
  dataFormat?: '802.3' | 'raw-ip';
  /**
   * Link-layer formats WDA/CTL Set Data Format may select (default both). A request for another
   * one succeeds but the response names the format kept — what raw-IP-only LTE-A/5G modules do,
   * and what OpenWrt qmi.sh checks with `--wda-get-data-format` after asking for 802.3.
   */
  dataFormats?: ('802.3' | 'raw-ip')[];
  operatingMode?: 'online' | 'low-power' | 'offline';
  /**
   * DMS Set Operating Mode reset (4) is refused with InvalidTransition (60) unless the modem is
   * offline first — what Qualcomm firmware does; libqmi/qmicli power-cycle with offline, then reset.
   */
  resetNeedsOffline?: boolean;
  /** The modem offers the WDA service (default true); without it the data format is set with CTL Set Data Format, as on older modems. */
  wda?: boolean;
  delivery?: { mode?: DeliveryMode; splitGapMs?: number; gapMs?: number };
  garbage?: { everyNthFrame: number; bytes: string };
  unresponsive?: boolean;
  /**
   * The modem answers no QMI request for this long after its port appears, ms (cold boot,
   * hotplug: the cdc-wdm node exists seconds before the firmware's QMI service runs).
   */
  silentForMs?: number;
  /** MBIM side (src/sim/mbim/knobs.ts): max transfer cap, partner networks, MBIMEx version, a wedged function. */
  mbim?: MbimKnobs;
  /** A hostile modem. `allocateCid`: the first Allocate CID responses carry these CIDs (e.g. 0, 255) instead of a real one. */
  hostile?: {
    allocateCid?: number[];
    /** QMI responses to `message` ("svc Name", e.g. "wds Get Current Settings") get TLV `tlv` cut to `length` bytes, e.g. a 3-byte DNS TLV 0x15. */
    truncateTlv?: { message: string; tlv: number; length: number }[];
    /** The first N CTL requests are each preceded by a stray reply with the same txn to another message (Release CID), as after a daemon restart. */
    strayCtlReplies?: number;
  };
  /** SMS store sizes, stored and incoming messages (src/sim/sms-scenario.ts). */
  sms?: unknown;
  /** The radio boots FCC-locked (laptop-SKU modems); see scenario-vendor.ts. */
  fccLock?: FccLockScenario;
  /** Sierra USB composition (QMI <-> MBIM); see scenario-vendor.ts. */
  usbComposition?: UsbCompositionScenario;
}

/** Scenario key `radio` resolved: the cell picture and the band/scan/error knobs. */
export type ResolvedRadio = ResolvedCellRadio & ResolvedBandsScan;

/** A scenario with every default filled in (what the model and responder read). */
export interface ResolvedScenario {
  latencyMs: number;
  identity: { manufacturer: string; model: string; revision: string; imei: string; iccid: string; imsi: string; msisdn: string; meid: string; mncLength: 0 | 2 | 3; dmsImsi: boolean; spn: string };
  sim: { state: SimLockState; pin: string; puk: string; pinRetries: number; pukRetries: number; initDelayMs: number; verifyErrors: number[]; uimVerifyPin: boolean };
  registration: {
    delayMs: number; never: boolean; denied: boolean; roaming: boolean;
    psAttach: 'attached' | 'detached' | 'unknown';
    lossKeepsCalls: boolean;
    mcc: number; mnc: number; mncDigits: 2 | 3; operator: string; rat: Rat;
    home: { mcc: number; mnc: number; operator: string };
    lac: number; cellId: number; tac: number;
  };
  signal: { rssi: number; rsrq: number; rsrp: number; snr: number; indicationsNeedConfig: boolean };
  selection: { modePreference: number; roamingPreference: number };
  radio: ResolvedRadio;
  profile: { apn: string; pdpType: PdpKind };
  data: { rejectApns: Record<string, ApnRejection>; acceptApns: string[] | undefined; singlePdn: boolean; dropAfterMs: number | undefined; ipv4: IpSettings; ipv6: IpSettings | undefined; mtu: number };
  dataFormat: '802.3' | 'raw-ip';
  dataFormats: ('802.3' | 'raw-ip')[];
  operatingMode: 'online' | 'low-power' | 'offline';
  resetNeedsOffline: boolean;
  wda: boolean;
  delivery: { mode: DeliveryMode; splitGapMs: number; gapMs: number };
  garbage: { everyNthFrame: number; bytes: Buffer } | undefined;
  unresponsive: boolean;
  silentForMs: number;
  /** `maxTransfer` undefined = use the host's OPEN value. */
  mbim: ResolvedMbimKnobs;
  hostile: { allocateCid: number[]; truncateTlv: { message: string; tlv: number; length: number }[]; strayCtlReplies: number };
  sms: SmsScenario;
  /** undefined = the radio is not locked. */
  fccLock?: ResolvedFccLock;
  /** undefined = no Sierra USB composition messages. */
  usbComposition?: ResolvedUsbComposition;
}

/** The defaults: an LTE modem on a German operator (Telekom, 262-01), SIM ready, registered after 200 ms. */
export const DEFAULT_SCENARIO: ResolvedScenario = Object.freeze({
  latencyMs: 0,
  identity: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A08M4G', imei: '867962041234567', iccid: '89490200001234567890', imsi: '262011234567890', msisdn: '', meid: '', mncLength: 2, dmsImsi: true, spn: '' },
  sim: { state: 'ready', pin: '1234', puk: '12345678', pinRetries: 3, pukRetries: 10, initDelayMs: 0, verifyErrors: [], uimVerifyPin: true },
  registration: {
    delayMs: 200, never: false, denied: false, roaming: false, psAttach: 'attached', lossKeepsCalls: false, mcc: 262, mnc: 1, mncDigits: 2, operator: 'Telekom.de', rat: 'lte',
    home: { mcc: 262, mnc: 1, operator: 'Telekom.de' }, lac: 0xfffe, cellId: 0x1a2b3c4, tac: 0x4e21,
  },
  signal: { rssi: -67, rsrq: -9, rsrp: -95, snr: 12.4, indicationsNeedConfig: true },
  selection: { modePreference: 0x7f, roamingPreference: 0xff },
  radio: { ...DEFAULT_RADIO, ...DEFAULT_BANDS_SCAN },
  profile: { apn: '', pdpType: 'ipv4v6' },
  data: {
    rejectApns: {}, acceptApns: undefined, singlePdn: false, dropAfterMs: undefined,
    ipv4: { address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.74.210.210', '10.74.210.211'] },
    ipv6: { address: '2a01:598:a1:b2c3::1', prefix: 64, gateway: '2a01:598:a1:b2c3::2', dns: ['2a01:598:7ff:0:10:74:210:221', '2a01:598:7ff:0:10:74:210:222'] },
    mtu: 1500,
  },
  dataFormat: 'raw-ip',
  dataFormats: ['802.3', 'raw-ip'],
  operatingMode: 'online',
  resetNeedsOffline: false,
  wda: true,
  delivery: { mode: 'whole', splitGapMs: 20, gapMs: 2 },
  garbage: undefined,
  unresponsive: false,
  silentForMs: 0,
  mbim: DEFAULT_MBIM_KNOBS,
  hostile: { allocateCid: [], truncateTlv: [], strayCtlReplies: 0 },
  sms: DEFAULT_SMS,
}) as ResolvedScenario;

type Format = '802.3' | 'raw-ip';

/** `dataFormat` and `dataFormats` together: the initial format must be one the modem supports (default: the first listed). */
function formats(listIn: unknown, initialIn: unknown, d: ResolvedScenario): { dataFormat: Format; dataFormats: Format[] } {
  if (listIn !== undefined && (!Array.isArray(listIn) || listIn.length === 0 || listIn.some((f) => f !== '802.3' && f !== 'raw-ip'))) {
    throw new ScenarioError('dataFormats', `must be a non-empty list of '802.3', 'raw-ip', got ${JSON.stringify(listIn)}`);
  }
  const dataFormats = listIn === undefined ? [...d.dataFormats] : [...new Set(listIn as Format[])];
  const dflt = dataFormats.includes(d.dataFormat) ? d.dataFormat : dataFormats[0];
  const dataFormat = oneOf(initialIn, 'dataFormat', dflt, ['802.3', 'raw-ip'] as const);
  if (!dataFormats.includes(dataFormat)) throw new ScenarioError('dataFormats', `must include dataFormat ${dataFormat}`);
  return { dataFormat, dataFormats };
}

/**
 * Validates a parsed scenario JSON and fills in the defaults. Throws ScenarioError naming the
 * first bad key (unknown keys are errors too, so a typo never silently does nothing).
 */
export function resolveScenario(input: unknown = {}): ResolvedScenario {
  const d = DEFAULT_SCENARIO;
  const s = obj(input, 'scenario') ?? {};
  checkKeys(s, ['latencyMs', 'identity', 'sim', 'registration', 'signal', 'selection', 'profile', 'data', 'dataFormat', 'dataFormats', 'operatingMode', 'resetNeedsOffline', 'wda', 'delivery', 'garbage', 'unresponsive', 'silentForMs', 'mbim', 'hostile', 'sms', 'fccLock', 'usbComposition', 'radio'], '');
  const id = obj(s.identity, 'identity') ?? {};
  checkKeys(id, ['manufacturer', 'model', 'revision', 'imei', 'iccid', 'imsi', 'msisdn', 'meid', 'mncLength', 'dmsImsi', 'spn'], 'identity');
  const sim = obj(s.sim, 'sim') ?? {};
  checkKeys(sim, ['state', 'pin', 'puk', 'pinRetries', 'pukRetries', 'initDelayMs', 'verifyErrors', 'uimVerifyPin'], 'sim');
  if (sim.verifyErrors !== undefined && (!Array.isArray(sim.verifyErrors) || sim.verifyErrors.some((c) => !Number.isInteger(c) || c < 1 || c > 0xffff))) {
    throw new ScenarioError('sim.verifyErrors', 'must be a list of QMI error codes (1..65535)');
  }
  const reg = obj(s.registration, 'registration') ?? {};
  if (reg.keepSessions !== undefined) throw new ScenarioError('registration.keepSessions', 'is now registration.lossKeepsCalls (one knob for a call kept through a registration loss)');
  checkKeys(reg, ['delayMs', 'never', 'denied', 'roaming', 'psAttach', 'lossKeepsCalls', 'mcc', 'mnc', 'mncDigits', 'operator', 'rat', 'home', 'lac', 'cellId', 'tac'], 'registration');
  const sig = obj(s.signal, 'signal') ?? {};
  checkKeys(sig, ['rssi', 'rsrq', 'rsrp', 'snr', 'indicationsNeedConfig'], 'signal');
  const data = obj(s.data, 'data') ?? {};
  const sel = obj(s.selection, 'selection') ?? {};
  checkKeys(sel, ['modePreference', 'roamingPreference'], 'selection');
  const prof = obj(s.profile, 'profile') ?? {};
  checkKeys(prof, ['apn', 'pdpType'], 'profile');
  checkKeys(data, ['rejectApns', 'acceptApns', 'singlePdn', 'dropAfterMs', 'ipv4', 'ipv6', 'mtu'], 'data');
  const del = obj(s.delivery, 'delivery') ?? {};
  checkKeys(del, ['mode', 'splitGapMs', 'gapMs'], 'delivery');

  // Scenario key `radio` holds two sets of knobs: the cell picture (radio-scenario.ts) and the band/scan/error ones (bands-scan-scenario.ts).
  const radioIn = obj(s.radio, 'radio') ?? {};
  const pick = (keep: boolean) => Object.fromEntries(Object.entries(radioIn).filter(([k]) => (BANDS_SCAN_KEYS as readonly string[]).includes(k) === keep));
  const radio: ResolvedRadio = {
    ...resolveRadio(pick(false), (reg.rat as string | undefined) ?? d.registration.rat),
    ...resolveBandsScan(pick(true), (key, reason) => { throw new ScenarioError(key, reason); }),
  };
  const mcc = num(reg.mcc, 'registration.mcc', d.registration.mcc, 1, 999);
  const mnc = num(reg.mnc, 'registration.mnc', d.registration.mnc, 0, 999);
  const operator = str(reg.operator, 'registration.operator', d.registration.operator);
  const roaming = bool(reg.roaming, 'registration.roaming', d.registration.roaming);
  const homeIn = obj(reg.home, 'registration.home');
  if (homeIn) checkKeys(homeIn, ['mcc', 'mnc', 'operator'], 'registration.home');
  const home = homeIn
    ? { mcc: num(homeIn.mcc, 'registration.home.mcc', mcc, 1, 999), mnc: num(homeIn.mnc, 'registration.home.mnc', mnc, 0, 999), operator: str(homeIn.operator, 'registration.home.operator', operator) }
    : { mcc, mnc, operator };

  const rejectIn = obj(data.rejectApns, 'data.rejectApns') ?? {};
  const rejectApns: Record<string, ApnRejection> = {};
  for (const [apn, r] of Object.entries(rejectIn)) {
    const key = `data.rejectApns.${apn}`;
    const ro = obj(r, key)!;
    checkKeys(ro, ['reason', 'verboseType', 'verboseReason'], key);
    if (ro.reason === undefined) throw new ScenarioError(`${key}.reason`, 'is required');
    rejectApns[apn] = {
      reason: num(ro.reason, `${key}.reason`, 0, 0, 0xffff),
      verboseType: ro.verboseType === undefined ? undefined : num(ro.verboseType, `${key}.verboseType`, 0, 0, 0xffff),
      verboseReason: ro.verboseReason === undefined ? undefined : num(ro.verboseReason, `${key}.verboseReason`, 0, -32768, 32767),
    };
  }

  let garbage: ResolvedScenario['garbage'];
  const g = obj(s.garbage, 'garbage');
  if (g) {
    checkKeys(g, ['everyNthFrame', 'bytes'], 'garbage');
    const hex = str(g.bytes, 'garbage.bytes', '', /^([0-9a-fA-F]{2})+$/);
    if (!hex) throw new ScenarioError('garbage.bytes', 'is required (hex string)');
    garbage = { everyNthFrame: num(g.everyNthFrame, 'garbage.everyNthFrame', 1, 1), bytes: Buffer.from(hex, 'hex') };
  }

  return {
    latencyMs: num(s.latencyMs, 'latencyMs', d.latencyMs, 0, 600_000),
    identity: {
      manufacturer: str(id.manufacturer, 'identity.manufacturer', d.identity.manufacturer),
      model: str(id.model, 'identity.model', d.identity.model),
      revision: str(id.revision, 'identity.revision', d.identity.revision),
      imei: str(id.imei, 'identity.imei', d.identity.imei, /^\d{14,16}$/),
      iccid: str(id.iccid, 'identity.iccid', d.identity.iccid, /^\d{18,20}[0-9Ff]?$/),
      imsi: str(id.imsi, 'identity.imsi', d.identity.imsi, /^\d{6,15}$/),
      msisdn: str(id.msisdn, 'identity.msisdn', d.identity.msisdn, /^\+?\d{0,15}$/),
      meid: str(id.meid, 'identity.meid', d.identity.meid, /^([0-9A-Fa-f]{14})?$/),
      mncLength: mncLengthOf(id.mncLength, d.identity.mncLength),
      dmsImsi: bool(id.dmsImsi, 'identity.dmsImsi', d.identity.dmsImsi),
      spn: str(id.spn, 'identity.spn', d.identity.spn, /^[A-Za-z0-9 .&'+-]{0,16}$/),
    },
    sim: {
      state: oneOf(sim.state, 'sim.state', d.sim.state, ['ready', 'pin', 'puk', 'absent'] as const),
      pin: str(sim.pin, 'sim.pin', d.sim.pin, /^\d{4,8}$/),
      puk: str(sim.puk, 'sim.puk', d.sim.puk, /^\d{8}$/),
      pinRetries: num(sim.pinRetries, 'sim.pinRetries', d.sim.pinRetries, 0, 255),
      pukRetries: num(sim.pukRetries, 'sim.pukRetries', d.sim.pukRetries, 0, 255),
      initDelayMs: num(sim.initDelayMs, 'sim.initDelayMs', d.sim.initDelayMs, 0, 3_600_000),
      verifyErrors: [...((sim.verifyErrors as number[] | undefined) ?? d.sim.verifyErrors)],
      uimVerifyPin: bool(sim.uimVerifyPin, 'sim.uimVerifyPin', d.sim.uimVerifyPin),
    },
    registration: {
      delayMs: num(reg.delayMs, 'registration.delayMs', d.registration.delayMs, 0, 3_600_000),
      never: bool(reg.never, 'registration.never', d.registration.never),
      // A scenario radio.reject is a network that refuses registration.
      denied: bool(reg.denied, 'registration.denied', d.registration.denied || radio.reject !== undefined),
      lossKeepsCalls: bool(reg.lossKeepsCalls, 'registration.lossKeepsCalls', d.registration.lossKeepsCalls),
      psAttach: oneOf(reg.psAttach, 'registration.psAttach', d.registration.psAttach, ['attached', 'detached', 'unknown'] as const),
      roaming, mcc, mnc, operator, home,
      mncDigits: num(reg.mncDigits, 'registration.mncDigits', mnc > 99 ? 3 : d.registration.mncDigits, 2, 3) as 2 | 3,
      rat: oneOf(reg.rat, 'registration.rat', d.registration.rat, ['gsm', 'umts', 'lte', 'nr5g'] as const),
      lac: num(reg.lac, 'registration.lac', d.registration.lac, 0, 0xffff),
      cellId: num(reg.cellId, 'registration.cellId', d.registration.cellId, 0, 0xffffffff),
      tac: num(reg.tac, 'registration.tac', d.registration.tac, 0, 0xffff),
    },
    signal: {
      rssi: num(sig.rssi, 'signal.rssi', d.signal.rssi, -128, 0),
      rsrq: num(sig.rsrq, 'signal.rsrq', d.signal.rsrq, -128, 127),
      rsrp: num(sig.rsrp, 'signal.rsrp', d.signal.rsrp, -200, 0),
      snr: num(sig.snr, 'signal.snr', d.signal.snr, -30, 50, false),
      indicationsNeedConfig: bool(sig.indicationsNeedConfig, 'signal.indicationsNeedConfig', d.signal.indicationsNeedConfig),
    },
    selection: {
      modePreference: num(sel.modePreference, 'selection.modePreference', d.selection.modePreference, 1, 0xffff),
      roamingPreference: num(sel.roamingPreference, 'selection.roamingPreference', d.selection.roamingPreference, 1, 0xffff),
    },
    profile: { apn: str(prof.apn, 'profile.apn', d.profile.apn), pdpType: oneOf(prof.pdpType, 'profile.pdpType', d.profile.pdpType, ['ipv4', 'ipv6', 'ipv4v6'] as const) },
    data: {
      rejectApns,
      acceptApns: acceptApns(data.acceptApns),
      singlePdn: bool(data.singlePdn, 'data.singlePdn', d.data.singlePdn),
      dropAfterMs: data.dropAfterMs === undefined ? undefined : num(data.dropAfterMs, 'data.dropAfterMs', 0, 0),
      ipv4: ipSettings(data.ipv4, 'data.ipv4', d.data.ipv4, 4),
      ipv6: data.ipv6 === null ? undefined : ipSettings(data.ipv6, 'data.ipv6', d.data.ipv6!, 6),
      mtu: num(data.mtu, 'data.mtu', d.data.mtu, 0, 0xffffffff),
    },
    ...formats(s.dataFormats, s.dataFormat, d),
    operatingMode: oneOf(s.operatingMode, 'operatingMode', d.operatingMode, ['online', 'low-power', 'offline'] as const),
    resetNeedsOffline: bool(s.resetNeedsOffline, 'resetNeedsOffline', d.resetNeedsOffline),
    wda: bool(s.wda, 'wda', d.wda),
    delivery: {
      mode: oneOf(del.mode, 'delivery.mode', d.delivery.mode, ['whole', 'split', 'coalesced'] as const),
      splitGapMs: num(del.splitGapMs, 'delivery.splitGapMs', d.delivery.splitGapMs, 0, 10_000),
      gapMs: num(del.gapMs, 'delivery.gapMs', d.delivery.gapMs, 0, 10_000),
    },
    garbage,
    unresponsive: bool(s.unresponsive, 'unresponsive', d.unresponsive),
    silentForMs: num(s.silentForMs, 'silentForMs', d.silentForMs, 0, 600_000),
    mbim: resolveMbimKnobs(s.mbim, (key, reason) => new ScenarioError(key, reason)),
    hostile: {
      allocateCid: hostileCids(s.hostile), truncateTlv: hostileTruncations(s.hostile),
      strayCtlReplies: num(obj(s.hostile, 'hostile')?.strayCtlReplies, 'hostile.strayCtlReplies', 0, 0, 1000),
    },
    sms: resolveSmsScenario(s.sms, (key, reason) => { throw new ScenarioError(key, reason); }),
    fccLock: resolveFccLock(s.fccLock),
    usbComposition: resolveUsbComposition(s.usbComposition),
    radio,
  };
}
