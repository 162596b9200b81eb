// The radio picture over QMI: NAS Get System Info, Get Cell Location Info, Get RF Band Information,
// Get LTE Cphy CA Info and Get Signal Info (NR5G TLVs) read together and folded into one RadioInfo;
// Network Time and Network Reject indications mapped. Source: libqmi data/qmi-service-nas.json.
import type { QmiClient } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import type { IndicationOf, ResponseOf } from '../qmi/message';
import { GetSignalInfo, RadioInterface } from '../qmi/services/nas';
import { GetCellLocationInfo, GetLteCphyCaInfo, GetNetworkTime, GetRfBandInformation, GetSystemInfo, NetworkReject, NetworkTime, ServiceStatus, SystemInfo3gpp } from '../qmi/services/nas-radio';
import type { CallOptions, Rat } from './modem';
import { activeBandName, dlBandwidthMhz, rejectCauseName } from './qmi-radio-enums';
import {
  BandInUse, Carrier, MAX_CARRIERS, MAX_NEIGHBOURS, NeighbourCell, NetworkTimeInfo, Nr5gCell, RadioInfo, RegistrationReject,
  ServiceStatusName, ServingCell, SimReject, SystemMode, enodebIdOf, gnodebIdOf,
} from './radio';
import { sanitizeModemString } from './modem-strings';

/** What one radio read got: each answer, or undefined when the modem refused or lacks that message. */
export interface QmiRadioAnswers {
  systemInfo?: ResponseOf<typeof GetSystemInfo>;
  cellLocation?: ResponseOf<typeof GetCellLocationInfo>;
  rfBands?: ResponseOf<typeof GetRfBandInformation>;
  ca?: ResponseOf<typeof GetLteCphyCaInfo>;
  signalInfo?: ResponseOf<typeof GetSignalInfo>;
  networkTime?: ResponseOf<typeof GetNetworkTime>;
}

const SERVICE_STATUS: ServiceStatusName[] = ['none', 'limited', 'available', 'limited-regional', 'power-save'];
const DOMAINS = ['none', 'cs', 'ps', 'cs-ps', 'camped'] as const;
const SIM_REJECT: SimReject[] = ['sim-unavailable', 'sim-available', 'cs-invalid', 'ps-invalid', 'cs-ps-invalid'];
const SCELL_STATE = ['deconfigured', 'deactivated', 'activated'] as const;
/** Signal Info "no value" in EN-DC when the NR leg is not connected (libqmi qmicli-nas.c prints n/a). */
const NO_VALUE = -32768;

/** RAT of a QmiNasRadioInterface value. */
export function ratOfRadioInterface(v: number): Rat {
  switch (v) {
    case RadioInterface.gsm: return 'gsm';
    case RadioInterface.umts: return 'umts';
    case RadioInterface.lte: return 'lte';
    case RadioInterface.nr5g: return 'nr5g';
    case RadioInterface.tdscdma: return 'tdscdma';
    case RadioInterface.cdma1x: return 'cdma';
    case RadioInterface.cdma1xevdo: return 'evdo';
    default: return 'unknown';
  }
}

/** MCC/MNC digits of a 3-byte BCD PLMN (3GPP TS 24.008 §10.5.1.13; MNC digit 3 = 0xF for 2-digit MNCs). */
export function decodeBcdPlmn(b: number[]): { mcc: string; mnc: string } | undefined {
  if (b.length !== 3) return undefined;
  const d = (x: number) => (x <= 9 ? String(x) : '');
  const mcc = d(b[0] & 0x0f) + d(b[0] >> 4) + d(b[1] & 0x0f);
  const mnc = d(b[2] & 0x0f) + d(b[2] >> 4) + d(b[1] >> 4);
  return mcc.length === 3 && mnc.length >= 2 ? { mcc, mnc } : undefined;
}

/** 24-bit TAC of 3 big-endian bytes (NR5G). */
function tac24(b: number[] | undefined): number | undefined {
  return b && b.length === 3 ? (b[0] << 16) | (b[1] << 8) | b[2] : undefined;
}

function tenth(v: number): number { return Math.round(v) / 10; }

/** One of several parallel reads: refused or unknown messages become undefined; transport failures and timeouts throw. */
async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try { return await p; } catch (e) {
    if (e instanceof QmiProtocolError) return undefined;
    throw e;
  }
}

/**
 * Reads the six NAS messages of the radio picture in parallel on `nas` (6 round trips; Get Network
 * Time gives the time a daemon started after the NITZ indication would miss). A message
 * the modem refuses (QMI error: not supported, information unavailable…) is left out; a timeout or a
 * lost port rejects. `count` is called once per request sent (the modem's round-trip counter).
 */
