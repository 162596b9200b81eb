// Simulator handlers for UIM (0x0B): card status, event registration, PIN verification.
import { ValueOf } from '../../qmi/codec';
import { ApplicationState, CardState, GetCardStatus, PinState, RegisterEvents, UnblockPin, VerifyPin, cardStatus } from '../../qmi/services/uim';
import type { SimView } from '../model';
import { Route, route, SimError } from './context';
import { pinError } from './dms';

/** A USIM application id (ETSI TS 101 220: RID a000000087, app code 1002). */
const USIM_AID = [...Buffer.from('a0000000871002ff49ff0589', 'hex')];
const NO_SESSION = 0xffff;

const APP_STATE = { ready: ApplicationState.ready, pin: ApplicationState.pin1OrUpinRequired, puk: ApplicationState.puk1OrPukRequired, blocked: ApplicationState.pin1Blocked } as const;

/** The card status TLV value for a SIM (libqmi qmi-service-uim.json layout): one card, one USIM app, or an absent card. */
export function cardStatusValue(sim: SimView, pinEnabled: boolean): ValueOf<typeof cardStatus> {
  if (sim.state === 'absent') {
    return {
      indexGwPrimary: NO_SESSION, index1xPrimary: NO_SESSION, indexGwSecondary: NO_SESSION, index1xSecondary: NO_SESSION,
      cards: [{ cardState: CardState.absent, upinState: 0, upinRetries: 0, upukRetries: 0, errorCode: 0, applications: [] }],
    };
  }
  const pin1State = sim.state === 'pin' ? PinState.enabledNotVerified
    : sim.state === 'puk' ? PinState.blocked
      : sim.state === 'blocked' ? PinState.permanentlyBlocked
        : pinEnabled ? PinState.enabledVerified : PinState.disabled;
  return {
    indexGwPrimary: 0x0000, index1xPrimary: NO_SESSION, indexGwSecondary: NO_SESSION, index1xSecondary: NO_SESSION,
    cards: [{
      cardState: CardState.present, upinState: PinState.notInitialized, upinRetries: 0, upukRetries: 0, errorCode: 0,
      applications: [{
        type: 2, state: sim.initializing ? ApplicationState.detected : APP_STATE[sim.state], personalizationState: sim.state === 'ready' ? 2 : 0, personalizationFeature: 0,
        personalizationRetries: 0, personalizationUnblockRetries: 0, applicationIdentifier: USIM_AID, upinReplacesPin1: false,
        pin1State, pin1Retries: sim.pinRetries, puk1Retries: sim.pukRetries, pin2State: PinState.enabledNotVerified, pin2Retries: 3, puk2Retries: 10,
      }],
    }],
  };
}

/** UIM routes. Source: libqmi qmi-service-uim.json (via src/qmi/services/uim.ts). */
export const uimRoutes: Route[] = [
  route(GetCardStatus, (_r, { model, pinEnabled }) => ({ values: { cardStatus: cardStatusValue(model.sim, pinEnabled) } })),
  route(RegisterEvents, (r, { client }) => {
    client.cardStatusInd = (r.eventMask & 0x01) !== 0;
    return { values: { eventMask: r.eventMask & 0x01 } };
  }),
  route(VerifyPin, (r, { model, scenario }) => {
    if (!scenario.sim.uimVerifyPin) return { error: SimError.InvalidQmiCommand };
    if (r.info.pinId !== 1) return { error: SimError.NotSupported };
    const busy = model.nextVerifyError();
    if (busy !== undefined) return { error: busy };
    const res = model.verifyPin(r.info.pin);
    const retriesRemaining = { verifyRetriesLeft: res.sim.pinRetries, unblockRetriesLeft: res.sim.pukRetries };
    return res.ok ? { values: { retriesRemaining } } : { error: pinError(res.error, res.sim), values: { retriesRemaining } };
  }),
  route(UnblockPin, (r, { model }) => {
    if (r.info.pinId !== 1) return { error: SimError.NotSupported };
    const res = model.unblockPin(r.info.puk, r.info.newPin);
    const retriesRemaining = { verifyRetriesLeft: res.sim.pinRetries, unblockRetriesLeft: res.sim.pukRetries };
    return res.ok ? { values: { retriesRemaining } } : { error: pinError(res.error, res.sim), values: { retriesRemaining } };
  }),
];
