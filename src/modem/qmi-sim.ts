// The SIM side of QmiModem: identity (DMS Get Manufacturer/Model/Revision/IDs, UIM Get ICCID),
// SIM state (UIM Get Card Status, DMS UIM Get PIN Status) and PIN entry (UIM / DMS UIM Verify PIN).
// Source: libqmi data/qmi-service-dms.json, data/qmi-service-uim.json; qmi.sh's PIN fallbacks.
import type { Logger } from '../log';
import type { QmiClient } from '../qmi/device';
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { dms, uim } from '../qmi/services';
import type { CallOptions, ModemIdentity, SimStatus } from './modem';
import { asModemError, simStatusFromCard, simStatusFromDmsPin } from './qmi-mapping';
import { pinErrorOf } from './qmi-pin-signal';
import { sanitizeIdentity } from './modem-strings';
import { readQmiNumbers, type QmiCall } from './qmi-subscriber';

/** The clients the SIM functions use and the counted request runner. */
export interface QmiSimContext {
  dms: QmiClient;
  /** The UIM client, when the modem offers UIM. */
  uim?: QmiClient;
  log: Logger;
  /** Runs one modem request, counted in roundTrips. */
  call: QmiCall;
}

/** DMS Get Manufacturer/Model/Revision/IDs and DMS UIM Get ICCID, IMSI/MSISDN (qmi-subscriber.ts); missing items are left out. Transport loss → ModemError NO_DEVICE. */
export async function identifyQmi(x: QmiSimContext, o: CallOptions): Promise<ModemIdentity> {
  const d = x.dms;
  const opt = <T>(p: Promise<T>) => p.catch((e) => { if (e instanceof QmiProtocolError) return undefined; throw e; });
  const [man, model, rev, ids, iccid, numbers] = await Promise.all([
    opt(x.call(() => d.request(dms.GetManufacturer, {}, o))), opt(x.call(() => d.request(dms.GetModel, {}, o))),
    opt(x.call(() => d.request(dms.GetRevision, {}, o))), opt(x.call(() => d.request(dms.GetIds, {}, o))),
    opt(x.call(() => d.request(dms.UimGetIccid, {}, o))), readQmiNumbers(d, x.call, o),
  ]).catch((e) => { throw asModemError(e, 'NO_DEVICE', 'identify'); });
  return sanitizeIdentity({
    manufacturer: man?.manufacturer, model: model?.model, revision: rev?.revision, imei: ids?.imei, iccid: iccid?.iccid,
    imsi: numbers.imsi, esn: ids?.esn && !/^0+$/.test(ids.esn) ? ids.esn : undefined, meid: ids?.meid, imeisv: ids?.imeiSoftwareVersion, msisdn: numbers.msisdn,
  });
}

/** UIM Get Card Status, or DMS UIM Get PIN Status on modems without UIM. Throws ModemError PIN_STATUS_FAILED. */
export async function qmiSimStatus(x: QmiSimContext, o: CallOptions): Promise<SimStatus> {
  try {
    if (x.uim) {
      const u = x.uim;
      const r = await x.call(() => u.request(uim.GetCardStatus, {}, o));
      if (r.cardStatus) return simStatusFromCard(r.cardStatus);
    }
    const r = await x.call(() => x.dms.request(dms.UimGetPinStatus, {}, o));
    if (!r.pin1Status) return { state: 'ready' };
    return simStatusFromDmsPin(r.pin1Status);
  } catch (e) {
    if (e instanceof QmiProtocolError && (e.code === QmiError.UimUninitialized || e.code === QmiError.DeviceNotReady)) return { state: 'initializing' };
    if (e instanceof QmiProtocolError && e.code === QmiError.NoSim) return { state: 'absent' };
    throw asModemError(e, 'PIN_STATUS_FAILED', 'SIM status');
  }
}

/**
 * UIM Verify PIN (session 6 = card slot 1 with empty AID, PIN1, as qmicli and ModemManager send
 * it); a modem without it (InvalidQmiCommand/NotSupported) gets DMS UIM Verify PIN, as qmi.sh
 * falls back from `--verify-pin1` to `--uim-verify-pin1` and back. Only IncorrectPin is a wrong
 * PIN: ModemError PIN_FAILED with retries left (`details.wrongPin` true). PinBlocked → PUK_NEEDED.
 * Any other QMI error (DeviceNotReady, UimUninitialized, Busy…) did not judge the PIN:
 * ModemError PIN_STATUS_FAILED (not permanent: retried with backoff, the ledger untouched).
 * Resolves with the SIM status after the PIN.
 */
export async function verifyQmiPin(x: QmiSimContext, pin: string, o: CallOptions): Promise<SimStatus> {
  const viaDms = () => x.call(() => x.dms.request(dms.UimVerifyPin, { info: { pinId: 1, pin } }, o));
  try {
    if (x.uim) {
      const u = x.uim;
      await x.call(() => u.request(uim.VerifyPin, { session: { sessionType: 6, applicationIdentifier: [] }, info: { pinId: 1, pin } }, o))
        .catch((e) => {
          if (e instanceof QmiProtocolError && (e.code === QmiError.InvalidQmiCommand || e.code === QmiError.NotSupported)) {
            x.log.info(`UIM Verify PIN: ${e.qmiName}; using DMS UIM Verify PIN`);
            return viaDms();
          }
          throw e;
        });
    } else {
      await viaDms();
    }
  } catch (e) {
    if (e instanceof QmiProtocolError) throw pinErrorOf(e);
    throw asModemError(e, 'PIN_STATUS_FAILED', 'verify PIN');
  }
  return qmiSimStatus(x, o);
}
