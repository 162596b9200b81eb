// The protocol-agnostic Modem interface the session state machine drives; QMI and MBIM implement it.
import type { FccAuthConfig, FccOutcome } from './fcc-unlock';
import type { NetworkTimeInfo, RadioInfo, RegistrationReject } from './radio';

/**
 * What the modem says it is, and who the subscriber is (where the modem reports it). IMEI, ESN,
 * MEID, ICCID, IMSI and MSISDN are personal info: redacted in traces (libqmi personal-info).
 */
export interface ModemIdentity {
  manufacturer?: string;
  model?: string;
  revision?: string;
  imei?: string;
  iccid?: string;
  /** SIM IMSI (DMS UIM Get IMSI; MBIM Subscriber Ready Status SubscriberId). */
  imsi?: string;
  /** CDMA ESN and MEID (DMS Get IDs), IMEI software version (DMS Get IDs TLV 0x13). */
  esn?: string;
  meid?: string;
  imeisv?: string;
  /** The subscriber's phone number (DMS Get MSISDN; MBIM Subscriber Ready Status TelephoneNumbers[0]). */
  msisdn?: string;
}

/**
 * What the SIM says about the subscriber, for choosing the APN (src/apn/select.ts): ICCID, IMSI,
 * the MNC length from EF_AD (3GPP TS 31.102 §4.2.18) and the service provider name, each when the
 * modem reports it.
 */
export interface SimSubscriber {
  iccid?: string;
  imsi?: string;
  mncLength?: 2 | 3;
  /** Service provider name from EF_SPN (3GPP TS 31.102 §4.2.12). */
  spn?: string;
}

/** SIM state as a person reads it. `pin-required` comes with retries left. */
export type SimState = 'ready' | 'pin-required' | 'puk-required' | 'blocked' | 'absent' | 'initializing' | 'error';

/** SIM status: state and PIN1/PUK1 retries left (when the modem reports them). */
export interface SimStatus {
  state: SimState;
  pinRetries?: number;
  pukRetries?: number;
}

/** Radio access technology as netifd/LuCI users name it. */
export type Rat = 'gsm' | 'umts' | 'lte' | 'nr5g' | 'cdma' | 'evdo' | 'tdscdma' | 'unknown';

/** Network registration as reported by the modem. `operator` is the PLMN name, MCC/MNC as digit strings. */
export interface Registration {
  state: 'registered' | 'searching' | 'not-registered' | 'denied' | 'unknown';
  roaming: boolean;
  psAttached: boolean;
  rat: Rat;
  mcc?: string;
  mnc?: string;
  operator?: string;
  lac?: number;
  cellId?: number;
  tac?: number;
}

/** Signal quality: RSSI/RSRP in dBm, RSRQ in dB, SNR in dB; bars 0–4 (signal-bars.ts). */
export interface SignalInfo {
  rat: Rat;
  rssi?: number;
  rsrp?: number;
  rsrq?: number;
  snr?: number;
  bars: number;
}

/** IP family of one data session. */
export type IpFamily = 4 | 6;

/** What a data session needs; `auth` as qmi.sh names it. Secrets: username/password. */
export interface ConnectRequest {
  family: IpFamily;
  apn?: string;
  auth?: 'none' | 'pap' | 'chap' | 'both';
  username?: string;
  password?: string;
  /** 3GPP profile index on the modem (qmi.sh `profile` / `v6profile`). */
  profile?: number;
  /** Let the modem redial by itself (qmi.sh `autoconnect`; QMI Start Network TLV 0x33). */
  autoconnect?: boolean;
  /** The whole session's PDP type (qmi.sh/mbim.sh `pdptype`): MBIM asks IPv4 only for `ipv4`, IPv4v6 otherwise; QMI ignores it. */
  pdptype?: 'ipv4' | 'ipv6' | 'ipv4v6';
}

/** The IP settings the modem reports for a session (WDS Get Current Settings / MBIM IP Configuration). */
export interface IpSettings {
  family: IpFamily;
  address?: string;
  /** Prefix length (IPv4 netmask as prefix too). */
  prefix?: number;
  gateway?: string;
  dns: string[];
  /** MTU in bytes, when reported. */
  mtu?: number;
}

/** An established data session. `handle` identifies it to the modem (QMI packet data handle). */
export interface DataSession {
  family: IpFamily;
  handle: number;
  /** Started with autoconnect on: stopping it must turn autoconnect off too. */
  autoconnect?: boolean;
  apn?: string;
  settings: IpSettings;
}

