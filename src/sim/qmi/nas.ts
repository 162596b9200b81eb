// Simulator handlers for NAS (0x03): serving system, home network, signal, indication registration.
import {
  GetHomeNetwork, GetServingSystem, GetSignalInfo, GetSignalStrength, GetSystemSelectionPreference, RadioInterface,
  RegisterIndications, RegistrationState, SetSystemSelectionPreference,
} from '../../qmi/services/nas';
import { ConfigSignalInfo } from '../../qmi/services/nas-signal';
import { IndicationOf, ResponseOf } from '../../qmi/message';
import type { ModemModel, ModelRegistrationState } from '../model';
import type { Rat } from '../scenario';
import { Route, route, SimError } from './context';
import { applyBandRequest, bandValues } from './nas-bands-scan';

const REG_STATE: Record<ModelRegistrationState, number> = {
  off: RegistrationState.notRegistered, searching: RegistrationState.searching, registered: RegistrationState.registered, denied: RegistrationState.denied,
};

/** NAS radio interface of a RAT (libqmi qmi-enums-nas.h). */
export const RAT_RADIO: Record<Rat, number> = { gsm: RadioInterface.gsm, umts: RadioInterface.umts, lte: RadioInterface.lte, nr5g: RadioInterface.nr5g };
/** NAS data service capability of a RAT (libqmi qmi-enums-nas.h: 9 GSM, 5 WCDMA, 0x0B LTE; 5G NSA rides LTE). */
const RAT_DATA_CAPABILITY: Record<Rat, number> = { gsm: 9, umts: 5, lte: 0x0b, nr5g: 0x0b };

/**
 * The Serving System TLV values (response and indication share field names; their TLV ids
 * differ, which the definitions carry — libqmi qmi-service-nas.json: Get Serving System and the Serving System indication).
 */
export function servingSystemValues(model: ModemModel): ResponseOf<typeof GetServingSystem> & IndicationOf<typeof GetServingSystem> {
  const r = model.registration;
  const registered = r.state === 'registered';
  const values: ResponseOf<typeof GetServingSystem> = {
    servingSystem: {
      registrationState: REG_STATE[r.state],
      csAttachState: registered ? 1 : 2,
      // QmiNasAttachState: 0 unknown, 1 attached, 2 detached.
      psAttachState: registered ? { attached: 1, detached: 2, unknown: 0 }[model.scenario.registration.psAttach] : 2,
      selectedNetwork: registered ? 2 : 0,
      radioInterfaces: registered ? [RAT_RADIO[r.rat]] : [],
    },
  };
  if (!registered) return values;
  return {
    ...values,
    roamingIndicator: r.roaming ? 0 : 1,
    dataServiceCapability: [RAT_DATA_CAPABILITY[r.rat]],
    currentPlmn: { mcc: r.mcc, mnc: r.mnc, description: r.operator },
    lac3gpp: r.lac,
    cid3gpp: r.cellId,
    ...(r.rat === 'lte' || r.rat === 'nr5g' ? { lteTac: r.tac } : {}),
    mncPcsDigitIncludeStatus: { mcc: r.mcc, mnc: r.mnc, includesPcsDigit: r.mncDigits === 3 },
  };
}

/** Signal Info values for the current RAT (dBm/dB; SNR in 0.1 dB); empty when not registered. */
export function signalInfoValues(model: ModemModel): ResponseOf<typeof GetSignalInfo> {
  const s = model.signal;
  if (!s) return {};
  const snr = Math.round(s.snr * 10);
  // The NR5G TLVs carry scenario radio.nr5g (radio-scenario.ts): the EN-DC leg beside LTE, or SA alone.
  const nr = model.scenario.radio.nr5g;
  const nrTlvs = nr ? { nr5g: { rsrp: nr.rsrp, snr: Math.round(nr.snr * 10) }, nr5gExtended: nr.rsrq } : {};
  switch (model.registration.rat) {
    case 'gsm': return { gsm: s.rssi };
    case 'umts': return { wcdma: { rssi: s.rssi, ecio: 10 } };
    case 'nr5g': if (nr?.mode === 'sa') return nrTlvs;
      return { lte: { rssi: s.rssi, rsrq: s.rsrq, rsrp: s.rsrp, snr }, ...nrTlvs };
    default: return { lte: { rssi: s.rssi, rsrq: s.rsrq, rsrp: s.rsrp, snr }, ...nrTlvs };
  }
}

/** NAS routes. Source: libqmi qmi-service-nas.json (via src/qmi/services/nas.ts). */
export const nasRoutes: Route[] = [
  route(RegisterIndications, (r, { client }) => {
    if (r.servingSystemEvents !== undefined) client.servingSystemInd = r.servingSystemEvents;
    if (r.signalInfo !== undefined) client.signalInfoInd = r.signalInfo;
    if (r.networkTime !== undefined) client.networkTimeInd = r.networkTime;
    if (r.networkReject !== undefined) client.networkRejectInd = r.networkReject.enable;
    return { values: {} };
  }),
  route(ConfigSignalInfo, (_r, { client }) => { client.signalConfigured = true; return { values: {} }; }),
  route(GetServingSystem, (_r, { model }) => ({ values: servingSystemValues(model) })),
  route(GetHomeNetwork, (_r, { model }) => {
    if (model.sim.state === 'absent') return { error: SimError.UimUninitialized };
    const h = model.home;
    return { values: { homeNetwork: { mcc: h.mcc, mnc: h.mnc, description: h.operator } } };
  }),
  route(GetSignalStrength, (r, { model }) => {
    const s = model.signal;
    if (!s) return { error: SimError.InformationUnavailable };
    const radio = RAT_RADIO[model.registration.rat];
    const mask = r.requestMask ?? 0;
    const lte = radio === RadioInterface.lte || radio === RadioInterface.nr5g;
    return {
      values: {
        signalStrength: { strength: s.rssi, radioInterface: radio },
        ...(mask & 0x01 ? { rssiList: [{ rssi: -s.rssi, radioInterface: radio }] } : {}),
        ...(mask & 0x20 && lte ? { rsrq: { rsrq: s.rsrq, radioInterface: radio } } : {}),
        ...(mask & 0x40 && lte ? { lteSnr: Math.round(s.snr * 10) } : {}),
        ...(mask & 0x80 && lte ? { lteRsrp: s.rsrp } : {}),
      },
    };
  }),
  route(GetSignalInfo, (_r, { model }) => ({ values: signalInfoValues(model) })),
  // Stored in the model (NV): a later Get, and a later owner, see what was set.
  route(SetSystemSelectionPreference, (r, { model }) => {
    if (!applyBandRequest(model, r)) return { error: SimError.InvalidArgument };
    if (r.modePreference !== undefined) model.selection.modePreference = r.modePreference;
    if (r.roamingPreference !== undefined) model.selection.roamingPreference = r.roamingPreference;
    return { values: {} };
  }),
  route(GetSystemSelectionPreference, (_r, { model }) => ({
    values: { emergencyMode: false, modePreference: model.selection.modePreference, roamingPreference: model.selection.roamingPreference, networkSelectionPreference: 0, ...bandValues(model) },
  })),
];
