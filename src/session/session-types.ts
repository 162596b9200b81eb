// Types shared by the session state machine and its users: config subset, hooks to netifd, status snapshot.
import type { DataCounters, DataSession, IpSettings, Modem, ModemIdentity, RadioPreferences, Registration, SignalInfo, SimStatus } from '../modem/modem';
import type { NetifdErrorCode } from '../modem/modem-errors';
import type { FccAuthConfig, FccOutcome } from '../modem/fcc-unlock';
import type { NetworkTimeInfo, RadioInfo, RegistrationReject } from '../modem/radio';
import type { SessionState } from './states';
import type { ApnChoice, ApnRule } from '../apn/select';

/** What a session needs from the interface config (times in ms). Secrets: pincode, password. */
export interface SessionConfig {
  device: string;
  pdptype: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** `auto`: chosen by the SIM's MCC/MNC (src/apn/select.ts). */
  apn?: string;
  /** `list apn_by_iccid` rules, tried before `apn` (src/apn/select.ts). */
  apnByIccid?: readonly ApnRule[];
  v6apn?: string;
  auth?: 'none' | 'pap' | 'chap' | 'both';
  username?: string;
  password?: string;
  pincode?: string;
  profile?: number;
  v6profile?: number;
  radio: RadioPreferences;
  /** Registration wait before NETWORK_REGISTRATION_FAILED, ms (qmi.sh `timeout`). */
  registrationTimeoutMs: number;
  /** Wait before touching the modem, ms (qmi.sh `delay`). */
  delayMs: number;
  /** Registration loss tolerated before reconnecting, ms. */
  registrationGraceMs: number;
  /** Ask the modem to autoconnect (WDS Start Network TLV 0x33). */
  autoconnect?: boolean;
  /** Reconnect backoff floor and cap, ms (uci `reconnect_min`/`reconnect_max`). Default 1 s / 300 s. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** A connection that lasted this long resets the backoff (its drop reconnects at once), ms. Default 60 s. */
  stableMs?: number;
  /** While connected, ask the modem whether the session is still up this often (catches hangs and lost indications), ms. Default 60 s; 0 = never. */
  livenessIntervalMs?: number;
  /** How long that question may take before the modem counts as hung, ms. Default 10 s. */
  livenessTimeoutMs?: number;
  /** Slow probe of the device path while it is gone (fallback to hotplug), first delay ms; doubles to 8×. Default 5 s. */
  deviceProbeMs?: number;
  /** FCC unlock (uci `fcc_auth`, `fcc_auth_magic`; secret: the magic). Default `auto`. */
  fccAuth?: FccAuthConfig;
}

/** How the session reports to netifd; the daemon implements it (src/netifd). All may reject; errors are logged. */
export interface SessionHooks {
  /** Data sessions are up: report the link and its addressing. */
  linkUp(sessions: DataSession[], modem: Modem): Promise<void>;
  /** The link is lost (reconnecting or going down). */
  linkDown(reason: string): Promise<void>;
  /** An error to show in netifd's interface status; `permanent` blocks restarts. */
  error(code: NetifdErrorCode, message: string, data: string[], permanent: boolean): Promise<void>;
  /** Any state change (for the `qmi4g.state` event). */
  stateChanged(snapshot: SessionSnapshot): void;
  /** The modem's network device, once link-up found it (the watchdog probes through it). */
  readonly networkDevice?: string;
  /**
   * A running connection was taken over (adoption): netifd already has the link up, so nothing
   * is sent — the hooks only remember it (for later re-reports). `ifname` is what was saved.
   */
  resume?(sessions: DataSession[], modem: Modem, ifname?: string): void;
  /** The control port vanished (false) or came back (true): netifd's proto_set_available. */
  available?(up: boolean): Promise<void>;
}

/** The last error a session hit. `at` is epoch ms. */
export interface SessionError { code: NetifdErrorCode; message: string; data: string[]; permanent: boolean; at: number }

/** What `status` shows for one interface. Times are epoch ms. */
export interface SessionSnapshot {
  interface: string;
  device: string;
  protocol?: 'qmi' | 'mbim';
  state: SessionState;
  since: number;
  reason: string;
  lastError?: SessionError;
  modem?: ModemIdentity;
  sim?: SimStatus;
  registration?: Registration;
  signal?: SignalInfo;
  ipv4?: IpSettings;
  ipv6?: IpSettings;
  apn?: string;
  /** Which rule chose the APN (apn_by_iccid[N], apn, auto:MCCMNC) and the provider; never the table's password. */
  apnChoice?: Pick<ApnChoice, 'apn' | 'source' | 'provider'>;
  counters?: DataCounters;
  connectedSince?: number;
  reconnects: number;
  dataFormat?: '802.3' | 'raw-ip';
  roundTrips?: number;
  /** The last FCC unlock attempt (absent while the radio was never found FCC-locked). */
  fcc?: FccOutcome;
  /** The radio picture (radio-cache.ts): cell, neighbours, bands, carriers, service status, reject cause. */
  radio?: RadioInfo;
  /** The network's time (NITZ), as last told. */
  networkTime?: NetworkTimeInfo;
  /** The last registration the network refused (Network Reject indication). */
  networkReject?: RegistrationReject;
}