/**
 * Data counters of the modem since the session started: bytes, packets, and packets in error,
 * lost to overflows and dropped (QMI WDS Get Packet Statistics masks; MBIM Packet Statistics
 * In/OutErrors and In/OutDiscards — MBIM has no overflow counter). Absent = not reported.
 */
export interface DataCounters {
  txBytes?: number;
  rxBytes?: number;
  txPackets?: number;
  rxPackets?: number;
  txErrors?: number;
  rxErrors?: number;
  txOverflows?: number;
  rxOverflows?: number;
  txDropped?: number;
  rxDropped?: number;
}

/** Preferences applied before registration (qmi.sh `modes`, `allow_roaming`, `plmn`). */
export interface RadioPreferences {
  modes?: Rat[] | 'all';
  allowRoaming?: boolean;
  /** MCC+MNC digits for manual selection; undefined = automatic. */
  plmn?: string;
  /** LTE bands to allow (`list lte_band`, E-UTRA band numbers); undefined = leave the modem's setting. */
  lteBands?: number[];
  /** NR5G bands to allow, SA and NSA (`list nr5g_band`, NR band numbers n1…); undefined = leave the modem's setting. */
  nr5gBands?: number[];
}

/** How a visible network stands for this SIM (QMI QmiNasNetworkStatus, MBIM MbimProviderState). */
export type ScanStatus = 'current' | 'available' | 'forbidden' | 'unknown';

/** One network a scan found (one per network and radio technology): MCC/MNC as digit strings, its name (bounded UTF-8), status, RAT. */
export interface ScanNetwork {
  mcc: string;
  mnc: string;
  operator?: string;
  status: ScanStatus;
  rat: Rat;
}

/** Things the modem tells without being asked. */
export type ModemEvent =
  | { type: 'registration'; registration: Registration }
  | { type: 'signal'; signal: SignalInfo }
  | { type: 'sim'; sim: SimStatus }
  | { type: 'session-down'; family: IpFamily; reason?: string }
  | { type: 'gone'; reason: string }
  /** The network told the time (QMI NAS Network Time indication / MBIM NITZ). */
  | { type: 'network-time'; time: NetworkTimeInfo }
  /** The network refused a registration (QMI NAS Network Reject indication). */
  | { type: 'network-reject'; reject: RegistrationReject }
  /** The modem stopped answering (consecutive request timeouts): the session's hang ladder takes over. */
  | { type: 'unresponsive'; reason: string };

/**
 * What a QMI modem's next owner needs to take it over (persisted under the daemon's state dir):
 * client ids per service (`wds4`/`wds6`: the WDS client of each family) and the data format.
 */
export interface QmiHandoff {
  protocol: 'qmi';
  path: string;
  /** Client ids per service; `wms` the SMS client (src/modem/qmi-sms.ts), reused so restarts do not leak one. */
  cids: { dms: number; nas: number; uim?: number; wda?: number; wds4?: number; wds6?: number; wms?: number };
  dataFormat: '802.3' | 'raw-ip';
}

/**
 * The same for an MBIM modem: the function stays open after our process exits (libmbim's
 * "device-in-session"), so the next owner sends no OPEN and goes on from the last transaction id.
 */
export interface MbimHandoff {
  protocol: 'mbim';
  path: string;
  /** The MBIM session carrying the data (Connect SessionId). */
  sessionId: number;
  /** Last transaction id used; the next owner continues after it. */
  tid: number;
  /** Granted IP type of the session (MbimContextIpType). */
  ipType: number;
}

/** Either protocol's handoff. */
export type ModemHandoff = QmiHandoff | MbimHandoff;

/** A modem taken over from a previous process, with its data sessions confirmed running (settings refreshed). */
export interface Adopted {
  modem: Modem;
  sessions: DataSession[];
  /** Registration read while confirming (status shows it at once). */
  registration?: Registration;
}

/** Per-call options: every modem operation can be aborted. */
export interface CallOptions { signal?: AbortSignal }

/** setOnline's options: the FCC unlock setting (uci `fcc_auth`, src/modem/fcc-unlock.ts; default `auto`). */
export interface OnlineOptions extends CallOptions { fccAuth?: FccAuthConfig }

/**
 * Whether the modem offers the hang ladder's control-protocol reset, as it said at its open, and
 * why (MBIM: the QMI-over-MBIM service, libmbim mbim-uuid.c MBIM_UUID_QMI, in Device Services).
 */
export interface ModemResetOffer { offered: boolean; reason: string }

/**
 * A modem on one control port. Methods throw ModemError (modem-errors.ts) with a netifd error
 * code where one applies; transport loss surfaces as ModemError('NO_DEVICE').
 */
