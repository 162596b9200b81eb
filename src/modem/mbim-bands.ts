// `lte_band`/`nr5g_band` on MBIM modems: QMI NAS over the MBIM QMI service, since Basic Connect has no band CID.
import type { Logger } from '../log';
import type { QmiClient, QmiDevice } from '../qmi/device';
import { SetSystemSelectionPreference } from '../qmi/services/nas';
import type { CallOptions, RadioPreferences } from './modem';
import { BandState, readBandChanges } from './qmi-bands';

/**
 * Writes the band preference of `p` as QMI NAS Set System Selection Preference over QMI-over-MBIM
 * (libmbim mbim-service-qmi.json; `q` from MbimModem.qmiOverMbim), only the TLVs that differ from
 * the modem's (qmi-bands.ts). `nas.client` caches the NAS client between calls (the caller
 * releases it). Without QMI over MBIM (`q` undefined) nothing is sent and a warning says so.
 * Never throws: a failure is logged and registration goes on with the modem's own bands.
 * `count` is called per request sent. Resolves with the band preference now on the modem
 * (undefined when it is not known).
 */
export async function applyBandsOverMbim(q: QmiDevice | undefined, nas: { client?: QmiClient }, p: RadioPreferences, log: Logger, count: () => void, o: CallOptions = {}): Promise<BandState | undefined> {
  if (!q) { log.warn('lte_band/nr5g_band: the modem offers no QMI over MBIM; its band setting stays'); return undefined; }
  const ro = { signal: o.signal, timeoutMs: 5000 };
  try {
    if (!nas.client) { count(); nas.client = await q.client('nas', ro); }
    const { tlvs, after } = await readBandChanges(nas.client, p, log, count, ro);
    if (Object.keys(tlvs).length === 0) return after;
    count();
    await nas.client.request(SetSystemSelectionPreference, { changeDuration: 1, ...tlvs }, ro);
    return after;
  } catch (e) { log.warn(`band preference over QMI-over-MBIM not applied: ${(e as Error).message}`); return undefined; }
}
