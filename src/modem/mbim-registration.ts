// MBIM registration preferences: the MBIMEx version exchange at open, and `modes`/`plmn` as one Register State set sent only when different.
import type { Logger } from '../log';
import type { MbimDevice } from '../mbim/device';
import { MbimStatusError } from '../mbim/errors';
import { basicConnect as bc, msBasicConnectExtensions as bcx } from '../mbim/services';
import { MBIMEX_VERSION_3_0 } from '../mbim/services/ms-basic-connect-ext-v3';
import { ServiceUuid } from '../mbim/uuid';
import type { CallOptions, RadioPreferences } from './modem';
import { asModemError, RegisterStateValues } from './mbim-mapping';
import { dataClassOfModes, describeDataClass } from './mbim-modes';

/** What the helpers need of their MbimModem: the device, a round-trip counter, the MBIMEx version agreed, Device Caps DataClass, the network timeout (ms). */
export interface RegisterContext {
  device: MbimDevice;
  log: Logger;
  /** MBIMEx version agreed (BCD), 0 = MBIM 1.0. */
  mbimex: number;
  /** Device Caps DataClass (MbimDataClass bits). */
  deviceDataClass: number;
  networkTimeoutMs: number;
  /** DataClass this open of the port already set (an MBIM 1.0 function cannot report it); undefined = none yet. */
  appliedDataClass?: number;
  /** Runs one modem request, counted as a round trip. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** Told the DataClass of a Register State set the modem accepted (with modes only). */
  onSet?(dataClass: number): void;
}

/**
 * At open, when Device Services lists MS Basic Connect Extensions Version (CID 15): tells the
 * function we speak MBIM 1.0 and MBIMEx 3.0 and returns the version agreed — the lower of the
 * function's answer and 3.0 (BCD; libmbim mbim-service-ms-basic-connect-extensions-v2.json:
 * Version; as mbimcli --device-open-ms-mbimex-v3 and ModemManager's "ms-mbimex" exchange). 2.0
 * layouts extend the 1.0 ones at the end, which the 1.0 decoders accept; the 3.0 ones qmi4g uses
 * are picked per command (mbim-layouts.ts, mbim-radio-query.ts). 0 when not listed, refused, or
 * older than 2.0. Throws what the request throws otherwise (a transport loss, not a refusal).
 */
export async function exchangeVersion(x: RegisterContext, services: { deviceServiceId: string; cids: number[] }[], o: CallOptions): Promise<number> {
  if (!services.some((s) => s.deviceServiceId === ServiceUuid.msBasicConnectExtensions && s.cids.includes(bcx.Version.cid))) return 0;
  try {
    const r = await x.call(() => x.device.command(bcx.Version, 'query', { mbimVersion: bcx.MBIM_VERSION_1_0, mbimExtendedVersion: MBIMEX_VERSION_3_0 }, o));
    const v = Math.min(r.mbimExtendedVersion, MBIMEX_VERSION_3_0);
    x.log.debug(`MBIMEx version ${(v >> 8).toString(16)}.${(v & 0xff).toString(16).padStart(2, '0')}`);
    const agreed = v < bcx.MBIMEX_VERSION_2_0 ? 0 : v;
    x.device.mbimexVersion = agreed;
    return agreed;
  } catch (e) {
    if (!(e instanceof MbimStatusError)) throw e;
    x.log.debug(`MS Basic Connect Extensions Version: ${e.mbimName}; MBIM 1.0`);
    return 0;
  }
}

/**
 * `modes` and `plmn` as one Register State set (libmbim mbim-service-basic-connect.json: Register
 * State, set: ProviderId, RegisterAction, DataClass): automatic for plmn '' (or unset, unless the
 * modem is in manual mode: then manual with its provider), manual with the ProviderId for a PLMN,
 * DataClass = the modes' MbimDataClass bits (mbim-modes.ts; 0 without modes). Sent only when
 * different from the Register State query: register mode and provider, and the data classes from
 * PreferredDataClasses when MBIMEx 2.0 was agreed (an MBIM 1.0 function cannot say: modes are
 * then sent once per open of the port — `appliedDataClass` — not again on each reconnect). Resolves with the latest Register State (query or
 * set answer), undefined when neither was asked. Throws ModemError PLMN_FAILED (with plmn) or
 * NETWORK_REGISTRATION_FAILED (modes only).
 */
export async function applyRegisterPreferences(x: RegisterContext, p: Pick<RadioPreferences, 'modes' | 'plmn'>, o: CallOptions): Promise<RegisterStateValues | undefined> {
  if (p.plmn === undefined && p.modes === undefined) return undefined;
  const code = p.plmn !== undefined ? 'PLMN_FAILED' : 'NETWORK_REGISTRATION_FAILED';
  const what = ['register', p.plmn === undefined ? '' : p.plmn || 'automatic', p.modes === undefined ? '' : `modes ${p.modes === 'all' ? 'all' : p.modes.join(',')}`].filter(Boolean).join(' ');
  try {
    const v2 = x.mbimex >= bcx.MBIMEX_VERSION_2_0;
    const cur = v2 ? await x.call(() => x.device.command(bcx.RegisterStateV2, 'query', {}, o)) : await x.call(() => x.device.command(bc.RegisterState, 'query', {}, o));
    const curManual = cur.registerMode === bc.MbimRegisterMode.manual;
    const manual = p.plmn === undefined ? curManual : p.plmn !== '';
    const providerId = manual ? p.plmn || cur.providerId : '';
    const plmnSame = manual ? curManual && cur.providerId === providerId : cur.registerMode === bc.MbimRegisterMode.automatic;
    const dataClass = p.modes === undefined ? 0 : dataClassOfModes(p.modes, x.deviceDataClass);
    const preferred = v2 ? (cur as { preferredDataClasses?: number }).preferredDataClasses : x.appliedDataClass;
    if (plmnSame && (p.modes === undefined || preferred === dataClass)) {
      if (p.modes !== undefined) x.log.debug(`data classes already ${describeDataClass(dataClass)}`);
      return cur;
    }
    if (p.modes !== undefined) x.log.info(`data classes ${preferred === undefined ? 'unknown (MBIM 1.0)' : describeDataClass(preferred)} → ${describeDataClass(dataClass)}`);
    const r = await x.call(() => x.device.command(bc.RegisterState, 'set', {
      providerId, registerAction: manual ? bc.MbimRegisterAction.manual : bc.MbimRegisterAction.automatic, dataClass,
    }, { signal: o.signal, timeoutMs: x.networkTimeoutMs }));
    if (p.modes !== undefined) x.onSet?.(dataClass);
    return r;
  } catch (e) { throw asModemError(e, code, what); }
}