export interface Modem {
  readonly protocol: 'qmi' | 'mbim';
  readonly path: string;
  /** Link-layer format of the network device: 802.3 frames or raw IP. */
  readonly dataFormat: '802.3' | 'raw-ip';
  /** Modem round trips made so far (requests answered or timed out). */
  readonly roundTrips: number;
  identify(o?: CallOptions): Promise<ModemIdentity>;
  /**
   * Reads ICCID, IMSI and the MNC length of the SIM (ready SIM). Items the modem cannot read are
   * left out; throws ModemError NO_DEVICE / MODEM_UNRESPONSIVE when the modem is gone or silent.
   */
  subscriber?(o?: CallOptions): Promise<SimSubscriber>;
  simStatus(o?: CallOptions): Promise<SimStatus>;
  /** Sends PIN1. Resolves with the new status; throws ModemError('PIN_FAILED') with retries on a wrong PIN. */
  verifyPin(pin: string, o?: CallOptions): Promise<SimStatus>;
  /**
   * Puts the radio online (no-op when already). A radio refused as FCC-locked gets the FCC
   * authentication `o.fccAuth` allows (fcc-unlock.ts) and is asked again; still locked →
   * ModemError NETWORK_REGISTRATION_FAILED with data `fcc-locked`.
   */
  setOnline(o?: OnlineOptions): Promise<void>;
  /** The last FCC unlock attempt (status `fcc`); absent while the radio was never found locked. */
  readonly fcc?: FccOutcome;
  /** Whether the modem-reset rung can be taken on it (MBIM: Device Services at open); absent = no condition (QMI DMS). */
  readonly modemResetOffer?: ModemResetOffer;
  setRadioPreferences(p: RadioPreferences, o?: CallOptions): Promise<void>;
  registration(o?: CallOptions): Promise<Registration>;
  signal(o?: CallOptions): Promise<SignalInfo>;
  /**
   * The radio picture (radio.ts): serving cell, NR5G leg, neighbours, bands, carriers, service
   * status and reject cause — several round trips (QMI: 6), so callers cache it (radio-cache.ts).
   * Absent on modems that cannot tell. Throws ModemError NO_DEVICE / MODEM_UNRESPONSIVE.
   */
  radio?(o?: CallOptions): Promise<RadioInfo>;
  /**
   * Writes APN and PDP type into the profile LTE attaches with, when they differ (QMI: 3GPP
   * profile 1, as OpenWrt qmi.sh does). Absent on modems that do not do it (MBIM for now).
   */
  setAttachProfile?(p: { apn: string; pdptype: 'ipv4' | 'ipv6' | 'ipv4v6' }, o?: CallOptions): Promise<'unchanged' | 'written' | 'unsupported'>;
  /** Starts a data session; throws ModemError('CALL_FAILED', reason) when the network refuses. */
  connect(req: ConnectRequest, o?: CallOptions): Promise<DataSession>;
  /** Stops a data session; harmless when it is already down. */
  disconnect(session: DataSession, o?: CallOptions): Promise<void>;
  /** Is a session of this family still connected on the modem? */
  isConnected(family: IpFamily, o?: CallOptions): Promise<boolean>;
  counters(o?: CallOptions): Promise<DataCounters>;
  /**
   * The band preference (band numbers) last read from or written to the modem for
   * `lte_band`/`nr5g_band`: LTE, NR5G SA, NR5G NSA (QMI NAS System Selection Preference); absent
   * until bands were configured, or where the modem cannot tell.
   */
  readonly bandPreference?: { lte?: number[]; nr5gSa?: number[]; nr5gNsa?: number[] };
  /**
   * Scans for visible networks (QMI NAS Network Scan, MBIM Visible Providers): long-running
   * (60–180 s on real modems), bounded by `timeoutMs` and the signal. May interrupt a data session
   * on real modems; callers decide whether that is allowed. Absent on modems that cannot.
   */
  scan?(o?: CallOptions & { timeoutMs?: number }): Promise<ScanNetwork[]>;
  /** Subscribes to unsolicited events; returns the unsubscribe function. */
  onEvent(listener: (e: ModemEvent) => void): () => void;
  /**
   * Releases modem resources (CIDs / MBIM CLOSE) and the port. `polite: false` = the modem is
   * hung or gone: skip what only waits for an answer (MBIM CLOSE). Never throws.
   */
  close(o?: { polite?: boolean }): Promise<void>;
  /** What a later process needs to adopt this modem's running sessions (absent: not adoptable). */
  handoff?(): ModemHandoff;
  /** Closes the port but leaves every modem resource (CIDs, MBIM session, data calls) in place, for adoption. Never throws. */
  detach?(): void;
}