export async function readQmiRadio(nas: QmiClient, o: CallOptions, count: () => void): Promise<QmiRadioAnswers> {
  const ask = <M extends Parameters<QmiClient['request']>[0]>(def: M) => { count(); return optional(nas.request(def, {} as never, o) as Promise<ResponseOf<M>>); };
  const [systemInfo, cellLocation, rfBands, ca, signalInfo, networkTime] = await Promise.all([
    ask(GetSystemInfo), ask(GetCellLocationInfo), ask(GetRfBandInformation), ask(GetLteCphyCaInfo), ask(GetSignalInfo), ask(GetNetworkTime),
  ]);
  return { systemInfo, cellLocation, rfBands, ca, signalInfo, networkTime };
}

function rejectOf(si: SystemInfo3gpp | undefined, rat: Rat): RegistrationReject | undefined {
  if (!si?.registrationRejectInfoValid || si.registrationRejectCause === 0) return undefined;
  return {
    cause: si.registrationRejectCause, causeName: rejectCauseName(si.registrationRejectCause),
    domain: DOMAINS[si.registrationRejectDomain], rat,
    ...(si.networkIdValid ? plmnStrings(si.mcc, si.mnc) : {}),
  };
}

function plmnStrings(mcc: string, mnc: string): { mcc?: string; mnc?: string } {
  const c = sanitizeModemString(mcc, 3);
  const n = sanitizeModemString(mnc, 3);
  return { ...(c && /^\d{3}$/.test(c) ? { mcc: c } : {}), ...(n && /^\d{2,3}$/.test(n) ? { mnc: n } : {}) };
}

function systemModeOf(a: QmiRadioAnswers, nrLeg: boolean): SystemMode {
  const si = a.systemInfo;
  const ok = (s: { serviceStatus: number } | undefined) => s?.serviceStatus === ServiceStatus.available || s?.serviceStatus === ServiceStatus.limited || s?.serviceStatus === ServiceStatus.limitedRegional;
  if (ok(si?.lteServiceStatus)) return nrLeg ? 'nr5g-nsa' : 'lte';
  if (ok(si?.nr5gServiceStatus)) return 'nr5g-sa';
  if (ok(si?.wcdmaServiceStatus)) return 'umts';
  if (ok(si?.gsmServiceStatus)) return 'gsm';
  return 'none';
}

function bandsOf(rf: QmiRadioAnswers['rfBands']): BandInUse[] {
  if (!rf) return [];
  const widths = new Map((rf.bandwidthList ?? []).map((b) => [b.radioInterface, dlBandwidthMhz(b.bandwidth)]));
  const list = rf.extendedList ?? rf.list ?? [];
  return list.slice(0, MAX_CARRIERS).map((b) => {
    const w = widths.get(b.radioInterface);
    return { rat: ratOfRadioInterface(b.radioInterface), band: activeBandName(b.activeBandClass), channel: b.activeChannel, ...(w !== undefined ? { bandwidthMhz: w } : {}) };
  });
}

function carriersOf(ca: QmiRadioAnswers['ca']): Carrier[] {
  if (!ca?.pcellInfo) return [];
  const p = ca.pcellInfo;
  const out: Carrier[] = [{ role: 'pcell', pci: p.physicalCellId, earfcn: p.rxChannel, band: activeBandName(p.lteBand), ...bw(p.dlBandwidth) }];
  const scells = ca.secondaryCells ?? (ca.scellInfo ? [ca.scellInfo] : []);
  for (const s of scells.slice(0, MAX_CARRIERS - 1)) {
    out.push({ role: 'scell', pci: s.physicalCellId, earfcn: s.rxChannel, band: activeBandName(s.lteBand), ...bw(s.dlBandwidth), ...(SCELL_STATE[s.state] ? { state: SCELL_STATE[s.state] } : {}) });
  }
  return out;
}

function bw(v: number): { bandwidthMhz?: number } { const m = dlBandwidthMhz(v); return m === undefined ? {} : { bandwidthMhz: m }; }

