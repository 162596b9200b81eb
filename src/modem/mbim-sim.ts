// The SIM side of MbimModem: identity (Device Caps, Subscriber Ready Status, DMS over
// QMI-over-MBIM), the subscriber's ICCID/IMSI/EF_AD/EF_SPN, SIM state with the PIN query, and PIN
// entry. Source: libmbim data/mbim-service-basic-connect.json (Device Caps, Subscriber Ready
// Status, Pin), libqmi qmi-service-dms.json (Get Manufacturer/Model/Revision/IDs).
import type { ResponseOf } from '../mbim/cid';
import type { Logger } from '../log';
import type { MbimDevice } from '../mbim/device';
import { MbimStatus, MbimStatusError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import { querySubscriberReady } from './mbim-layouts';
import type { QmiDevice } from '../qmi/device';
import { dms } from '../qmi/services';
import type { CallOptions, ModemIdentity, SimStatus, SimSubscriber } from './modem';
import { ModemError } from './modem-errors';
import { asModemError, needsPinQuery, toSimStatus } from './mbim-mapping';
import { sanitizeIdentity } from './modem-strings';
import { readSimFilesOver, type QmiCall } from './qmi-subscriber';

/** What the modem learnt of the SIM so far (Subscriber Ready Status answers and indications, the last PIN query). */
export interface MbimSimState {
  iccid?: string;
  imsi?: string;
  msisdn?: string;
  /** PIN1 tries left at the last PIN query: a Pin set answer with fewer is a wrong PIN. */
  pinRetriesSeen?: number;
}

/** What the SIM functions need of the MbimModem. */
export interface MbimSimContext {
  device: MbimDevice;
  log: Logger;
  /** Device Caps as queried at open. */
  caps: ResponseOf<typeof bc.DeviceCaps>;
  state: MbimSimState;
  /** Runs one modem request, counted in roundTrips. */
  call: QmiCall;
  /** Counts `n` modem requests made outside `call`. */
  count(n: number): void;
  /** The QMI-over-MBIM device, undefined when the modem does not tunnel QMI. */
  qmiOverMbim(): QmiDevice | undefined;
  /** MBIMEx version agreed at open (BCD, 0 or undefined = MBIM 1.0): picks the Subscriber Ready Status layout. */
  mbimex?: number;
}

/** Keeps ICCID, IMSI and MSISDN of a Subscriber Ready Status answer or indication. */
function remember(s: MbimSimState, r: { simIccId?: string; subscriberId?: string; telephoneNumbers?: string[] }): void {
  if (r.simIccId) s.iccid = r.simIccId;
  if (r.subscriberId) s.imsi = r.subscriberId;
  if (r.telephoneNumbers?.[0]) s.msisdn = r.telephoneNumbers[0];
}

/** Device Caps (IMEI, firmware, hardware) + ICCID from Subscriber Ready Status; over QMI-over-MBIM also DMS manufacturer/model/revision/IDs. */
export async function identifyMbim(x: MbimSimContext, o: CallOptions): Promise<ModemIdentity> {
  const id: ModemIdentity = { imei: x.caps.deviceId || undefined, revision: x.caps.firmwareInfo || undefined, model: x.caps.hardwareInfo || undefined };
  const sub = x.state.iccid ? undefined : x.call(() => querySubscriberReady(x.device, x.mbimex, o)).catch(() => undefined);
  const q = x.qmiOverMbim();
  if (q) {
    const ro = { signal: o.signal, timeoutMs: 3000 };
    try {
      x.count(5);
      const c = await q.client('dms', ro);
      const opt = <T>(p: Promise<T>) => p.catch(() => undefined);
      const [man, model, rev, ids] = await Promise.all([opt(c.request(dms.GetManufacturer, {}, ro)), opt(c.request(dms.GetModel, {}, ro)),
        opt(c.request(dms.GetRevision, {}, ro)), opt(c.request(dms.GetIds, {}, ro))]);
      await c.release({ timeoutMs: 2000 }).catch(() => undefined);
      id.manufacturer = man?.manufacturer || undefined;
      id.model = model?.model || id.model;
      id.revision = rev?.revision || id.revision;
      id.imei = id.imei ?? (ids?.imei || undefined);
      id.esn = ids?.esn && !/^0+$/.test(ids.esn) ? ids.esn : undefined;
      id.meid = ids?.meid || undefined;
      id.imeisv = ids?.imeiSoftwareVersion || undefined;
    } catch (e) { x.log.debug(`identify over QMI: ${(e as Error).message}`); }
  }
  const s = await sub;
  if (s?.simIccId) x.state.iccid = s.simIccId;
  id.iccid = x.state.iccid;
  if (s?.subscriberId) x.state.imsi = s.subscriberId;
  id.imsi = x.state.imsi;
  id.msisdn = s?.telephoneNumbers?.[0] || x.state.msisdn;
  return sanitizeIdentity(id);
}

/**
 * ICCID and IMSI from Subscriber Ready Status (SimIccId, SubscriberId); the MNC length (EF_AD)
 * and service provider name (EF_SPN) over QMI-over-MBIM when the modem tunnels QMI (qmi-subscriber.ts).
 * Throws ModemError NO_DEVICE on transport loss (an MBIM status leaves the fields out).
 */
export async function readMbimSubscriber(x: MbimSimContext, o: CallOptions): Promise<SimSubscriber> {
  const r = await x.call(() => querySubscriberReady(x.device, x.mbimex, o)).catch((e) => {
    if (e instanceof MbimStatusError) return undefined;
    throw asModemError(e, 'NO_DEVICE', 'Subscriber Ready Status');
  });
  if (r) remember(x.state, r);
  const out: SimSubscriber = {};
  if (x.state.iccid) out.iccid = x.state.iccid;
  if (x.state.imsi && /^\d{6,15}$/.test(x.state.imsi)) out.imsi = x.state.imsi;
  const q = x.qmiOverMbim();
  const files = q ? await readSimFilesOver(q, x.call, { signal: o.signal, timeoutMs: 3000 }) : {};
  if (files.mncLength) out.mncLength = files.mncLength;
  if (files.spn) out.spn = files.spn;
  return out;
}

/** Subscriber Ready Status (+ PIN query when locked or not initialised). Throws ModemError PIN_STATUS_FAILED. */
export async function mbimSimStatus(x: MbimSimContext, o: CallOptions): Promise<SimStatus> {
  let readyState: number;
  try {
    const r = await x.call(() => querySubscriberReady(x.device, x.mbimex, o));
    remember(x.state, r);
    readyState = r.readyState;
  } catch (e) {
    if (!(e instanceof MbimStatusError)) throw asModemError(e, 'PIN_STATUS_FAILED', 'SIM status');
    if (e.code === MbimStatus.NotInitialized || e.code === MbimStatus.Busy) readyState = bc.MbimSubscriberReadyState.notInitialized;
    else if (e.code === MbimStatus.SimNotInserted) return { state: 'absent' };
    else if (e.code === MbimStatus.BadSim) return { state: 'error' };
    else if (e.code === MbimStatus.PinRequired) readyState = bc.MbimSubscriberReadyState.deviceLocked;
    else throw asModemError(e, 'PIN_STATUS_FAILED', 'SIM status');
  }
  if (!needsPinQuery(readyState)) return toSimStatus(readyState);
  const pin = await x.call(() => x.device.command(bc.Pin, 'query', {}, o)).catch((e) => {
    if (e instanceof MbimStatusError) return undefined;
    throw asModemError(e, 'PIN_STATUS_FAILED', 'PIN query');
  });
  const st = toSimStatus(readyState, pin);
  x.state.pinRetriesSeen = st.pinRetries;
  return st;
}

/**
 * Pin set (PIN1, enter). Only an answer whose remaining attempts went down (or turned to PUK)
 * is a wrong PIN → ModemError PIN_FAILED with the attempts left (libmbim mbim-cid-basic-connect:
 * MBIM_CID_PIN response RemainingAttempts). Busy, NotInitialized or an answer with the tries
 * unchanged did not judge the PIN → PIN_STATUS_FAILED (retried with backoff, the ledger untouched).
 * Resolves with the SIM status after the PIN.
 */
export async function verifyMbimPin(x: MbimSimContext, pin: string, o: CallOptions): Promise<SimStatus> {
  const failed = (r: { pinType?: unknown; pinState?: unknown; remainingAttempts?: unknown }, why: string) => {
    const left = typeof r.remainingAttempts === 'number' ? r.remainingAttempts : undefined;
    const puk = r.pinType === bc.MbimPinType.puk1;
    const before = x.state.pinRetriesSeen;
    const judged = puk || left === undefined || before === undefined || left < before;
    if (!judged) return new ModemError('PIN_STATUS_FAILED', `PIN not verified, the SIM did not judge it (${why}, still ${left} tries); retrying`, [why], { pinRetries: left });
    return new ModemError('PIN_FAILED', `SIM rejected the PIN (${why})${left !== undefined ? `, ${left} ${puk ? 'PUK ' : ''}tries left` : ''}`, [],
      puk ? { pinRetries: 0, pukRetries: left } : { pinRetries: left });
  };
  try {
    const r = await x.call(() => x.device.command(bc.Pin, 'set', { pinType: bc.MbimPinType.pin1, pinOperation: bc.MbimPinOperation.enter, pin }, o));
    if (r.pinState === bc.MbimPinState.locked && (r.pinType === bc.MbimPinType.pin1 || r.pinType === bc.MbimPinType.puk1)) throw failed(r, 'still locked');
  } catch (e) {
    if (e instanceof MbimStatusError && (e.code === MbimStatus.Busy || e.code === MbimStatus.NotInitialized)) {
      throw new ModemError('PIN_STATUS_FAILED', `PIN not verified, the SIM did not judge it (${e.mbimName}); retrying`, [e.mbimName]);
    }
    if (e instanceof MbimStatusError && e.code !== MbimStatus.PinDisabled) throw failed(e.response, e.mbimName);
    if (!(e instanceof MbimStatusError)) throw asModemError(e, 'PIN_FAILED', 'verify PIN');
  }
  return mbimSimStatus(x, o);
}
