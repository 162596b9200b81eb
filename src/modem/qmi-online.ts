// QmiModem's setOnline: DMS Set Operating Mode online, with the FCC authentication when the modem
// refuses it as FCC-locked. Source: libqmi data/qmi-service-dms.json (Get/Set Operating Mode),
// the FCC-locked answers as ModemManager reads them (fcc-unlock.ts isQmiFccLockAnswer).
import type { QmiClient } from '../qmi/device';
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { dms } from '../qmi/services';
import { OperatingMode } from '../qmi/services/dms';
import { FccOutcome, fccLockedError, isQmiFccLockAnswer, sendFccAuthentication } from './fcc-unlock';
import type { OnlineOptions } from './modem';
import { asModemError } from './qmi-mapping';
import type { QmiDataContext } from './qmi-data';

/** What setQmiOnline needs of the QmiModem. */
export interface QmiOnlineContext extends QmiDataContext {
  dms: QmiClient;
  /** Counts one modem request made outside `call` (the FCC authentication's). */
  count(): void;
  /** Receives the FCC unlock attempt's outcome as soon as it is known (before a still-locked error is thrown). */
  onFcc(f: FccOutcome): void;
}

/**
 * DMS Get Operating Mode, then Set Operating Mode online when needed (NoEffect = already
 * online). InvalidTransition is the FCC lock: the FCC authentication `o.fccAuth` allows is
 * sent (fcc-unlock.ts) and online asked again; still locked → NETWORK_REGISTRATION_FAILED `fcc-locked`.
 * Transport loss → ModemError NO_DEVICE.
 */
export async function setQmiOnline(x: QmiOnlineContext, o: OnlineOptions): Promise<void> {
  try {
    const r = await x.call(() => x.dms.request(dms.GetOperatingMode, {}, o));
    if (r.mode === OperatingMode.online) return;
    const online = () => x.call(() => x.dms.request(dms.SetOperatingMode, { mode: OperatingMode.online }, o)).catch((e) => {
      if (e instanceof QmiProtocolError && e.code === QmiError.NoEffect) return {};
      throw e;
    });
    await online().catch(async (e) => {
      if (!isQmiFccLockAnswer(e)) throw e;
      const cfg = o.fccAuth ?? { mode: 'auto' };
      const fcc: FccOutcome = cfg.mode === 'off' ? { result: 'locked', tried: [], at: Date.now() } : await sendFccAuthentication(x.dms, cfg, x.log, o, x.count);
      x.onFcc(fcc);
      if (fcc.result !== 'unlocked') throw fccLockedError(cfg, fcc, 'Set Operating Mode online: InvalidTransition');
      return online().catch((y) => { if (isQmiFccLockAnswer(y)) throw fccLockedError(cfg, fcc, 'still refused after the FCC authentication'); throw y; });
    });
  } catch (e) { throw asModemError(e, 'NO_DEVICE', 'set operating mode online'); }
}