function neighboursOf(cl: QmiRadioAnswers['cellLocation']): NeighbourCell[] {
  const out: NeighbourCell[] = [];
  const intra = cl?.intrafrequencyLteInfo;
  if (intra) {
    for (const c of intra.cells) {
      if (c.physicalCellId === intra.servingCellId) continue;
      out.push({ rat: 'lte', earfcn: intra.earfcn, pci: c.physicalCellId, rsrp: tenth(c.rsrp), rsrq: tenth(c.rsrq), rssi: tenth(c.rssi), intraFrequency: true });
    }
  }
  for (const f of cl?.interfrequencyLteInfo?.frequencies ?? []) {
    for (const c of f.cells) out.push({ rat: 'lte', earfcn: f.earfcn, pci: c.physicalCellId, rsrp: tenth(c.rsrp), rsrq: tenth(c.rsrq), rssi: tenth(c.rssi), intraFrequency: false });
  }
  return out.sort((x, y) => (y.rsrp ?? -999) - (x.rsrp ?? -999)).slice(0, MAX_NEIGHBOURS);
}

function nr5gOf(a: QmiRadioAnswers, bands: BandInUse[], sa: SystemInfo3gpp | undefined): Nr5gCell | undefined {
  const cell = a.cellLocation?.nr5gCellInformation;
  const sig = a.signalInfo;
  const band = bands.find((b) => b.rat === 'nr5g');
  const out: Nr5gCell = {};
  if (cell) {
    out.pci = cell.physicalCellId;
    if (cell.rsrp !== NO_VALUE) out.rsrp = tenth(cell.rsrp);
    if (cell.rsrq !== NO_VALUE) out.rsrq = tenth(cell.rsrq);
    if (cell.snr !== NO_VALUE) out.snr = tenth(cell.snr);
    const nci = Number(cell.globalCellId);
    if (nci > 0 && nci < 2 ** 36) { out.cellId = nci; out.gnodebId = gnodebIdOf(nci); }
    const t = tac24(cell.trackingAreaCode);
    if (t !== undefined && t !== 0xffffff) out.tac = t;
  }
  if (a.cellLocation?.nr5gArfcn !== undefined) out.arfcn = a.cellLocation.nr5gArfcn;
  if (band) { out.band = band.band; out.arfcn ??= band.channel; }
  if (sig?.nr5g) {
    if (sig.nr5g.rsrp !== NO_VALUE) out.rsrp ??= sig.nr5g.rsrp;
    if (sig.nr5g.snr !== NO_VALUE) out.snr ??= tenth(sig.nr5g.snr);
  }
  if (sig?.nr5gExtended !== undefined && sig.nr5gExtended !== NO_VALUE) out.rsrq ??= sig.nr5gExtended;
  if (sa?.tacValid && out.tac === undefined) out.tac = sa.tac;
  return Object.keys(out).length ? out : undefined;
}

/**
 * Folds one read into a RadioInfo. System mode: LTE in service with an NR leg (an NR5G band in
 * use, an NR5G cell measured, or NR5G signal values) is `nr5g-nsa`; NR5G in service without LTE
 * is `nr5g-sa`. The serving cell comes from the LTE (or, in SA, NR5G) System Info, completed by
 * Cell Location Info (PCI, EARFCN) and RF Band Information (band, bandwidth).
 */
export function radioOfQmi(a: QmiRadioAnswers): RadioInfo {
  const si = a.systemInfo;
  const bands = bandsOf(a.rfBands);
  const sig = a.signalInfo?.nr5g;
  const nrLeg = bands.some((b) => b.rat === 'nr5g') || a.cellLocation?.nr5gCellInformation !== undefined || (sig !== undefined && sig.rsrp !== NO_VALUE);
  const systemMode = systemModeOf(a, nrLeg);
  const sa = systemMode === 'nr5g-sa';
  const sys = sa ? si?.nr5gSystemInfo : si?.lteSystemInfo;
  // The service status of the RAT in use; with none in use, the first RAT the modem reported on.
  const status = { 'nr5g-sa': si?.nr5gServiceStatus, 'nr5g-nsa': si?.lteServiceStatus, lte: si?.lteServiceStatus, umts: si?.wcdmaServiceStatus, gsm: si?.gsmServiceStatus, none: undefined }[systemMode]
    ?? si?.lteServiceStatus ?? si?.nr5gServiceStatus ?? si?.wcdmaServiceStatus ?? si?.gsmServiceStatus;
  const nr5g = nr5gOf(a, bands, sa ? si?.nr5gSystemInfo : undefined);
  const info: RadioInfo = { systemMode, neighbours: neighboursOf(a.cellLocation), bands, carriers: carriersOf(a.ca) };
  if (status && SERVICE_STATUS[status.serviceStatus]) info.serviceStatus = SERVICE_STATUS[status.serviceStatus];
  info.reject = rejectOf(si?.lteSystemInfo, 'lte') ?? rejectOf(si?.nr5gSystemInfo, 'nr5g');
  if (!info.reject) delete info.reject;
  if (si?.simRejectInfo !== undefined && SIM_REJECT[si.simRejectInfo]) info.simReject = SIM_REJECT[si.simRejectInfo];
  // The serving cell is told for LTE and NR5G only (GSM/UMTS cells are not read).
  const serving = systemMode === 'lte' || systemMode === 'nr5g-nsa' || sa ? servingOf(a, sys, sa, bands, nr5g) : undefined;
  if (serving) info.serving = serving;
  if (nr5g && !sa) info.nr5g = nr5g;
  const t = a.networkTime?.time3gpp;
  const time = t ? networkTimeOf(t, Date.now()) : undefined;
  if (time) info.networkTime = time;
  return info;
}

