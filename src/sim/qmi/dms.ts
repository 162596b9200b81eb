// Simulator handlers for DMS (0x02): identity, operating mode, legacy UIM PIN messages.
import { DmsPinStatus, GetIds, GetManufacturer, GetModel, GetOperatingMode, GetRevision, OperatingMode, SetOperatingMode, UimGetIccid, UimGetPinStatus, UimUnblockPin, UimVerifyPin } from '../../qmi/services/dms';
import type { ModelOperatingMode, SimView } from '../model';
import { HandlerContext, Route, route, SimError } from './context';

/** DMS PIN1 status for a SIM state (libqmi qmi-service-dms.json / qmi-enums-dms.h enums): a SIM that started ready has PIN1 disabled. */
export function dmsPinStatus(sim: SimView, pinEnabled: boolean): number {
  switch (sim.state) {
    case 'pin': return DmsPinStatus.enabledNotVerified;
    case 'puk': return DmsPinStatus.blocked;
    case 'blocked': return DmsPinStatus.permanentlyBlocked;
    default: return pinEnabled ? DmsPinStatus.enabledVerified : DmsPinStatus.disabled;
  }
}

const MODE_CODES: Record<ModelOperatingMode, number> = { online: OperatingMode.online, 'low-power': OperatingMode.lowPower, offline: OperatingMode.offline };

/** QMI error for a PIN operation the model refused (shared by DMS and UIM). */
export function pinError(error: 'incorrect' | 'not-allowed' | 'absent', sim: SimView): number {
  if (error === 'absent') return SimError.UimUninitialized;
  if (error === 'incorrect') return SimError.IncorrectPin;
  if (sim.state === 'blocked') return SimError.PinAlwaysBlocked;
  if (sim.state === 'puk') return SimError.PinBlocked;
  return SimError.NoEffect;
}

function verifyPin(pinId: number, pin: string, ctx: HandlerContext) {
  if (pinId !== 1) return { error: SimError.NotSupported };
  const busy = ctx.model.nextVerifyError();
  if (busy !== undefined) return { error: busy };
  const r = ctx.model.verifyPin(pin);
  const retries = { verifyRetriesLeft: r.sim.pinRetries, unblockRetriesLeft: r.sim.pukRetries };
  return r.ok ? { values: {} } : { error: pinError(r.error, r.sim), values: { pinRetriesStatus: retries } };
}

/** DMS routes. Source: libqmi qmi-service-dms.json (via src/qmi/services/dms.ts). */
export const dmsRoutes: Route[] = [
  route(GetIds, (_r, { scenario }) => ({ values: { esn: '0', imei: scenario.identity.imei, imeiSoftwareVersion: '01', ...(scenario.identity.meid ? { meid: scenario.identity.meid } : {}) } })),
  route(GetManufacturer, (_r, { scenario }) => ({ values: { manufacturer: scenario.identity.manufacturer } })),
  route(GetModel, (_r, { scenario }) => ({ values: { model: scenario.identity.model } })),
  route(GetRevision, (_r, { scenario }) => ({ values: { revision: scenario.identity.revision } })),
  route(GetOperatingMode, (_r, { model }) => ({ values: { mode: MODE_CODES[model.operatingMode], hardwareRestrictedMode: false } })),
  route(SetOperatingMode, (r, { model, scenario }) => {
    const mode = (Object.keys(MODE_CODES) as ModelOperatingMode[]).find((m) => MODE_CODES[m] === r.mode);
    if (r.mode === OperatingMode.reset) {
      if (scenario.resetNeedsOffline && model.operatingMode !== 'offline') return { error: SimError.InvalidTransition };
      model.resets++;
      model.vendor.reset();
      // After the response: an MBIM function tunnelling this QMI restarts (src/sim/mbim/responder.ts listens).
      queueMicrotask(() => model.emit('reset'));
      return { values: {} };
    }
    if (!mode) return { error: SimError.InvalidArgument };
    // An FCC-locked radio refuses online with InvalidTransition, one of the answers ModemManager takes for the lock (mm-broadband-modem-qmi.c).
    if (mode === 'online' && model.vendor.fccLocked) return { error: SimError.InvalidTransition };
    return model.setOperatingMode(mode) ? { values: {} } : { error: SimError.NoEffect };
  }),
  route(UimGetIccid, (_r, { scenario, model }) => (model.sim.state === 'absent' ? { error: SimError.UimUninitialized } : { values: { iccid: scenario.identity.iccid } })),
  route(UimGetPinStatus, (_r, { model, pinEnabled }) => {
    const sim = model.sim;
    if (sim.state === 'absent') return { error: SimError.UimUninitialized };
    return {
      values: {
        pin1Status: { status: dmsPinStatus(sim, pinEnabled), verifyRetriesLeft: sim.pinRetries, unblockRetriesLeft: sim.pukRetries },
        pin2Status: { status: DmsPinStatus.enabledNotVerified, verifyRetriesLeft: 3, unblockRetriesLeft: 10 },
      },
    };
  }),
  route(UimVerifyPin, (r, ctx) => verifyPin(r.info.pinId, r.info.pin, ctx)),
  route(UimUnblockPin, (r, { model }) => {
    if (r.info.pinId !== 1) return { error: SimError.NotSupported };
    const res = model.unblockPin(r.info.puk, r.info.newPin);
    const pinRetriesStatus = { verifyRetriesLeft: res.sim.pinRetries, unblockRetriesLeft: res.sim.pukRetries };
    return res.ok ? { values: {} } : { error: pinError(res.error, res.sim), values: { pinRetriesStatus } };
  }),
];
