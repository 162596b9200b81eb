// Simulator handlers for the NAS radio picture: Get System Info, Get Cell Location Info, Get RF Band
// Information, Get LTE Cphy CA Info, Get Network Time, and the Network Time / Network Reject
// indications. Values from the model's registration and scenario `radio` (radio-scenario.ts).
import { RadioInterface } from '../../qmi/services/nas';
import {
  GetCellLocationInfo, GetLteCphyCaInfo, GetNetworkTime, GetRfBandInformation, GetSystemInfo, NetworkReject, NetworkTime, ScellState, ServiceDomain, ServiceStatus,
} from '../../qmi/services/nas-radio';
import type { IndicationOf, ResponseOf } from '../../qmi/message';
import { lteActiveBand, lteDlBandwidth, nrActiveBand, nrDlBandwidth } from '../../modem/qmi-radio-enums';
import type { ModemModel } from '../model';
import { Route, route, SimError } from './context';

type SystemInfoValues = ResponseOf<typeof GetSystemInfo> & IndicationOf<typeof GetSystemInfo>;
type SysInfo = NonNullable<SystemInfoValues['lteSystemInfo']>;

const DOMAIN = { cs: ServiceDomain.cs, ps: ServiceDomain.ps, 'cs-ps': ServiceDomain.csPs } as const;

function mncText(model: ModemModel): string { const r = model.registration; return String(r.mnc).padStart(r.mncDigits, '0'); }

/** PLMN as 3 BCD bytes, 3GPP TS 24.008 §10.5.1.13 (MNC digit 3 = 0xF for 2-digit MNCs). */
export function bcdPlmn(mcc: number, mnc: number, mncDigits: 2 | 3): number[] {
  const c = String(mcc).padStart(3, '0').split('').map(Number);
  const n = String(mnc).padStart(mncDigits, '0').split('').map(Number);
  return [(c[1] << 4) | c[0], ((mncDigits === 3 ? n[2] : 0xf) << 4) | c[2], (n[1] << 4) | n[0]];
}

function sysInfo(model: ModemModel, over: Partial<SysInfo>): SysInfo {
  const r = model.registration;
  return {
    domainValid: true, domain: ServiceDomain.csPs, serviceCapabilityValid: true, serviceCapability: ServiceDomain.csPs,
    roamingStatusValid: true, roamingStatus: r.roaming ? 1 : 0, forbiddenValid: true, forbidden: false,
    lacValid: r.lac !== 0xfffe, lac: r.lac, cidValid: true, cid: r.cellId,
    registrationRejectInfoValid: false, registrationRejectDomain: 0, registrationRejectCause: 0,
    networkIdValid: true, mcc: String(r.mcc).padStart(3, '0'), mnc: mncText(model), tacValid: true, tac: r.tac,
    ...over,
  };
}

const NONE = { serviceStatus: ServiceStatus.none, trueServiceStatus: ServiceStatus.none, preferredDataPath: false };
const AVAILABLE = { serviceStatus: ServiceStatus.available, trueServiceStatus: ServiceStatus.available, preferredDataPath: true };

/** System Info values (response and indication share names): per RAT service status, the 3GPP system info, the reject cause when denied. */
export function systemInfoValues(model: ModemModel): SystemInfoValues {
  const r = model.registration;
  const radio = model.scenario.radio;
  const out: SystemInfoValues = {};
  if (radio.simReject !== undefined) out.simRejectInfo = radio.simReject;
  if (r.state === 'denied') {
    const rej = radio.reject ?? { cause: 0, domain: 'cs-ps' as const };
    out.lteServiceStatus = { serviceStatus: ServiceStatus.limited, trueServiceStatus: ServiceStatus.limited, preferredDataPath: false };
    out.lteSystemInfo = sysInfo(model, {
      domain: ServiceDomain.camped, registrationRejectInfoValid: rej.cause !== 0, registrationRejectDomain: DOMAIN[rej.domain], registrationRejectCause: rej.cause, lacValid: false, cidValid: false,
    });
    return out;
  }
  if (r.state !== 'registered') { out.lteServiceStatus = NONE; return out; }
  if (r.rat === 'gsm') { out.gsmServiceStatus = AVAILABLE; return out; }
  if (r.rat === 'umts') { out.wcdmaServiceStatus = AVAILABLE; return out; }
  const nr = radio.nr5g;
  if (nr?.mode === 'sa') {
    out.lteServiceStatus = NONE;
    out.nr5gServiceStatus = AVAILABLE;
    out.nr5gSystemInfo = sysInfo(model, { cid: nr.cellId % 2 ** 32, tac: nr.tac & 0xffff, lacValid: false });
    out.nr5gTrackingAreaCode = [(nr.tac >> 16) & 0xff, (nr.tac >> 8) & 0xff, nr.tac & 0xff];
    return out;
  }
  out.lteServiceStatus = AVAILABLE;
  out.lteSystemInfo = sysInfo(model, {});
  out.eutraWithNr5gAvailability = nr !== undefined;
  return out;
}

