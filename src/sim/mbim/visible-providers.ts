// Simulator handler for MBIM Basic Connect Visible Providers (CID 8): the scan of src/sim/radio.ts over MBIM.
import { MbimCellularClass, MbimProviderState } from '../../mbim/services/basic-connect-enums';
import { VisibleProviders } from '../../mbim/services/visible-providers';
import type { ScanNetworkScenario } from '../bands-scan-scenario';
import { scanNetworks, startScan } from '../qmi/nas-bands-scan';
import { MbimRoute, mbimRoute } from './context';

/** MbimStatus Failure (libmbim mbim-errors.h): an aborted scan. */
const FAILURE = 2;

const STATE_BITS: Record<ScanNetworkScenario['status'], number> = {
  current: MbimProviderState.registered | MbimProviderState.visible,
  available: MbimProviderState.visible,
  forbidden: MbimProviderState.visible | MbimProviderState.forbidden,
};

/** Visible Providers query: the same networks, delay and effect on a live call as QMI's Network Scan (radio.scan). */
export const visibleProvidersRoute: MbimRoute = mbimRoute(VisibleProviders, (_r, { model }) => {
  const delayMs = startScan(model);
  if (model.radio.scenario.scan.result === 'abort') return { status: FAILURE, delayMs };
  const providers = scanNetworks(model).map((n) => ({
    providerId: `${String(n.mcc).padStart(3, '0')}${String(n.mnc).padStart(n.mncDigits ?? 2, '0')}`,
    providerState: STATE_BITS[n.status], providerName: n.operator, cellularClass: MbimCellularClass.gsm, rssi: 99, errorRate: 99,
  }));
  return { status: 0, delayMs, values: { providers } };
});