function servingOf(a: QmiRadioAnswers, sys: SystemInfo3gpp | undefined, sa: boolean, bands: BandInUse[], nr5g: Nr5gCell | undefined): ServingCell | undefined {
  const rat: Rat = sa ? 'nr5g' : 'lte';
  const intra = a.cellLocation?.intrafrequencyLteInfo;
  if (!sys && !intra && !(sa && nr5g)) return undefined;
  const c: ServingCell = { rat };
  if (sys?.networkIdValid) Object.assign(c, plmnStrings(sys.mcc, sys.mnc));
  if (sys?.tacValid) c.tac = sys.tac;
  if (sys?.lacValid && sys.lac !== 0xffff) c.lac = sys.lac;
  if (sys?.cidValid) c.cellId = sys.cid;
  if (sa) {
    if (nr5g?.cellId !== undefined) c.cellId = nr5g.cellId;
    if (c.cellId !== undefined) c.gnodebId = gnodebIdOf(c.cellId);
    if (nr5g?.pci !== undefined) c.pci = nr5g.pci;
    if (nr5g?.arfcn !== undefined) c.nrarfcn = nr5g.arfcn;
    if (nr5g?.band) c.band = nr5g.band;
    if (nr5g?.tac !== undefined) c.tac = nr5g.tac;
  } else {
    if (intra) {
      c.pci = intra.servingCellId;
      c.earfcn = intra.earfcn;
      c.tac ??= intra.trackingAreaCode;
      if (c.cellId === undefined && intra.globalCellId !== 0xffffffff) c.cellId = intra.globalCellId;
      if (c.mcc === undefined) Object.assign(c, decodeBcdPlmn(intra.plmn) ?? {});
    }
    if (c.cellId !== undefined) c.enodebId = enodebIdOf(c.cellId);
  }
  const b = bands.find((x) => x.rat === rat);
  if (b) { c.band ??= b.band; if (b.bandwidthMhz !== undefined) c.bandwidthMhz = b.bandwidthMhz; if (sa) c.nrarfcn ??= b.channel; else c.earfcn ??= b.channel; }
  return c;
}

/** Network Time indication (or Get Network Time 3GPP set) → NetworkTimeInfo; undefined for an impossible date. `now` epoch ms. */
export function networkTimeOf(v: Pick<IndicationOf<typeof NetworkTime>, 'universalTime' | 'timezoneOffset' | 'daylightSavingsAdjustment'>, now: number): NetworkTimeInfo | undefined {
  const t = v.universalTime;
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  if (!Number.isFinite(ms) || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 60) return undefined;
  const out: NetworkTimeInfo = { utc: new Date(ms).toISOString().replace('.000Z', 'Z'), at: now };
  if (v.timezoneOffset !== undefined) out.utcOffsetMinutes = v.timezoneOffset * 15;
  if (v.daylightSavingsAdjustment !== undefined && v.daylightSavingsAdjustment <= 2) out.dstHours = v.daylightSavingsAdjustment;
  return out;
}

/** Network Reject indication → RegistrationReject (`at` = now, epoch ms). */
export function networkRejectOf(v: IndicationOf<typeof NetworkReject>, now: number): RegistrationReject {
  const r: RegistrationReject = {
    cause: v.rejectCause, causeName: rejectCauseName(v.rejectCause), domain: DOMAINS[v.serviceDomain], rat: ratOfRadioInterface(v.radioInterface), at: now,
  };
  if (!r.domain) delete r.domain;
  if (v.plmn) {
    r.mcc = String(v.plmn.mcc).padStart(3, '0');
    r.mnc = String(v.plmn.mnc).padStart(v.plmn.includesPcsDigit || v.plmn.mnc > 99 ? 3 : 2, '0');
  }
  return r;
}