const tenth = (v: number) => Math.round(v * 10);

/** Cell Location Info values: the LTE serving cell with intra-/inter-frequency neighbours, the NR5G cell; empty when not camped. */
export function cellLocationValues(model: ModemModel): ResponseOf<typeof GetCellLocationInfo> {
  const r = model.registration;
  const radio = model.scenario.radio;
  const s = model.signal;
  if (r.state !== 'registered' || !s || (r.rat !== 'lte' && r.rat !== 'nr5g')) return {};
  const plmn = bcdPlmn(r.mcc, r.mnc, r.mncDigits);
  const out: ResponseOf<typeof GetCellLocationInfo> = {};
  const nr = radio.nr5g;
  if (nr?.mode !== 'sa') {
    const cell = (pci: number, x: { rsrp: number; rsrq: number; rssi: number }) => ({ physicalCellId: pci, rsrq: tenth(x.rsrq), rsrp: tenth(x.rsrp), rssi: tenth(x.rssi), cellSelectionRxLevel: 0 });
    const intra = radio.neighbours.filter((nb) => nb.earfcn === radio.earfcn);
    out.intrafrequencyLteInfo = {
      ueInIdle: false, plmn, trackingAreaCode: r.tac, globalCellId: r.cellId, earfcn: radio.earfcn, servingCellId: radio.pci,
      cellReselectionPriority: 0, sNonIntraSearchThreshold: 0, servingCellLowThreshold: 0, sIntraSearchThreshold: 0,
      cells: [cell(radio.pci, s), ...intra.map((nb) => cell(nb.pci, nb))],
    };
    const freqs = [...new Set(radio.neighbours.filter((nb) => nb.earfcn !== radio.earfcn).map((nb) => nb.earfcn))];
    if (freqs.length) {
      out.interfrequencyLteInfo = {
        ueInIdle: false,
        frequencies: freqs.map((f) => ({ earfcn: f, cellSelectionRxLevelLowThreshold: 0, cellSelectionRxLevelHighThreshold: 0, cellReselectionPriority: 0, cells: radio.neighbours.filter((nb) => nb.earfcn === f).map((nb) => cell(nb.pci, nb)) })),
      };
    }
  }
  if (nr) {
    out.nr5gArfcn = nr.arfcn;
    out.nr5gCellInformation = {
      plmn, trackingAreaCode: [(nr.tac >> 16) & 0xff, (nr.tac >> 8) & 0xff, nr.tac & 0xff], globalCellId: BigInt(nr.cellId),
      physicalCellId: nr.pci, rsrq: tenth(nr.rsrq), rsrp: tenth(nr.rsrp), snr: tenth(nr.snr),
    };
  }
  return out;
}

/** RF Band Information values (LTE and/or NR5G entries), or undefined when not registered on LTE/NR5G. */
export function rfBandValues(model: ModemModel): ResponseOf<typeof GetRfBandInformation> | undefined {
  const r = model.registration;
  const radio = model.scenario.radio;
  if (r.state !== 'registered' || (r.rat !== 'lte' && r.rat !== 'nr5g')) return undefined;
  const nr = radio.nr5g;
  const entries: { ri: number; band: number; channel: number; bw: number }[] = [];
  if (nr?.mode !== 'sa') entries.push({ ri: RadioInterface.lte, band: lteActiveBand(radio.band) ?? 0, channel: radio.earfcn, bw: lteDlBandwidth(radio.bandwidthMhz) });
  if (nr) entries.push({ ri: RadioInterface.nr5g, band: nrActiveBand(nr.band) ?? 0, channel: nr.arfcn, bw: nrDlBandwidth(nr.bandwidthMhz) });
  return {
    // The 16-bit list cannot carry an NR-ARFCN above 65535: its low bits, as the extended list has it whole.
    list: entries.map((e) => ({ radioInterface: e.ri, activeBandClass: e.band, activeChannel: e.channel & 0xffff })),
    extendedList: entries.map((e) => ({ radioInterface: e.ri, activeBandClass: e.band, activeChannel: e.channel })),
    bandwidthList: entries.map((e) => ({ radioInterface: e.ri, bandwidth: e.bw })),
  };
}

