// MbimModem's setOnline: Radio State on, with the FCC authentication (as QMI over MBIM) when the
// modem is FCC-locked. Source: libmbim data/mbim-service-basic-connect.json (Radio State),
// ModemManager mm-broadband-modem-mbim.c radio_state_set_up_ready (retry after the unlock).
import { MbimStatus, MbimStatusError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import type { QmiDevice } from '../qmi/device';
import { FccOutcome, fccLockedError, sendFccAuthenticationOn } from './fcc-unlock';
import type { OnlineOptions } from './modem';
import { ModemError } from './modem-errors';
import { asModemError } from './mbim-mapping';
import type { MbimDataContext } from './mbim-data';

/** What setMbimOnline needs of the MbimModem. */
export interface MbimOnlineContext extends MbimDataContext {
  /** Counts `n` modem requests made outside `call` (the FCC authentication's). */
  count(n: number): void;
  /** The QMI-over-MBIM device, undefined when the modem does not tunnel QMI. */
  qmiOverMbim(): QmiDevice | undefined;
  /** Does the modem tunnel QMI (only for the error's words). */
  hasQmi: boolean;
  /** Receives the FCC unlock attempt's outcome as soon as it is known (before a still-locked error is thrown). */
  onFcc(f: FccOutcome): void;
}

/**
 * Radio State query, then set on when the software switch is off. Hardware switch off →
 * NETWORK_REGISTRATION_FAILED. FCC lock (the set answered OperationNotAllowed, or the software
 * switch still off with the hardware one on; ModemManager mm-broadband-modem-mbim.c
 * radio_state_set_up_ready retries after the unlock for both): the FCC authentication
 * `o.fccAuth` allows goes as QMI over MBIM (fcc-unlock.ts), then the set again; still locked →
 * NETWORK_REGISTRATION_FAILED `fcc-locked`.
 */
export async function setMbimOnline(x: MbimOnlineContext, o: OnlineOptions): Promise<void> {
  const on = () => x.call(() => x.device.command(bc.RadioState, 'set', { radioState: bc.MbimRadioSwitchState.on }, o)).then(
    (r) => ({ r, locked: r.hwRadioState === bc.MbimRadioSwitchState.on && r.swRadioState !== bc.MbimRadioSwitchState.on }),
    (e) => { if (e instanceof MbimStatusError && e.code === MbimStatus.OperationNotAllowed) return { r: undefined, locked: true }; throw e; });
  try {
    let r = await x.call(() => x.device.command(bc.RadioState, 'query', {}, o));
    if (r.swRadioState !== bc.MbimRadioSwitchState.on) {
      let a = await on();
      if (a.locked) {
        const cfg = o.fccAuth ?? { mode: 'auto' };
        const fcc = await sendFccAuthenticationOn(x.qmiOverMbim(), cfg, x.log, o, () => { x.count(1); });
        x.onFcc(fcc);
        if (fcc.result !== 'unlocked') throw fccLockedError(cfg, fcc, x.hasQmi ? 'Radio State set on refused' : 'Radio State set on refused, and the modem has no QMI over MBIM');
        a = await on();
        if (a.locked) throw fccLockedError(cfg, fcc, 'Radio State still off after the FCC authentication');
      }
      r = a.r ?? r;
    }
    if (r.hwRadioState === bc.MbimRadioSwitchState.off) throw new ModemError('NETWORK_REGISTRATION_FAILED', 'radio switched off by the hardware switch (W_DISABLE)', ['radio-off']);
  } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'set radio on'); }
}
