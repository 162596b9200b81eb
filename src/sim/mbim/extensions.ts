// Simulator handlers for MS Basic Connect Extensions (3d01dcc5-…) and the MBIMEx 2.0 Register State, beside Basic Connect.
import { MbimStatus } from '../../mbim/errors';
import { MbimDataClass, RegisterState } from '../../mbim/services/basic-connect';
import { MBIMEX_VERSION_2_0, MBIM_VERSION_1_0, RegisterStateV2, Version } from '../../mbim/services/ms-basic-connect-extensions';
import { encodeReply } from '../../mbim/cid';
import { MBIMEX_VERSION_3_0 } from '../../mbim/services/ms-basic-connect-ext-v3';
import type { ModemModel } from '../model';
import type { ResolvedScenario } from '../scenario';
import { registrationValues } from './basic-connect';
import { MbimRoute, MbimState, mbimRoute } from './context';

/** MS Basic Connect Extensions CIDs the simulator answers (listed in Device Services when `mbim.mbimex` is 2.0). */
export const MS_BCE_CIDS = [Version.cid];

/** MBIMEx version (BCD) of the scenario's function: 0x0100 for '1.0', 0x0200 for '2.0', 0x0300 for '3.0'. */
export function functionMbimex(scenario: ResolvedScenario): number {
  return scenario.mbim.mbimex === '3.0' ? MBIMEX_VERSION_3_0 : scenario.mbim.mbimex === '2.0' ? MBIMEX_VERSION_2_0 : MBIM_VERSION_1_0;
}

/** The data classes the simulated device has (Device Caps DataClass): 2G/3G/LTE, 5G when the scenario's RAT is 5G. */
export function deviceDataClass(scenario: ResolvedScenario): number {
  const D = MbimDataClass;
  return D.gprs | D.edge | D.umts | D.hsdpa | D.hsupa | D.lte | (scenario.registration.rat === 'nr5g' ? D['5gNsa'] | D['5gSa'] : 0);
}

/**
 * Register State values as the function answers them: the MBIM 1.0 layout, or (once the host
 * agreed to MBIMEx 2.0) the 2.0 one with PreferredDataClasses — the data classes of the last
 * Register State set, or every class the device has (libmbim mbim-service-ms-basic-connect-v2.json).
 */
export function registerStateBuffer(model: ModemModel, state: MbimState): Uint8Array {
  const v = registrationValues(model, state.preferredDataClasses);
  if (state.mbimex < MBIMEX_VERSION_2_0) return encodeReply(RegisterState, 'response', v);
  return encodeReply(RegisterStateV2, 'response', { ...v, preferredDataClasses: state.preferredDataClasses || deviceDataClass(model.scenario) });
}

/**
 * Version (CID 15, query): a 2.0 or 3.0 function agrees to the lower of its version and the
 * host's, answers MBIM 1.0 and that version (libmbim takes the answer as the version in use), and
 * uses its layouts from then on (until CLOSE/OPEN); a 1.0 function does not have the CID (NoDeviceSupport).
 */
export const msBasicConnectExtensionsRoutes: MbimRoute[] = [
  mbimRoute(Version, (r, { scenario, state }) => {
    const mine = functionMbimex(scenario);
    if (mine < MBIMEX_VERSION_2_0) return { status: MbimStatus.NoDeviceSupport };
    state.mbimex = Math.min(mine, r.mbimExtendedVersion as number);
    return { status: 0, values: { mbimVersion: MBIM_VERSION_1_0, mbimExtendedVersion: state.mbimex >= MBIMEX_VERSION_2_0 ? state.mbimex : mine } };
  }),
];