/** LTE Cphy CA Info values: the PCell and any SCells of scenario `radio.carriers`; undefined off LTE. */
export function caValues(model: ModemModel): ResponseOf<typeof GetLteCphyCaInfo> | undefined {
  const r = model.registration;
  const radio = model.scenario.radio;
  if (r.state !== 'registered' || (r.rat !== 'lte' && r.rat !== 'nr5g') || radio.nr5g?.mode === 'sa') return undefined;
  const pcell = { physicalCellId: radio.pci, rxChannel: radio.earfcn, dlBandwidth: lteDlBandwidth(radio.bandwidthMhz), lteBand: lteActiveBand(radio.band) ?? 0 };
  const scells = radio.carriers.map((c, i) => ({ physicalCellId: c.pci, rxChannel: c.earfcn, dlBandwidth: lteDlBandwidth(c.bandwidthMhz), lteBand: lteActiveBand(c.band) ?? 0, state: ScellState.activated, cellIndex: i + 1 }));
  return {
    dlBandwidth: pcell.dlBandwidth, pcellInfo: pcell,
    ...(scells.length ? { scellInfo: { physicalCellId: scells[0].physicalCellId, rxChannel: scells[0].rxChannel, dlBandwidth: scells[0].dlBandwidth, lteBand: scells[0].lteBand, state: scells[0].state }, scellIndex: 1, secondaryCells: scells } : {}),
  };
}

/** The network time the simulated network tells: scenario `radio.networkTime.utc` or the model clock now. */
export function networkTimeValues(model: ModemModel): IndicationOf<typeof NetworkTime> | undefined {
  const t = model.scenario.radio.networkTime;
  if (!t) return undefined;
  const d = new Date(t.utc ?? model.clock.now());
  return {
    universalTime: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), dayOfWeek: (d.getUTCDay() + 6) % 7 },
    timezoneOffset: t.offsetMinutes / 15, daylightSavingsAdjustment: t.dstHours, radioInterface: RadioInterface.lte,
  };
}

/** The Network Reject indication of scenario `radio.reject` (undefined without one). */
export function networkRejectValues(model: ModemModel): IndicationOf<typeof NetworkReject> | undefined {
  const rej = model.scenario.radio.reject;
  if (!rej) return undefined;
  const r = model.registration;
  return { radioInterface: RadioInterface.lte, serviceDomain: DOMAIN[rej.domain], rejectCause: rej.cause, plmn: { mcc: r.mcc, mnc: r.mnc, includesPcsDigit: r.mncDigits === 3 } };
}

/** NAS radio picture routes. Source: libqmi qmi-service-nas.json (via src/qmi/services/nas-radio.ts). */
export const nasRadioRoutes: Route[] = [
  route(GetSystemInfo, (_r, { model }) => ({ values: systemInfoValues(model) as ResponseOf<typeof GetSystemInfo> })),
  route(GetCellLocationInfo, (_r, { model }) => ({ values: cellLocationValues(model) })),
  route(GetRfBandInformation, (_r, { model }) => { const v = rfBandValues(model); return v ? { values: v } : { error: SimError.InformationUnavailable }; }),
  route(GetLteCphyCaInfo, (_r, { model }) => { const v = caValues(model); return v ? { values: v } : { error: SimError.InformationUnavailable }; }),
  route(GetNetworkTime, (_r, { model }) => {
    const v = model.registration.state === 'registered' ? networkTimeValues(model) : undefined;
    if (!v) return { error: SimError.InformationUnavailable };
    return { values: { time3gpp: { universalTime: v.universalTime, timezoneOffset: v.timezoneOffset!, daylightSavingsAdjustment: v.daylightSavingsAdjustment!, radioInterface: v.radioInterface! } } };
  }),
];
